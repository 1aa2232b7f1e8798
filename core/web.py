"""Portal and staff views: a page that shows a form the request got wrong answers 400.

Browsers show the page either way; clients, tests and monitors can then tell a refused
submission (or filter) from a page that worked. Function views call `render` from here
instead of `django.shortcuts.render`; class-based views and the allauth pages answer
with a TemplateResponse, which `InvalidFormStatusMiddleware` treats the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as django_render
from django.template.response import SimpleTemplateResponse

BAD_REQUEST = 400


def has_invalid_form(context: Mapping[str, Any] | None) -> bool:
    """True when the context holds a bound form or formset with errors."""
    for value in (context or {}).values():
        form_like = isinstance(value, forms.BaseForm | forms.BaseFormSet)
        if form_like and value.is_bound and not value.is_valid():
            return True
    return False


def render(
    request: HttpRequest,
    template_name: str | list[str],
    context: Mapping[str, Any] | None = None,
    status: int | None = None,
    **kwargs: Any,
) -> HttpResponse:
    """`django.shortcuts.render`, answering 400 when a form in the context is invalid."""
    if status is None and has_invalid_form(context):
        status = BAD_REQUEST
    return django_render(request, template_name, context, status=status, **kwargs)


class InvalidFormStatusMiddleware:
    """A TemplateResponse (class-based and allauth views) with an invalid form answers 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_template_response(
        self, request: HttpRequest, response: SimpleTemplateResponse
    ) -> SimpleTemplateResponse:
        if response.status_code == 200 and has_invalid_form(response.context_data):
            response.status_code = BAD_REQUEST
        return response
