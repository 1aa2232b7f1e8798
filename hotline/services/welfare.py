"""What the call log (and later the crisis path) feeds into the welfare counts."""

from __future__ import annotations

from datetime import datetime

from accounts.models import User
from hotline.models import Line, WelfareEvent


def welfare_event_record(
    *, line: Line, person: User, kind: str, occurred_at: datetime, source: str
) -> WelfareEvent:
    """Count one event for `person` (e.g. a crisis call they took), once per `source`.

    Called by the service that records the cause, inside its transaction; it checks no
    permission of its own (the caller did) and writes no audit entry (the cause has one).
    """
    event, _created = WelfareEvent.objects.get_or_create(
        kind=kind,
        source=source,
        person=person,
        defaults={"line": line, "occurred_at": occurred_at},
    )
    return event
