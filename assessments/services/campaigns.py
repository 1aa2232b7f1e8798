"""Unit campaigns (单位测评服务): creating and closing them.

A campaign only tags anonymous submissions with its unit; what the unit gets
back is an aggregate (assessments.selectors.campaign_reports).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.errors import ErrorCode
from assessments.facts import campaign_facts
from assessments.models import Campaign, Instrument
from core import clock, facts
from core.errors import Conflict, DomainError, NotFound
from core.facts import Source
from network import access, audit
from network.access import Perm
from network.models import OrgUnit

# Unambiguous characters (no 0/O, 1/I/L), as in retrieval codes. 31**8 ≈ 8.5 × 10**11.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 8
MAX_WORKFORCE = 1_000_000
MAX_NAME_LENGTH = 160


class CampaignInvalid(DomainError):
    code = ErrorCode.CAMPAIGN_INVALID
    default_message = _("Please check the highlighted fields.")


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _i in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    """Upper case without spaces or dashes: what people type from a poster."""
    return "".join(ch for ch in (code or "").upper() if ch not in " -")


def _validate(
    *,
    unit: OrgUnit,
    name: str,
    instrument_codes: Sequence[str],
    opens_on: date | None,
    closes_on: date | None,
    workforce: int | None,
) -> tuple[str, list[Instrument]]:
    errors: dict[str, list[Any]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the campaign a name.")]
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = [_("At most %(max)s characters, please.") % {"max": MAX_NAME_LENGTH}]
    if not unit.is_active:
        errors["unit"] = [_("This unit is no longer active.")]
    codes = list(dict.fromkeys(instrument_codes or ()))
    instruments = list(
        Instrument.objects.filter(code__in=codes, is_active=True, versions__is_current=True)
    )
    if not codes:
        errors["instruments"] = [_("Choose at least one questionnaire.")]
    elif len(instruments) != len(codes):
        errors["instruments"] = [_("Choose questionnaires from the list.")]
    today = clock.today()
    if opens_on is None:
        errors["opens_on"] = [_("Give the first day of the campaign.")]
    elif opens_on < today:
        errors["opens_on"] = [_("The campaign cannot open in the past.")]
    if closes_on is None:
        errors["closes_on"] = [_("Give the last day of the campaign.")]
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = [_("The last day is before the first day.")]
    if workforce is None or workforce < 1:
        errors["workforce"] = [_("Give the number of workers invited (at least 1).")]
    elif workforce > MAX_WORKFORCE:
        errors["workforce"] = [_("That is more workers than any unit has.")]
    if errors:
        raise CampaignInvalid(fields=errors)
    return name, sorted(instruments, key=lambda i: codes.index(i.code))


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    unit: OrgUnit,
    name: str,
    instrument_codes: Sequence[str],
    opens_on: date | None,
    closes_on: date | None,
    workforce: int | None,
) -> Campaign:
    """Create a unit assessment campaign with a fresh join code.

    Any unit of the network (an enterprise service room or above) may run one;
    the actor needs MANAGE_CAMPAIGNS there, and a unit outside the actor's
    reach is "not found". Field errors come back as `CampaignInvalid.fields`.
    """
    if not access.can(actor, Perm.MANAGE_CAMPAIGNS, unit):
        raise NotFound()
    name, instruments = _validate(
        unit=unit,
        name=name,
        instrument_codes=instrument_codes,
        opens_on=opens_on,
        closes_on=closes_on,
        workforce=workforce,
    )
    assert opens_on is not None and closes_on is not None and workforce is not None
    for _attempt in range(5):
        code = new_join_code()
        try:
            # A savepoint: a join code drawn twice (about one in 10**11 per
            # existing campaign) fails on the unique index and is drawn again.
            with transaction.atomic():
                campaign = Campaign.objects.create(
                    code=code,
                    unit=unit,
                    name=name,
                    opens_on=opens_on,
                    closes_on=closes_on,
                    workforce=workforce,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            if Campaign.objects.filter(code=code).exists():
                continue
            raise
        campaign.instruments.set(instruments)
        facts.record(campaign_facts(campaign))
        audit.record(
            actor=actor,
            action="assessments.campaign.created",
            target=campaign,
            unit=unit,
            details={
                "code": campaign.code,
                "instruments": [i.code for i in instruments],
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "workforce": workforce,
            },
        )
        return campaign
    raise Conflict(_("Could not draw a free join code; please try again."))


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign) -> Campaign:
    """End a campaign now, before its last day: from now on workers can no longer answer it.

    The planned dates stay as they were (the report shows the true period and its
    answers); `ended_at` records the moment. Closing a closed campaign is a Conflict.
    """
    campaign = Campaign.objects.select_for_update().select_related("unit").get(pk=campaign.pk)
    if not access.can(actor, Perm.MANAGE_CAMPAIGNS, campaign.unit):
        raise NotFound()
    today = clock.today()
    if campaign.is_closed_on(today):
        raise Conflict(_("This campaign is already closed."))
    previous = campaign.closes_on
    campaign.ended_at = timezone.now()
    campaign.save(update_fields=["ended_at"])
    facts.replace(Source.of(campaign), campaign_facts(campaign))
    audit.record(
        actor=actor,
        action="assessments.campaign.closed",
        target=campaign,
        unit=campaign.unit,
        details={"code": campaign.code, "planned_closes_on": previous.isoformat()},
    )
    return campaign
