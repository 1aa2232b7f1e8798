"""Caller profiles: found by the keyed HMAC of the number, the number kept encrypted.

Nothing here logs or audits a number; the audit entry of a reveal names the profile.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from accounts.models import User
from core import crypto
from core.errors import NotFound
from core.phone import phone_normalise
from hotline.models import FLAGGED_RISKS, CallerFlag, CallerProfile, Line
from hotline.selectors.lines import may_view
from network import audit
from network.access import Viewer


def caller_for_number(*, line: Line, number: str) -> CallerProfile:
    """The line's profile for `number` (any usual spelling), made on first sight.

    Raises ValidationError for a number that is not one. Checks no permission: the
    caller (a call being logged, a contact request handed in) decides who may.
    """
    e164 = phone_normalise(number)
    digest = crypto.number_digest(e164)
    found = CallerProfile.objects.filter(line=line, number_digest=digest).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return CallerProfile.objects.create(
                line=line, number_digest=digest, number_encrypted=crypto.encrypt(e164)
            )
    except IntegrityError:  # the same number arrived twice at once: the first one wins
        return CallerProfile.objects.get(line=line, number_digest=digest)


def caller_find(*, line: Line, number: str) -> CallerProfile | None:
    """The profile of `number` if the line has one (no profile is made)."""
    digest = crypto.number_digest(phone_normalise(number))
    return CallerProfile.objects.filter(line=line, number_digest=digest).first()


@transaction.atomic
def caller_number_reveal(*, actor: Viewer, profile: CallerProfile) -> str:
    """The caller's number in E.164, for the line's operators only; every reveal audited."""
    line = profile.line
    if not may_view(actor, line):
        raise NotFound()
    audit.record(
        actor=actor,
        action="hotline.caller.number_revealed",
        target=profile,
        unit=line.unit,
    )
    return crypto.decrypt(profile.number_encrypted)


def caller_flag_raise(
    *, profile: CallerProfile, risk: str, at: datetime, source: str, actor: User | None
) -> CallerFlag | None:
    """Flag the profile for HOTLINE_RISK_FLAG_DAYS when `risk` is high or crisis (once per
    `source`); None for a lower risk. Inside the caller's transaction."""
    if risk not in FLAGGED_RISKS:
        return None
    expires = at + timedelta(days=settings.HOTLINE_RISK_FLAG_DAYS)
    flag, _created = CallerFlag.objects.update_or_create(
        profile=profile,
        source=source,
        defaults={"risk": risk, "raised_at": at, "expires_at": expires, "raised_by": actor},
    )
    return flag
