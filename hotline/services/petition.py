"""The petition desk: log a visit day, the cases heard on it, and a referral to the
union's legal aid with its outcome. A hearing's summary is a narrative: never logged,
never in an audit entry."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from core import clock, facts
from core.errors import DomainError, NotFound
from hotline.errors import ErrorCode
from hotline.facts import hearing_facts, visit_facts
from hotline.models import (
    HearingCategory,
    LegalAidOutcome,
    Line,
    PetitionHearing,
    PetitionReferral,
    PetitionVisit,
)
from hotline.selectors.lines import may_view
from network import audit


class PetitionInvalid(DomainError):
    code = ErrorCode.PETITION_INVALID


def invalid(field_name: str, message: object) -> PetitionInvalid:
    return PetitionInvalid(message, fields={field_name: [str(message)]})


@transaction.atomic
def visit_log(
    *, actor: User, line: Line, day: date, starts: time, ends: time, people_counselled: int
) -> PetitionVisit:
    """A visit day of `actor` at the petition bureau for `line`."""
    if not may_view(actor, line):
        raise NotFound()
    if day > clock.today():
        raise invalid("day", _("A visit is logged on or after its day."))
    if ends <= starts:
        raise invalid("ends", _("The visit ends after it starts."))
    if people_counselled < 0:
        raise invalid("people_counselled", _("Count the people counselled (zero or more)."))
    visit = PetitionVisit.objects.create(
        line=line,
        counsellor=actor,
        day=day,
        starts=starts,
        ends=ends,
        people_counselled=people_counselled,
    )
    audit.record(
        actor=actor,
        action="hotline.petition.visit_logged",
        target=visit,
        unit=line.unit,
        details={"day": day.isoformat()},
    )
    facts.record(visit_facts(visit, line.unit_id))
    return visit


def _require_operator(actor: User, visit: PetitionVisit) -> None:
    if not may_view(actor, visit.line):
        raise NotFound()


@sensitive_variables("summary")
@transaction.atomic
def hearing_add(
    *,
    actor: User,
    visit: PetitionVisit,
    category: str,
    summary: str,
    one_to_one: bool,
    refer_legal_aid: bool = False,
) -> PetitionHearing:
    """A case heard on the visit, optionally referred to the union's legal aid."""
    _require_operator(actor, visit)
    if category not in HearingCategory.values:
        raise invalid("category", _("Choose a category from the list."))
    summary = summary.strip()
    if not summary:
        raise invalid("summary", _("Summarise the case in a few words."))
    hearing = PetitionHearing.objects.create(
        visit=visit, category=category, summary=summary, one_to_one=one_to_one
    )
    if refer_legal_aid:
        PetitionReferral.objects.create(hearing=hearing)
    audit.record(
        actor=actor,
        action="hotline.petition.case_heard",
        target=visit,
        unit=visit.line.unit,
        details={"category": category, "legal_aid": refer_legal_aid},
    )
    facts.record(hearing_facts(hearing, visit, visit.line.unit_id))
    return hearing


@transaction.atomic
def referral_outcome(
    *, actor: User, referral: PetitionReferral, outcome: str, amount: Decimal | None
) -> PetitionReferral:
    """Record what legal aid achieved; an amount only with wages recovered."""
    _require_operator(actor, referral.hearing.visit)
    if outcome not in LegalAidOutcome.values:
        raise invalid("outcome", _("Choose an outcome from the list."))
    if amount is not None and (amount <= 0 or outcome != LegalAidOutcome.WAGES_RECOVERED):
        raise invalid("amount", _("An amount is a positive sum of wages recovered."))
    referral.outcome, referral.amount = outcome, amount
    referral.answered_at = None if outcome == LegalAidOutcome.PENDING else timezone.now()
    referral.save(update_fields=["outcome", "amount", "answered_at"])
    audit.record(
        actor=actor,
        action="hotline.petition.legal_aid_outcome",
        target=referral,
        unit=referral.hearing.visit.line.unit,
        details={"outcome": outcome},
    )
    return referral
