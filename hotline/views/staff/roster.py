"""The roster pages: the lines, four weeks of a line's roster, the supervisor's view."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from core.web import attempt, render
from hotline import selectors, services
from hotline.forms.swaps import ShiftCancelForm
from hotline.selectors import board as board_sel
from hotline.views.staff.common import page_context
from network import access


@require_safe
@staff_member_required
def line_list(request: HttpRequest) -> HttpResponse:
    if not access.holds_anywhere(request.user, access.Perm.HOTLINE_OPERATE):
        raise Http404
    lines = list(selectors.lines_visible_to(request.user))
    if len(lines) == 1:
        return redirect("staff:hotline:desk", line=lines[0].public_id)
    return render(request, "hotline/staff/lines.html", {"lines": lines})


@require_safe
@staff_member_required
def roster(request: HttpRequest, line: UUID) -> HttpResponse:
    found = selectors.line_get(viewer=request.user, public_id=line)
    week = selectors.roster_weeks(viewer=request.user, line=found)
    swaps = list(selectors.swaps_for_person(viewer=request.user, line=found))
    context = page_context(request, found, roster=week, my_swaps=swaps)
    return render(request, "hotline/staff/roster.html", context)


@require_safe
@staff_member_required
def board(request: HttpRequest, line: UUID) -> HttpResponse:
    found = selectors.line_get(viewer=request.user, public_id=line, supervise=True)
    context = page_context(
        request,
        found,
        gaps=selectors.gaps_ahead(viewer=request.user, line=found),
        welfare=selectors.welfare_rows(viewer=request.user, line=found),
        swaps=list(selectors.swaps_to_decide(viewer=request.user, line=found)),
        by_hour=board_sel.calls_today_by_hour(viewer=request.user, line=found),
        case_ages=board_sel.open_cases_by_age(viewer=request.user, line=found),
        overdue=board_sel.overdue_next_steps(viewer=request.user, line=found),
        figures=board_sel.petition_this_year(viewer=request.user, line=found),
        crises=selectors.crises_recent(viewer=request.user, line=found),
        survey=selectors.survey_months(viewer=request.user, line=found),
        min_group=settings.MIN_GROUP_SIZE,
    )
    return render(request, "hotline/staff/board.html", context)


@require_POST
@staff_member_required
def shift_cancel(request: HttpRequest, line: UUID) -> HttpResponse:
    found = selectors.line_get(viewer=request.user, public_id=line, supervise=True)
    form = ShiftCancelForm(request.POST)
    if form.is_valid():
        attempt(
            lambda: services.shift_cancel(
                actor=request.user,  # type: ignore[arg-type]
                line=found,
                ref=form.cleaned_data["ref"],
                note=form.cleaned_data["note"],
            ),
            request=request,
            success=gettext("The shift is cancelled."),
        )
    return redirect("staff:hotline:roster", line=found.public_id)
