"""The expert's own calendar page: coming lectures, blocked days, block or free a day."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.web import attempt, render, signed_in_user
from courses import selectors, services
from courses.forms.calendar import BlockDayForm, FreeDayForm


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def calendar(request: HttpRequest) -> HttpResponse:
    """GET shows the calendar; POST blocks the day in the form."""
    user = signed_in_user(request)
    found = selectors.expert_calendar(user)
    if found is None:
        raise Http404
    form = BlockDayForm(request.POST if request.method == "POST" else None)
    status = None
    if form.is_bound and form.is_valid():  # an invalid form answers 400 (core.web.render)
        day, note = form.cleaned_data["day"], form.cleaned_data["note"]
        outcome = attempt(
            lambda: services.blocked_day_add(actor=user, day=day, note=note),
            form=form,
            request=request,
            success=_("The day is blocked: no lecture will be assigned to you on it."),
        )
        if outcome.ok:
            return redirect("staff:courses:calendar")
        status = outcome.status
    context = {"calendar": found, "form": form}
    return render(request, "courses/staff/calendar.html", context, status=status)


@require_POST
@staff_member_required
def calendar_free(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = FreeDayForm(request.POST)
    if selectors.expert_calendar(user) is None or not form.is_valid():
        raise Http404
    day = form.cleaned_data["day"]
    attempt(
        lambda: services.blocked_day_remove(actor=user, day=day),
        request=request,
        success=_("The day is free again."),
    )
    return redirect("staff:courses:calendar")
