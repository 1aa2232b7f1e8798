"""The petition desk: log a visit day (a supervisor may log one for another counsellor of
the line), correct it (audited with what changed), the cases heard on it, and a referral
to the union's legal aid with its outcome, expected within PETITION_ANSWER_DAYS and
flagged when unanswered (hotline.services.case_flags). A hearing's summary is a
narrative: never logged, never in an audit entry."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from core import clock, facts
from core.errors import DomainError, NotFound, PermissionDenied
from hotline.errors import ErrorCode
from hotline.facts import hearing_facts, visit_facts
from hotline.models import (
    Duty,
    HearingCategory,
    LegalAidOutcome,
    Line,
    PetitionHearing,
    PetitionReferral,
    PetitionVisit,
)
from hotline.selectors.lines import is_eligible, may_supervise, may_view
from network import audit

# Legal aid is asked to answer a referral within this many days.
PETITION_ANSWER_DAYS = 30


class PetitionInvalid(DomainError):
    code = ErrorCode.PETITION_INVALID


def invalid(field_name: str, message: object) -> PetitionInvalid:
    return PetitionInvalid(message, fields={field_name: [str(message)]})


def _check_visit(day: date, starts: time, ends: time, people_counselled: int) -> None:
    if day > clock.today():
        raise invalid("day", _("A visit is logged on or after its day."))
    if ends <= starts:
        raise invalid("ends", _("The visit ends after it starts."))
    if people_counselled < 0:
        raise invalid("people_counselled", _("Count the people counselled (zero or more)."))


def _check_counsellor(actor: User, line: Line, counsellor: User) -> None:
    if counsellor.pk == actor.pk:
        return
    if not may_supervise(actor, line):
        raise PermissionDenied(_("Only a supervisor logs a visit for another counsellor."))
    if not is_eligible(line, counsellor, Duty.OPERATOR):
        raise invalid("counsellor", _("Choose one of the line's counsellors."))


@transaction.atomic
def visit_log(
    *,
    actor: User,
    line: Line,
    day: date,
    starts: time,
    ends: time,
    people_counselled: int,
    counsellor: User | None = None,
) -> PetitionVisit:
    """A visit day at the petition bureau for `line`, by `actor` or (a supervisor only)
    on behalf of `counsellor`, another of the line's counsellors."""
    if not may_view(actor, line):
        raise NotFound()
    counsellor = counsellor or actor
    _check_counsellor(actor, line, counsellor)
    _check_visit(day, starts, ends, people_counselled)
    visit = PetitionVisit.objects.create(
        line=line,
        counsellor=counsellor,
        day=day,
        starts=starts,
        ends=ends,
        people_counselled=people_counselled,
    )
    details: dict[str, object] = {"day": day.isoformat()}
    if counsellor.pk != actor.pk:
        details["on_behalf_of"] = counsellor.pk
    audit.record(
        actor=actor,
        action="hotline.petition.visit_logged",
        target=visit,
        unit=line.unit,
        details=details,
    )
    facts.record(visit_facts(visit, line.unit_id))
    return visit


VISIT_FIELDS = ("day", "starts", "ends", "people_counselled")


@transaction.atomic
def visit_update(
    *,
    actor: User,
    visit: PetitionVisit,
    day: date,
    starts: time,
    ends: time,
    people_counselled: int,
) -> PetitionVisit:
    """Correct a recorded visit: its counsellor or a supervisor of the line. The audit
    entry keeps each changed field's old and new value (no narrative in a visit)."""
    visit = PetitionVisit.objects.select_for_update().select_related("line__unit").get(pk=visit.pk)
    if not may_view(actor, visit.line):
        raise NotFound()
    if visit.counsellor_id != actor.pk and not may_supervise(actor, visit.line):
        raise PermissionDenied(_("Only the visit's counsellor or a supervisor corrects it."))
    _check_visit(day, starts, ends, people_counselled)
    new = {"day": day, "starts": starts, "ends": ends, "people_counselled": people_counselled}
    changed = {
        name: [str(getattr(visit, name)), str(value)]
        for name, value in new.items()
        if getattr(visit, name) != value
    }
    if not changed:
        return visit
    for name, value in new.items():
        setattr(visit, name, value)
    visit.save(update_fields=list(changed))
    audit.record(
        actor=actor,
        action="hotline.petition.visit_changed",
        target=visit,
        unit=visit.line.unit,
        details={"changed": changed},
    )
    unit_id = visit.line.unit_id
    facts.replace(facts.Source.of(visit), visit_facts(visit, unit_id))
    for hearing in visit.hearings.all():  # their facts are dated by the visit's day
        facts.replace(facts.Source.of(hearing), hearing_facts(hearing, visit, unit_id))
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
        PetitionReferral.objects.create(
            hearing=hearing, answer_by=clock.today() + timedelta(days=PETITION_ANSWER_DAYS)
        )
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
