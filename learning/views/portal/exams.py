"""The worker's exam pages: the open exams, the exam, the running paper (answer and submit),
the result."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from core.privacy import personal_page
from core.web import attempt, render
from learning import selectors, services


@require_safe
def exam_list(request: HttpRequest) -> HttpResponse:
    """Exams open now; a signed-in worker also sees the attempts they have left."""
    exams = list(selectors.exams_open())
    used: dict[int, int] = {}
    if request.user.is_authenticated:
        used = selectors.attempts_used(viewer=cast(User, request.user), exams=exams)
    rows = [(exam, max(0, exam.max_attempts - used.get(exam.pk, 0))) for exam in exams]
    return render(request, "learning/exams.html", {"rows": rows})


@personal_page
@login_required
@require_http_methods(["GET", "POST"])
def exam_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = cast(User, request.user)  # login_required
    exam = selectors.exam_for(public_id=public_id)
    if request.method == "POST":
        outcome = attempt(lambda: services.attempt_start(actor=worker, exam=exam), request=request)
        if outcome.value is not None:
            return redirect("learning:attempt", public_id=outcome.value.public_id)
    context = {
        "exam": exam,
        "attempts": selectors.worker_attempts(viewer=worker, exam=exam),
        "left": services.attempts_left(exam=exam, worker=worker),
    }
    return render(request, "learning/exam.html", context)


def _save_answers(request: HttpRequest, worker: User, paper: selectors.Paper) -> bool:
    """Saves every answer in the form; False (with a message) when the server refused."""
    for shown in paper.questions:
        chosen = [int(v) for v in request.POST.getlist(f"q{shown.id}") if v.isdigit()]
        row = selectors.paper_question(attempt=paper.attempt, question_id=shown.id)
        outcome = attempt(
            lambda row=row, chosen=chosen: services.attempt_answer(  # type: ignore[misc]
                actor=worker, attempt=paper.attempt, question=row, option_ids=chosen
            ),
            request=request,
        )
        if not outcome.ok:
            return False
    return True


@personal_page
@login_required
@require_http_methods(["GET", "POST"])
def attempt_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = cast(User, request.user)
    current = selectors.attempt_for(viewer=worker, public_id=public_id)
    if current.is_submitted:
        return redirect("learning:attempt_result", public_id=current.public_id)
    paper = selectors.attempt_paper(viewer=worker, attempt=current)
    if request.method == "POST":
        _save_answers(request, worker, paper)
        attempt(
            lambda: services.attempt_submit(actor=worker, attempt=current),
            request=request,
            success=_("Your answers were submitted."),
        )
        return redirect("learning:attempt_result", public_id=current.public_id)
    return render(request, "learning/attempt.html", {"paper": paper})


@personal_page
@login_required
def attempt_result(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = cast(User, request.user)
    current = selectors.attempt_for(viewer=worker, public_id=public_id)
    if not current.is_submitted:
        return redirect("learning:attempt", public_id=current.public_id)
    result = selectors.attempt_result(viewer=worker, attempt=current)
    context = {"paper": result, "exam": current.exam}
    return render(request, "learning/attempt_result.html", context)
