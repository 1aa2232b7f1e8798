"""Staff pages of the question bank: export and import as .xlsx (centre staff only)."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from core import clock
from core.web import attempt, render, signed_in_user
from learning import selectors, services
from learning.forms.questions import QuestionImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@staff_member_required
def questions_export(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage_bank(request.user):
        raise Http404
    response = HttpResponse(services.questions_export(), content_type=XLSX)
    name = f"question-bank-{clock.today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def questions_import(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage_bank(request.user):
        raise Http404
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    report = None
    problems: list[services.Problem] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = attempt(
            lambda: services.questions_import(
                actor=signed_in_user(request), upload=upload, size=upload.size
            ),
            form=form,
        )
        report = outcome.value
        if isinstance(outcome.error, services.QuestionRowsInvalid):
            problems = outcome.error.problems
    context = {"form": form, "report": report, "problems": problems}
    return render(request, "learning/staff/questions_import.html", context)
