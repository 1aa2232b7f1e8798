"""Crisis pages: the alert fragment every hotline page polls (htmx), the incident page
with acknowledge / confirm / resolve (the checklist). Operators and supervisors of the
incident's line only; others get an empty fragment and "not found"."""

from __future__ import annotations

from uuid import UUID

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.web import attempt, render, signed_in_user
from hotline import selectors, services
from hotline.forms.crisis import CrisisChecklistForm
from hotline.models import CrisisIncident
from hotline.views.staff.common import page_context


@require_GET
@staff_member_required
@never_cache
def crisis_alerts(request: HttpRequest) -> HttpResponse:
    """The small fragment polled by every hotline page: open, unacknowledged crises."""
    user = signed_in_user(request)
    crises = selectors.crises_alerting(viewer=user)
    return render(request, "hotline/staff/_crisis_alerts.html", {"crises": crises})


def _page(
    request: HttpRequest, incident: CrisisIncident, form: CrisisChecklistForm
) -> HttpResponse:
    context = page_context(request, incident.line, incident=incident, form=form)
    return render(request, "hotline/staff/crisis.html", context)


@require_GET
@staff_member_required
@never_cache
def crisis_detail(request: HttpRequest, incident: UUID) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.crisis_get(viewer=user, public_id=incident)
    initial = {
        "safety_assessed": found.safety_assessed,
        "person_informed": found.person_informed,
        "emergency_reason": found.emergency_reason,
    }
    return _page(request, found, CrisisChecklistForm(initial=initial))


@require_POST
@staff_member_required
def crisis_act(request: HttpRequest, incident: UUID, action: str) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.crisis_get(viewer=user, public_id=incident)
    back = redirect("staff:hotline:crisis", incident=found.public_id)
    if action == "acknowledge":
        attempt(
            lambda: services.crisis_acknowledge(actor=user, incident=found),
            request=request,
            success=gettext("You have acknowledged the crisis."),
        )
        return back
    if action == "confirm":
        attempt(
            lambda: services.crisis_confirm_reminder(actor=user, incident=found),
            request=request,
            success=gettext("Confirmed: you are still handling the crisis."),
        )
        return back
    if action != "resolve":
        raise Http404
    form = CrisisChecklistForm(request.POST)
    if not form.is_valid():
        return _page(request, found, form)
    data = services.Checklist(
        safety_assessed=form.cleaned_data["safety_assessed"],
        emergency_contacted=form.emergency(),
        emergency_reason=form.cleaned_data["emergency_reason"],
        person_informed=form.cleaned_data["person_informed"],
        followup_arranged=form.cleaned_data["followup_arranged"],
    )
    outcome = attempt(
        lambda: services.crisis_resolve(actor=user, incident=found, data=data),
        form=form,
        request=request,
        success=gettext("The crisis is resolved."),
    )
    return back if outcome.ok else _page(request, found, form)
