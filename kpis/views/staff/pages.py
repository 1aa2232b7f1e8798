"""The planning pages. Each view finds the unit in the viewer's reach (else 404), calls
one service on POST, and renders what the selectors read."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import clock, disclosure
from core.web import attempt, render, signed_in_user
from kpis import selectors, services
from kpis.forms.staff import ApprovalActionForm, ManualEntryForm, PlanForm
from kpis.models import ManualEntry
from network.models import OrgUnit


def year_param(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else clock.today().year


@require_safe
@staff_member_required
def start(request: HttpRequest) -> HttpResponse:
    """/staff/kpis/: the plan page of the highest unit the viewer reaches."""
    unit = selectors.top_unit(signed_in_user(request))
    return HttpResponseRedirect(reverse("staff:kpis:plans", args=[unit.public_id]))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def plans(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    year = year_param(request)
    children = selectors.children_of(viewer, unit)
    form = PlanForm(request.POST or None, units=[unit, *children])
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: services.plan_set(
                actor=viewer,
                unit=form.chosen_unit(),
                year=year,
                code=data["code"],
                target=data["target"],
                allow_over_allocation=data["allow_over_allocation"],
                reason=data["reason"],
            ),
            form=form,
            request=request,
            success=_("The plan was saved."),
        )
        if outcome.ok:
            return HttpResponseRedirect(f"{request.path}?year={year}")
    rows = selectors.allocation_rows(viewer, unit, year)
    table = [(row, [row.children.get(child.pk) for child in children]) for row in rows]
    context = {"unit": unit, "year": year, "children": children, "table": table, "form": form}
    return render(request, "kpis/staff/plans.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def manual(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    year = year_param(request)
    form = ManualEntryForm(request.POST or None, initial={"year": year})
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: services.manual_entry_set(actor=viewer, unit=unit, **data),
            form=form,
            request=request,
            success=_("The figure was saved."),
        )
        if outcome.ok:
            return HttpResponseRedirect(f"{request.path}?year={data['year']}")
    entries = ManualEntry.objects.filter(unit=unit, year=year).order_by("month", "code")
    context = {"unit": unit, "year": year, "entries": list(entries), "form": form}
    return render(request, "kpis/staff/manual.html", context)


def _act(
    request: HttpRequest, form: ApprovalActionForm, unit: OrgUnit, period: tuple[int, int]
) -> bool:
    """Run the chosen step; the services check who may take it."""
    viewer = signed_in_user(request)
    action = form.cleaned_data["action"]
    year, month = period
    if action == "submit":
        return attempt(
            lambda: services.approval_submit(actor=viewer, unit=unit, year=year, month=month),
            form=form,
            request=request,
            success=_("The figures were submitted."),
        ).ok
    current = selectors.approval_for(viewer, unit, year, month)
    if current is None:
        form.add_error(None, _("These figures have not been submitted."))
        return False
    steps = {
        "approve": lambda: services.approval_approve(actor=viewer, approval=current),
        "accept": lambda: services.approval_accept(actor=viewer, approval=current),
        "reopen": lambda: services.approval_reopen(
            actor=viewer, approval=current, reason=form.cleaned_data["reason"]
        ),
    }
    return attempt(steps[action], form=form, request=request, success=_("Done.")).ok


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def approval(request: HttpRequest, unit_id: UUID, year: int, month: int) -> HttpResponse:
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    form = ApprovalActionForm(request.POST or None)
    if form.is_valid() and _act(request, form, unit, (year, month)):
        return HttpResponseRedirect(request.path)
    current = selectors.approval_for(viewer, unit, year, month)
    figures = selectors.period_figures(unit, year, month)
    context = {
        "unit": unit,
        "year": year,
        "month": month,
        "approval": current,
        "figures": sorted(figures.items()),
        "changes": selectors.changes_since_approval(current, figures),
        "form": form,
    }
    return render(request, "kpis/staff/approval.html", context)


@require_safe
@staff_member_required
def progress(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    """A unit's figures for the year: actual (with its subtree), target, % and expected %."""
    viewer = signed_in_user(request)
    unit = selectors.visible_unit(viewer, unit_id)
    year = year_param(request)
    board = selectors.dashboard(viewer, unit, year, map_code=request.GET.get("map", ""))
    context = {
        "unit": unit,
        "year": year,
        "board": board,
        "report": selectors.latest_report(viewer, unit, year),
        "figures": board.figures,
        "children": board.children,
        "map_choices": selectors.map_choices(board.figures),
        "today": board.day,
        "min_size": disclosure.min_group_size(),
        "map_tiles": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "crs": settings.MAP_TILE_CRS,
        },
    }
    return render(request, "kpis/staff/progress.html", context)
