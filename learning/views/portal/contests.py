"""The worker's contest pages: running contests, enter (nickname), the paper, the result
with the leaderboards. Phone-first, like the exam pages whose partials they share."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from core import clock
from core.privacy import personal_page
from core.web import attempt, render
from learning import selectors, services
from learning.forms.contests import ContestEnterForm


@require_safe
def contest_list(request: HttpRequest) -> HttpResponse:
    running = list(selectors.contests_running())
    return render(request, "learning/contests/list.html", {"contests": running})


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
def contest_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = cast(User, request.user) if request.user.is_authenticated else None
    contest = selectors.contest_for(viewer=viewer, public_id=public_id)
    entry = selectors.entry_of(viewer=viewer, contest=contest)
    if entry is not None:
        target = "learning:entry_result" if entry.is_submitted else "learning:entry_paper"
        return redirect(target, public_id=entry.public_id)
    form = ContestEnterForm(request.POST or None)
    if request.method == "POST" and viewer is not None and form.is_valid():
        outcome = attempt(
            lambda: services.contest_open(
                actor=viewer,
                contest=contest,
                nickname=form.cleaned_data["nickname"],
                unit=form.cleaned_data["unit"],
            ),
            form=form,
        )
        if outcome.value is not None:
            return redirect("learning:entry_paper", public_id=outcome.value.public_id)
    context = {
        "contest": contest,
        "form": form,
        "running": services.contest_is_running(contest, clock.now_local()),
        "verified": bool(viewer is not None and viewer.phone and viewer.phone_verified),
    }
    return render(request, "learning/contests/detail.html", context)


def _answers(request: HttpRequest, paper: selectors.EntryPaper) -> dict[int, list[int]]:
    return {
        shown.id: [int(v) for v in request.POST.getlist(f"q{shown.id}") if v.isdigit()]
        for shown in paper.questions
    }


@personal_page
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_paper(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = cast(User, request.user)  # login_required
    entry = selectors.entry_for(viewer=worker, public_id=public_id)
    if entry.is_submitted:
        return redirect("learning:entry_result", public_id=entry.public_id)
    paper = selectors.entry_paper(viewer=worker, entry=entry)
    if request.method == "POST":
        attempt(
            lambda: services.contest_entry_submit(
                actor=worker, entry=entry, answers=_answers(request, paper)
            ),
            request=request,
            success=_("Your answers were submitted."),
        )
        return redirect("learning:entry_result", public_id=entry.public_id)
    time_up = clock.now_local() > entry.deadline + services.GRACE
    return render(request, "learning/contests/paper.html", {"paper": paper, "time_up": time_up})


@personal_page
@login_required
@require_safe
def entry_result(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    worker = cast(User, request.user)
    entry = selectors.entry_for(viewer=worker, public_id=public_id)
    if not entry.is_submitted and clock.now_local() <= entry.deadline + services.GRACE:
        return redirect("learning:entry_paper", public_id=entry.public_id)
    context = {
        "entry": entry,
        "contest": entry.contest,
        "paper": selectors.entry_paper(viewer=worker, entry=entry) if entry.is_submitted else None,
        "board": selectors.leaderboard(contest=entry.contest, viewer=worker),
        "units": selectors.unit_leaderboard(contest=entry.contest),
    }
    return render(request, "learning/contests/result.html", context)
