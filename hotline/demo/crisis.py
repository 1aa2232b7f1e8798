"""Demo crises for `make run`: the demo call log already holds a crisis call whose
incident waits for acknowledgement; this adds a crisis contact request acknowledged by
the line's lead and still open, so the alert, the operator's screen and the board show
both states. Written through the services (a crisis request opens its incident)."""

from __future__ import annotations

from accounts.models import User
from hotline import services
from hotline.models import CrisisIncident, Line, RiskLevel

SUMMARY = "讲座后留言：最近觉得活着没意思，希望有人联系。"


def load(line: Line, lead: User) -> None:
    request = services.request_contact(
        source="lecture", summary=SUMMARY, risk=RiskLevel.CRISIS, unit=line.unit
    )
    incident = CrisisIncident.objects.filter(contact_request=request).first()
    if incident is not None:
        services.crisis_acknowledge(actor=lead, incident=incident)
