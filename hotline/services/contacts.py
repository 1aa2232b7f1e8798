"""The contact-request queue: handed in from anywhere, assigned, called, closed.

`request_contact` is the one door other apps use (plain data in, hotline imports
nothing of theirs). An operator of the line takes a request (assigns it to themself),
records attempts and closes it with an outcome; a supervisor may also assign it to
another operator and close anyone's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, NotFound, PermissionDenied
from hotline.errors import ErrorCode
from hotline.models import (
    FLAGGED_RISKS,
    ContactOutcome,
    ContactRequest,
    ContactSource,
    ContactStatus,
    Duty,
    Line,
    RiskLevel,
)
from hotline.notifications.contacts import contact_overdue_alert
from hotline.selectors.lines import is_eligible, line_for_unit, may_supervise, may_view
from hotline.services.callers import caller_flag_raise, caller_for_number
from hotline.services.crisis import crisis_open
from hotline.services.survey import survey_invite
from network import audit
from network.models import OrgUnit, PartnerApp

logger = logging.getLogger(__name__)


class ContactInvalid(DomainError):
    code = ErrorCode.CONTACT_INVALID


# What the asking apps want told when one of their requests is taken or closed, by
# source: called with plain data (reference, status, who) in the same transaction, so
# the asker's own record never drifts from the queue (hotline imports none of them).
StatusHandler = Callable[..., None]
_SUBSCRIBERS: dict[str, list[StatusHandler]] = {}


def contact_status_subscribe(source: str, handler: StatusHandler) -> None:
    """Have `handler(reference=, status=, actor=)` called when a request of `source`
    is assigned or closed in the queue (call it from the asking app's ready())."""
    handlers = _SUBSCRIBERS.setdefault(source, [])
    if handler not in handlers:
        handlers.append(handler)


def _tell_asker(request: ContactRequest, actor: User) -> None:
    if not request.reference:
        return
    for handler in _SUBSCRIBERS.get(request.source, []):
        handler(reference=request.reference, status=request.status, actor=actor)


def _line_for(unit: OrgUnit | None) -> Line | None:
    if unit is None:
        unit = OrgUnit.objects.filter(parent__isnull=True).first()
    return line_for_unit(unit) if unit is not None else None


def _checked(source: str, summary: str, risk: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if source not in ContactSource.values:
        errors["source"] = [_("Unknown source.")]
    if not (summary or "").strip():
        errors["summary"] = [_("Say in a few words what the request is about.")]
    if risk not in RiskLevel.values:
        errors["risk"] = [_("Choose a valid risk level.")]
    return errors


@transaction.atomic
def request_contact(
    *,
    source: str,
    summary: str,
    phone: str | None = None,
    risk: str = RiskLevel.NONE,
    unit: OrgUnit | None = None,
    reference: str = "",
    contact_name: str = "",
    preferred_time: str = "",
    partner_app: PartnerApp | None = None,
) -> ContactRequest | None:
    """Put a "please contact me" into the queue of the line serving `unit` (default: the
    root's line). Plain text only; the number goes into the caller's encrypted profile.

    A repeat with the same (source, reference) updates the waiting request. Returns None
    when no line serves the unit (the asking app keeps its own record). Refuses a bad
    summary, risk or number with ContactInvalid.
    """
    errors = _checked(source, summary, risk)
    line = _line_for(unit)
    profile = None
    if line is not None and phone:
        try:
            profile = caller_for_number(line=line, number=phone)
        except ValidationError as exc:
            errors["phone"] = list(exc.messages)
    if errors:
        raise ContactInvalid(_("Please check the highlighted fields."), fields=errors)
    if line is None:
        logger.warning("contact request from %s: no hotline line serves the unit", source)
        return None
    now = timezone.now()
    values = {
        "summary": summary.strip()[:1000],
        "risk": risk,
        "contact_name": (contact_name or "").strip()[:40],
        "preferred_time": (preferred_time or "").strip()[:80],
        "caller": profile,
        "partner_app": partner_app,
    }
    request, action = _queue(line, source, reference, now, values)
    if profile is not None:
        caller_flag_raise(
            profile=profile, risk=risk, at=now, source=f"contact:{request.pk}", actor=None
        )
    audit.record(
        actor=None,
        partner_app=partner_app,
        action=action,
        target=request,
        unit=line.unit,
        details={"source": source, "risk": risk},
    )
    if risk == RiskLevel.CRISIS:
        crisis_open(line=line, contact_request=request)
    return request


def _queue(
    line: Line, source: str, reference: str, now: datetime, values: dict[str, Any]
) -> tuple[ContactRequest, str]:
    """The waiting request with this reference updated, or a new one; and the audit action."""
    found = None
    if reference:
        found = (
            ContactRequest.objects.select_for_update()
            .filter(source=source, reference=reference)
            .exclude(status=ContactStatus.CLOSED)
            .first()
        )
    if found is not None:
        for name, value in values.items():
            setattr(found, name, value)
        found.save()
        return found, "hotline.contact.updated"
    request = ContactRequest.objects.create(
        line=line,
        source=source,
        reference=reference,
        created_at=now,
        due_at=_due(str(values["risk"]), now),
        **values,
    )
    return request, "hotline.contact.requested"


def _due(risk: str, now: datetime) -> datetime | None:
    if risk not in FLAGGED_RISKS:
        return None
    return now + timedelta(minutes=settings.HOTLINE_CONTACT_RISK_MINUTES)


def _locked(actor: User, request: ContactRequest) -> ContactRequest:
    request = (
        ContactRequest.objects.select_for_update().select_related("line__unit").get(pk=request.pk)
    )
    if not may_view(actor, request.line):
        raise NotFound()
    if request.status == ContactStatus.CLOSED:
        raise DomainError(_("This request is already closed."), code=ErrorCode.CONTACT_CLOSED)
    return request


@transaction.atomic
def contact_assign(*, actor: User, request: ContactRequest, assignee: User) -> ContactRequest:
    """Give the request to `assignee`: an operator takes it for themself; a supervisor
    may give it to any of the line's operators."""
    request = _locked(actor, request)
    if assignee.pk != actor.pk and not may_supervise(actor, request.line):
        raise PermissionDenied(_("Only a supervisor assigns a request to someone else."))
    if not is_eligible(request.line, assignee, Duty.OPERATOR):
        raise ContactInvalid(
            _("%(name)s is not an operator of this line.") % {"name": assignee.display_name},
            fields={"assignee": [_("Choose one of the line's operators.")]},
        )
    request.assigned_to = assignee
    request.assigned_at = timezone.now()
    request.status = ContactStatus.ASSIGNED
    request.save(update_fields=["assigned_to", "assigned_at", "status"])
    audit.record(
        actor=actor,
        action="hotline.contact.assigned",
        target=request,
        unit=request.line.unit,
        details={"assignee": assignee.pk},
    )
    _tell_asker(request, actor)
    return request


def _check_handler(actor: User, request: ContactRequest) -> None:
    mine = request.assigned_to_id in (None, actor.pk)
    if not mine and not may_supervise(actor, request.line):
        raise PermissionDenied(_("This request is assigned to another operator."))


@transaction.atomic
def contact_attempt(*, actor: User, request: ContactRequest) -> ContactRequest:
    """Record a try at calling (answered or not); an unassigned request becomes the actor's."""
    request = _locked(actor, request)
    _check_handler(actor, request)
    now = timezone.now()
    if request.assigned_to_id is None:
        request.assigned_to, request.assigned_at = actor, now
        request.status = ContactStatus.ASSIGNED
    request.attempts += 1
    request.last_attempt_at = now
    request.save()
    audit.record(
        actor=actor,
        action="hotline.contact.attempted",
        target=request,
        unit=request.line.unit,
        details={"attempts": request.attempts},
    )
    return request


@transaction.atomic
def contact_close(
    *, actor: User, request: ContactRequest, outcome: str, survey_consent: bool = False
) -> ContactRequest:
    """Close the request with its outcome; with the caller's consent, the satisfaction
    survey goes to the number the request came with."""
    request = _locked(actor, request)
    _check_handler(actor, request)
    if outcome not in ContactOutcome.values:
        raise ContactInvalid(
            _("Choose the outcome."), fields={"outcome": [_("Choose the outcome.")]}
        )
    now = timezone.now()
    request.status = ContactStatus.CLOSED
    request.outcome = outcome
    request.closed_at = now
    request.closed_by = actor
    if request.assigned_to_id is None:
        request.assigned_to, request.assigned_at = actor, now
    request.save()
    audit.record(
        actor=actor,
        action="hotline.contact.closed",
        target=request,
        unit=request.line.unit,
        details={"outcome": outcome},
    )
    if survey_consent:
        survey_invite(actor=actor, line=request.line, caller=request.caller)
    _tell_asker(request, actor)
    return request


def contacts_flag_overdue(*, now: datetime | None = None) -> int:
    """Flag requests with risk still not closed past their deadline (once each) and alert
    whoever a crisis reaches now; returns how many were flagged. Idempotent."""
    now = now or timezone.now()
    due = ContactRequest.objects.filter(due_at__lte=now, overdue_flagged_at__isnull=True).exclude(
        status=ContactStatus.CLOSED
    )
    flagged = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            request = (
                ContactRequest.objects.select_for_update(of=("self",))
                .select_related("line__unit", "line__lead")
                .filter(pk=pk, overdue_flagged_at__isnull=True)
                .exclude(status=ContactStatus.CLOSED)
                .first()
            )
            if request is None:
                continue
            request.overdue_flagged_at = now
            request.save(update_fields=["overdue_flagged_at"])
            audit.record(
                actor=None,
                action="hotline.contact.overdue",
                target=request,
                unit=request.line.unit,
                details={"risk": request.risk},
            )
            contact_overdue_alert(request=request)
            flagged += 1
    return flagged
