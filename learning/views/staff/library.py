"""Staff pages of the online library (the centre's catalogue managers only): the items
with this month's views, and the premium-course plan with its shortfall warnings.

Items are created and edited in the admin (its save calls learning.services.item_save).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.query_params import uuid_or_none, year_or_none
from core.web import attempt, render, signed_in_user
from learning import selectors, services
from learning.forms.library import PremiumScheduleForm
from learning.models import PremiumCourse

PAGE_SIZE = 30


def _managers_only(request: HttpRequest) -> None:
    if not selectors.may_manage_library(request.user):
        raise Http404


@require_safe
@staff_member_required
def items(request: HttpRequest) -> HttpResponse:
    """Every item with this month's views; `?year=<yyyy>` (and `?unit=<public id>`): the
    items viewed that year with their views, most first, and the year's total."""
    _managers_only(request)
    year = year_or_none(request.GET.get("year"))
    context: dict[str, Any] = {"year": year}
    if year is None:
        rows = selectors.staff_items(viewer=request.user)
    else:
        within = uuid_or_none(request.GET.get("unit"))
        visits = selectors.staff_items_visited(viewer=request.user, year=year, within=within)
        rows, context["total"] = visits.items, visits.total
    context["page"] = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "learning/staff/library_items.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def premium(request: HttpRequest) -> HttpResponse:
    """The plan of this month and the next two, with the form to schedule a course;
    `?year=<yyyy>` (and `?unit=<public id>`): the premium courses counted as published
    that year instead."""
    _managers_only(request)
    year = year_or_none(request.GET.get("year"))
    if year is not None and request.method != "POST":
        within = uuid_or_none(request.GET.get("unit"))
        courses = selectors.premium_published_in(viewer=request.user, year=year, within=within)
        context = {"year": year, "courses": courses}
        return render(request, "learning/staff/premium_year.html", context)
    plan = selectors.premium_plan(viewer=request.user)
    form = PremiumScheduleForm(
        request.POST or None, months=[(month.year, month.month) for month in plan]
    )
    if form.is_valid():
        year, month = form.year_month()
        item = form.cleaned_data["item"]
        outcome = attempt(
            lambda: services.premium_schedule(
                actor=signed_in_user(request), year=year, month=month, item=item
            ),
            form=form,
        )
        if outcome.ok:
            return redirect("staff:learning:premium")
    return render(request, "learning/staff/premium.html", {"plan": plan, "form": form})


@require_POST
@staff_member_required
def premium_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _managers_only(request)
    course = get_object_or_404(PremiumCourse, pk=pk)
    attempt(
        lambda: services.premium_unschedule(actor=signed_in_user(request), course=course),
        request=request,
        success=_("The premium course was taken off the month."),
    )
    return redirect("staff:learning:premium")
