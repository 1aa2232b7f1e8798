"""The mechanism behind "invalid forms answer 400": core.web.render and the middleware."""

from __future__ import annotations

import pytest
from django import forms
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.test import RequestFactory

from core.web import InvalidFormStatusMiddleware, has_invalid_form, render


class Form(forms.Form):
    name = forms.CharField()


def test_only_a_bound_form_with_errors_counts() -> None:
    assert not has_invalid_form({"form": Form()})
    assert not has_invalid_form({"form": Form({"name": "小王"})})
    assert has_invalid_form({"form": Form({})})
    assert has_invalid_form({"formset": forms.formset_factory(Form)({"form-TOTAL_FORMS": "x"})})
    assert not has_invalid_form(None)


@pytest.mark.django_db
def test_render_answers_400_unless_told_otherwise(rf: RequestFactory) -> None:
    request = rf.post("/")
    template = "appointments/staff/cases/form.html"
    context = {"form": Form({}), "title": "t", "submit": "s"}
    assert render(request, template, context).status_code == 400
    assert render(request, template, context, status=429).status_code == 429
    assert render(request, template, {**context, "form": Form()}).status_code == 200


def test_the_middleware_marks_template_responses(rf: RequestFactory) -> None:
    request = rf.post("/")
    middleware = InvalidFormStatusMiddleware(lambda r: HttpResponse())
    invalid = TemplateResponse(request, "base.html", {"form": Form({})})
    assert middleware.process_template_response(request, invalid).status_code == 400
    valid = TemplateResponse(request, "base.html", {"form": Form({"name": "x"})})
    assert middleware.process_template_response(request, valid).status_code == 200
