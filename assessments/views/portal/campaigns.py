"""The portal's join page of a unit campaign: where the poster's link and QR code lead."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from assessments import selectors
from core import clock
from core.web import render


@require_safe
def campaign_join(request: HttpRequest, code: str) -> HttpResponse:
    """Where the poster's link and QR code lead: what the campaign is, and its questionnaires."""
    campaign = selectors.campaign_to_join(code)
    if campaign is None:
        return render(request, "assessments/campaigns/join_missing.html", status=404)
    today = clock.today()
    offered = campaign.offered_instruments  # type: ignore[attr-defined]  # campaign_by_code
    context = {
        "campaign": campaign,
        "is_open": campaign.is_open_on(today),
        "questionnaires": [
            (instrument, selectors.take_url(instrument.code, campaign.code))
            for instrument in offered
        ],
        "min_group_size": settings.MIN_GROUP_SIZE,
    }
    return render(request, "assessments/campaigns/join.html", context)
