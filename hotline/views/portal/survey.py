"""The satisfaction survey page: no sign-in, the one-time link from the SMS."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.web import attempt, render
from hotline import services
from hotline.forms.survey import SurveyForm


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the three questions (or why the link no longer works); POST: the answer."""
    checked = attempt(lambda: services.survey_check(token=token))
    if checked.error is not None:
        refused = checked.error
        context = {"refused": refused.message, "code": str(refused.code or "")}
        return render(request, "hotline/portal/survey.html", context, status=410)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: services.survey_answer(token=token, data=form.to_data()), form=form
        )
        if outcome.ok:
            return redirect("hotline:survey_thanks")
    return render(request, "hotline/portal/survey.html", {"form": form})


@require_safe
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "hotline/portal/survey_thanks.html", {})
