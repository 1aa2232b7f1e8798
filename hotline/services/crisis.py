"""Crisis escalation: open an incident, alert along its frozen chain, acknowledge,
remind, resolve with the protocol checklist.

`crisis_open` is called by the services that mark a call, a case or a contact request as
crisis (one incident per source). `crisis_tick` (beat, every minute) escalates an
unacknowledged incident when its step's wait is over, reminds the acknowledger of one
still open after HOTLINE_CRISIS_REMIND_MINUTES and, if the reminder is not confirmed in
HOTLINE_CRISIS_CONFIRM_MINUTES, makes it unacknowledged again (escalation resumes).
Alerts are outbox rows written in the same transaction, so they survive a broker outage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import facts
from core.errors import Conflict, DomainError, NotFound
from core.facts import Source
from hotline.errors import ErrorCode
from hotline.facts import crisis_facts
from hotline.models import (
    Call,
    ContactRequest,
    CrisisIncident,
    EscalationChain,
    HotlineCase,
    Line,
    StepTarget,
)
from hotline.notifications.crisis import crisis_alert, crisis_reminder, step_people
from hotline.selectors.lines import may_view
from network import audit


class CrisisInvalid(DomainError):
    code = ErrorCode.CRISIS_CHECKLIST


@dataclass
class Checklist:
    safety_assessed: bool
    emergency_contacted: bool | None
    emergency_reason: str
    person_informed: str
    followup_arranged: bool


def chain_for(line: Line) -> list[dict[str, Any]]:
    """The line's chain as JSON steps; without one: supervisor on duty, then the lead."""
    chain = EscalationChain.objects.filter(line=line).first()
    steps = [step.as_json() for step in chain.steps.all()] if chain is not None else []
    if steps:
        return steps
    wait = settings.HOTLINE_CRISIS_STEP_MINUTES
    return [
        {"target": StepTarget.ON_DUTY_SUPERVISOR.value, "user": None, "wait_minutes": wait},
        {"target": StepTarget.LINE_LEAD.value, "user": None, "wait_minutes": wait},
    ]


def _notify(incident: CrisisIncident, now: datetime) -> None:
    incident.notified_at = now
    incident.save(update_fields=["step", "notified_at"])
    step = incident.chain[incident.step]
    reached = crisis_alert(incident=incident, people=step_people(incident, step))
    audit.record(
        actor=None,
        action="hotline.crisis.alerted",
        target=incident,
        unit=incident.line.unit,
        details={"step": incident.step, "target": step.get("target"), "reached": reached},
    )


@transaction.atomic
def crisis_open(
    *,
    line: Line,
    call: Call | None = None,
    case: HotlineCase | None = None,
    contact_request: ContactRequest | None = None,
    actor: User | None = None,
) -> CrisisIncident:
    """The incident of this source (one per call, case or contact request); a new one
    copies the line's chain and alerts its first step at once."""
    sources = {"call": call, "case": case, "contact_request": contact_request}
    given = {name: obj for name, obj in sources.items() if obj is not None}
    if len(given) != 1:
        raise ValueError("crisis_open needs exactly one source")
    Line.objects.select_for_update().filter(pk=line.pk).first()  # one opener at a time
    found = CrisisIncident.objects.filter(**given).first()
    if found is not None:
        return found
    now = timezone.now()
    incident = CrisisIncident.objects.create(
        line=line, opened_at=now, chain=chain_for(line), **given
    )
    audit.record(
        actor=actor,
        action="hotline.crisis.opened",
        target=incident,
        unit=line.unit,
        details={"source": incident.source_kind, "steps": len(incident.chain)},
    )
    _notify(incident, now)
    return incident


def crisis_link_case(*, call: Call, case: HotlineCase) -> None:
    """A case opened from a crisis call joins the call's incident (no second alert)."""
    CrisisIncident.objects.filter(call=call, case__isnull=True).update(case=case)


def _wait(incident: CrisisIncident) -> timedelta:
    return timedelta(minutes=int(incident.chain[incident.step].get("wait_minutes") or 1))


def _escalate(incident: CrisisIncident, now: datetime) -> bool:
    if incident.notified_at is not None and incident.notified_at + _wait(incident) > now:
        return False
    if incident.step + 1 < len(incident.chain):
        incident.step += 1
    _notify(incident, now)  # the last step is alerted again until someone acknowledges
    return True


def _remind_or_revert(incident: CrisisIncident, now: datetime) -> bool:
    remind = timedelta(minutes=settings.HOTLINE_CRISIS_REMIND_MINUTES)
    confirm = timedelta(minutes=settings.HOTLINE_CRISIS_CONFIRM_MINUTES)
    if incident.reminder_sent_at is None:
        since = incident.reminder_confirmed_at or incident.acknowledged_at
        if since is None or since + remind > now:
            return False
        incident.reminder_sent_at = now
        incident.save(update_fields=["reminder_sent_at"])
        crisis_reminder(incident=incident)
        audit.record(
            actor=None, action="hotline.crisis.reminded", target=incident, unit=incident.line.unit
        )
        return True
    if incident.reminder_sent_at + confirm > now:
        return False
    lapsed_by = incident.acknowledged_by_id
    incident.acknowledged_at = incident.acknowledged_by = None
    incident.reminder_sent_at = incident.reminder_confirmed_at = None
    incident.reverted_count += 1
    incident.save(
        update_fields=[
            "acknowledged_at",
            "acknowledged_by",
            "reminder_sent_at",
            "reminder_confirmed_at",
            "reverted_count",
        ]
    )
    audit.record(
        actor=None,
        action="hotline.crisis.acknowledgement_lapsed",
        target=incident,
        unit=incident.line.unit,
        details={"acknowledged_by": lapsed_by},
    )
    _notify(incident, now)
    return True


def crisis_tick(*, now: datetime | None = None) -> int:
    """One pass of the beat job over open incidents; returns how many changed."""
    now = now or timezone.now()
    changed = 0
    open_ids = CrisisIncident.objects.filter(resolved_at__isnull=True).values_list("pk", flat=True)
    for pk in list(open_ids):
        with transaction.atomic():
            incident = (
                CrisisIncident.objects.select_for_update(of=("self",))
                .select_related("line__unit", "line__lead", "acknowledged_by")
                .filter(pk=pk, resolved_at__isnull=True)
                .first()
            )
            if incident is None:
                continue
            if incident.acknowledged_at is None:
                changed += _escalate(incident, now)
            else:
                changed += _remind_or_revert(incident, now)
    return changed


def _locked(actor: User, incident: CrisisIncident) -> CrisisIncident:
    locked = (
        CrisisIncident.objects.select_for_update(of=("self",))
        .select_related("line__unit")
        .get(pk=incident.pk)
    )
    if not may_view(actor, locked.line):
        raise NotFound()
    if locked.resolved_at is not None:
        raise Conflict(_("This crisis is already resolved."), code=ErrorCode.CRISIS_RESOLVED)
    return locked


@transaction.atomic
def crisis_acknowledge(*, actor: User, incident: CrisisIncident) -> CrisisIncident:
    """The actor takes the crisis: escalation stops (until a reminder lapses)."""
    incident = _locked(actor, incident)
    if incident.acknowledged_at is not None:
        return incident
    now = timezone.now()
    incident.acknowledged_at, incident.acknowledged_by = now, actor
    incident.reminder_sent_at = incident.reminder_confirmed_at = None
    incident.first_acknowledged_at = incident.first_acknowledged_at or now
    incident.save()
    audit.record(
        actor=actor,
        action="hotline.crisis.acknowledged",
        target=incident,
        unit=incident.line.unit,
        details={"step": incident.step, "seconds": int((now - incident.opened_at).total_seconds())},
    )
    facts.replace(Source.of(incident), crisis_facts(incident, incident.line.unit_id))
    return incident


@transaction.atomic
def crisis_confirm_reminder(*, actor: User, incident: CrisisIncident) -> CrisisIncident:
    """The acknowledger confirms they are still handling it; the reminder clock restarts."""
    incident = _locked(actor, incident)
    if incident.acknowledged_by_id != actor.pk:
        raise Conflict(
            _("Only the person who acknowledged this crisis can confirm it."),
            code=ErrorCode.CRISIS_NOT_ACKNOWLEDGED,
        )
    incident.reminder_confirmed_at, incident.reminder_sent_at = timezone.now(), None
    incident.save(update_fields=["reminder_confirmed_at", "reminder_sent_at"])
    audit.record(
        actor=actor, action="hotline.crisis.confirmed", target=incident, unit=incident.line.unit
    )
    return incident


def _checklist_errors(data: Checklist) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if not data.safety_assessed:
        errors["safety_assessed"] = [_("Assess the person's safety first.")]
    if data.emergency_contacted is None:
        errors["emergency_contacted"] = [_("Say whether emergency services were contacted.")]
    elif not data.emergency_reason.strip():
        errors["emergency_reason"] = [_("Say why emergency services were or were not called.")]
    if not data.person_informed.strip():
        errors["person_informed"] = [_("Name who was informed.")]
    if not data.followup_arranged:
        errors["followup_arranged"] = [_("Arrange a follow-up within 24 hours.")]
    return errors


@transaction.atomic
def crisis_resolve(*, actor: User, incident: CrisisIncident, data: Checklist) -> CrisisIncident:
    """Close the crisis with the protocol checklist filled; refuses (and changes nothing)
    when an item is missing."""
    incident = _locked(actor, incident)
    errors = _checklist_errors(data)
    if errors:
        raise CrisisInvalid(_("Complete the crisis checklist first."), fields=errors)
    now = timezone.now()
    incident.safety_assessed = True
    incident.emergency_contacted = data.emergency_contacted
    incident.emergency_reason = data.emergency_reason.strip()[:300]
    incident.person_informed = data.person_informed.strip()[:120]
    incident.followup_arranged = True
    incident.resolved_at, incident.resolved_by = now, actor
    if incident.acknowledged_at is None:
        incident.acknowledged_at, incident.acknowledged_by = now, actor
        incident.first_acknowledged_at = incident.first_acknowledged_at or now
    incident.save()
    audit.record(
        actor=actor,
        action="hotline.crisis.resolved",
        target=incident,
        unit=incident.line.unit,
        details={
            "emergency_contacted": data.emergency_contacted,
            "seconds": int((now - incident.opened_at).total_seconds()),
        },
    )
    facts.replace(Source.of(incident), crisis_facts(incident, incident.line.unit_id))
    return incident
