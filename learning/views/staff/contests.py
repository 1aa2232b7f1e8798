"""Staff pages of quiz contests: the list, a contest's winners, the winners' .xlsx export.

Contests themselves are created and edited in the admin (learning/admin_contests.py).
"""

from __future__ import annotations

import uuid

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core.privacy import personal_page
from core.web import render, signed_in_user
from learning import selectors, services
from learning.models import Contest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _managed(request: HttpRequest, public_id: uuid.UUID) -> Contest:
    viewer = signed_in_user(request)
    contest = selectors.contests_managed(viewer=viewer).filter(public_id=public_id).first()
    if contest is None:
        raise Http404
    return contest


@require_safe
@staff_member_required
def contest_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage_bank(request.user):
        raise Http404
    contests = list(selectors.contests_managed(viewer=signed_in_user(request)))
    counts = selectors.entrant_counts(contests=contests)
    rows = [(contest, counts.get(contest.pk, 0)) for contest in contests]
    return render(request, "learning/staff/contests.html", {"rows": rows})


@personal_page
@require_safe
@staff_member_required
def contest_winners(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Winners by nickname and score; names and numbers only in the audited export."""
    if not selectors.may_manage_bank(request.user):
        raise Http404
    contest = _managed(request, public_id)
    context = {
        "contest": contest,
        "winners": selectors.contest_winners(contest=contest),
        "board": selectors.leaderboard(contest=contest, viewer=None),
    }
    return render(request, "learning/staff/contest_winners.html", context)


@personal_page
@require_safe
@staff_member_required
def winners_export(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    if not selectors.may_manage_bank(request.user):
        raise Http404
    contest = _managed(request, public_id)
    data = services.contest_winners_export(actor=signed_in_user(request), contest=contest)
    response = HttpResponse(data, content_type=XLSX)
    name = f"contest-winners-{contest.starts_at:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
