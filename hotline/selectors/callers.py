"""What a returning caller's call screen shows: no name, no number, just the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from accounts.models import User
from hotline.models import Call, CallerFlag, CallerProfile, CallStatus
from hotline.selectors.lines import may_view
from network.access import Viewer


@dataclass(frozen=True)
class CallerBanner:
    profile: CallerProfile
    previous_calls: int
    last_call_at: datetime | None
    last_operator: User | None
    flags: list[CallerFlag] = field(default_factory=list)

    @property
    def returning(self) -> bool:
        return self.previous_calls > 0 or bool(self.flags)


def caller_banner(
    *, viewer: Viewer, profile: CallerProfile, besides: Call | None = None
) -> CallerBanner | None:
    """The banner for `profile` on the line's operators' screens (None for anyone else).

    Counts the caller's logged calls other than `besides` (the call on screen) and the
    risk flags not yet expired; two queries.
    """
    if not may_view(viewer, profile.line):
        return None
    calls = Call.objects.filter(caller=profile, status=CallStatus.LOGGED)
    if besides is not None:
        calls = calls.exclude(pk=besides.pk)
    latest = list(calls.select_related("operator").order_by("-started_at")[:1])
    flags = list(profile.flags.filter(expires_at__gt=timezone.now()).order_by("-raised_at"))
    return CallerBanner(
        profile=profile,
        previous_calls=calls.count() if latest else 0,
        last_call_at=latest[0].started_at if latest else None,
        last_operator=latest[0].operator if latest else None,
        flags=flags,
    )
