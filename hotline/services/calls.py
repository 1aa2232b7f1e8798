"""The call log: a draft saved every few seconds while the call runs, then logged.

A draft takes whatever the operator has typed so far; logging checks the call is
complete (caller, at least one topic, outcome) and records what follows from it: the
caller's profile and risk flag, a crisis call in the operator's welfare counts, the
audit entry. The summary is a narrative: never logged, never in an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock, facts
from core.errors import DomainError, NotFound, PermissionDenied
from hotline.errors import ErrorCode
from hotline.facts import call_facts
from hotline.models import (
    Call,
    CallSource,
    CallStatus,
    CallTopic,
    Channel,
    Line,
    RiskLevel,
    WelfareEventKind,
)
from hotline.selectors.duty import on_duty
from hotline.selectors.lines import may_view
from hotline.services.callers import caller_flag_raise, caller_for_number
from hotline.services.crisis import crisis_open
from hotline.services.survey import survey_invite
from hotline.services.welfare import welfare_event_record
from network import access, audit
from network.models import Level, OrgUnit, PartnerApp

MAX_DURATION_SECONDS = 12 * 3600
# A call's time may be a little ahead of the server (a drifting workstation clock).
FUTURE_SLACK = timedelta(minutes=5)


class CallInvalid(DomainError):
    code = ErrorCode.CALL_INVALID


@dataclass
class CallData:
    """What the form (or the API) says about a call; `caller_number` is E.164 or ""."""

    started_at: datetime | None = None
    duration_seconds: int | None = None
    channel: str = Channel.PHONE
    caller_type: str = ""
    topics: list[CallTopic] = field(default_factory=list)
    gig_worker: bool = False
    woman_worker: bool = False
    hardship_family: bool = False
    district: OrgUnit | None = None
    risk: str = RiskLevel.NONE
    summary: str = ""
    outcome: str = ""
    caller_number: str = ""
    # The caller agreed to get the satisfaction survey by SMS (hotline.services.survey).
    survey_consent: bool = False


def _check_owner(actor: User, call: Call) -> None:
    if not may_view(actor, call.line):
        raise NotFound()
    if call.operator_id is not None and call.operator_id != actor.pk:
        raise PermissionDenied(_("This call is another operator's."))
    if call.status != CallStatus.DRAFT:
        raise DomainError(_("This call is already logged."), code=ErrorCode.CALL_NOT_DRAFT)


def _field_errors(data: CallData, *, complete: bool) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if data.started_at is not None and data.started_at > timezone.now() + FUTURE_SLACK:
        errors["started_at"] = [_("The time of the call cannot be in the future.")]
    if data.duration_seconds is not None and not 0 <= data.duration_seconds <= MAX_DURATION_SECONDS:
        errors["duration_seconds"] = [_("A call lasts between 0 seconds and 12 hours.")]
    if data.district is not None and data.district.level != Level.DISTRICT:
        errors["district"] = [_("Choose a district.")]
    if not complete:
        return errors
    if data.started_at is None:
        errors["started_at"] = [_("Give the time of the call.")]
    if not data.caller_type:
        errors["caller_type"] = [_("Say who called.")]
    if not data.topics:
        errors["topics"] = [_("Choose at least one topic.")]
    if not data.outcome:
        errors["outcome"] = [_("Choose the outcome of the call.")]
    return errors


def _apply(call: Call, data: CallData) -> None:
    call.started_at = data.started_at or call.started_at
    for name in (
        "duration_seconds",
        "channel",
        "caller_type",
        "gig_worker",
        "woman_worker",
        "hardship_family",
        "district",
        "risk",
        "outcome",
    ):
        setattr(call, name, getattr(data, name))
    call.summary = (data.summary or "").strip()[:2000]
    if data.caller_number:
        call.caller = caller_for_number(line=call.line, number=data.caller_number)
    call.save()
    call.topics.set(data.topics)


@transaction.atomic
def call_start(*, actor: User, line: Line) -> Call:
    """A new draft for `actor`, timed from now."""
    if not may_view(actor, line):
        raise NotFound()
    call = Call.objects.create(line=line, operator=actor, started_at=timezone.now())
    audit.record(actor=actor, action="hotline.call.started", target=call, unit=line.unit)
    return call


@transaction.atomic
def call_draft_save(*, actor: User, call: Call, data: CallData) -> Call:
    """Keep what is typed so far (the autosave); only obviously wrong values are refused.

    A draft the switchboard made for nobody in particular becomes the actor's.
    No audit entry: a draft is saved every few seconds; logging it is audited.
    """
    call = Call.objects.select_for_update().select_related("line__unit").get(pk=call.pk)
    _check_owner(actor, call)
    errors = _field_errors(data, complete=False)
    if errors:
        raise CallInvalid(_("Please check the highlighted fields."), fields=errors)
    call.operator = actor
    _apply(call, data)
    return call


@transaction.atomic
def call_log(*, actor: User, call: Call, data: CallData) -> Call:
    """Log the call: complete, checked, with its profile flag and welfare count."""
    call = Call.objects.select_for_update().select_related("line__unit").get(pk=call.pk)
    _check_owner(actor, call)
    errors = _field_errors(data, complete=True)
    if errors:
        raise CallInvalid(_("Please check the highlighted fields."), fields=errors)
    call.operator = actor
    call.status = CallStatus.LOGGED
    call.logged_at = timezone.now()
    _apply(call, data)
    if call.caller is not None:
        caller_flag_raise(
            profile=call.caller,
            risk=call.risk,
            at=call.started_at,
            source=f"call:{call.pk}",
            actor=actor,
        )
    if call.is_crisis:
        welfare_event_record(
            line=call.line,
            person=actor,
            kind=WelfareEventKind.CRISIS_CALL,
            occurred_at=call.started_at,
            source=f"call:{call.pk}",
        )
        crisis_open(line=call.line, call=call, actor=actor)
    if data.survey_consent:
        survey_invite(actor=actor, line=call.line, caller=call.caller)
    audit.record(
        actor=actor,
        action="hotline.call.logged",
        target=call,
        unit=call.line.unit,
        details={"risk": call.risk, "outcome": call.outcome, "channel": call.channel},
    )
    facts.record(call_facts(call, call.line.unit_id))
    return call


@transaction.atomic
def call_draft_discard(*, actor: User, call: Call) -> None:
    """Throw away a draft of one's own (a wrong key, a test call)."""
    call = Call.objects.select_for_update().select_related("line__unit").get(pk=call.pk)
    _check_owner(actor, call)
    audit.record(actor=actor, action="hotline.call.discarded", target=call, unit=call.line.unit)
    call.delete()


@transaction.atomic
def call_create_from_switchboard(
    *,
    partner_app: PartnerApp,
    line: Line,
    started_at: datetime | None,
    channel: str,
    caller_number: str = "",
) -> Call:
    """A draft made by a telephony or chat system, for the operator on duty to complete.

    The first operator on duty now owns it (none on duty: any of the line's operators
    may take it from the operator's screen). The number goes straight into the
    encrypted profile; the call row never holds it.
    """
    from_duty = _operator_on_duty(line)
    moment = started_at or timezone.now()
    if moment > timezone.now() + FUTURE_SLACK:
        raise CallInvalid(
            _("Please check the highlighted fields."),
            fields={"started_at": [_("The time of the call cannot be in the future.")]},
        )
    call = Call.objects.create(
        line=line, operator=from_duty, started_at=moment, channel=channel, source=CallSource.API
    )
    if caller_number:
        call.caller = caller_for_number(line=line, number=caller_number)
        call.save(update_fields=["caller"])
    audit.record(
        actor=None,
        partner_app=partner_app,
        action="hotline.call.received",
        target=call,
        unit=line.unit,
        details={"channel": channel},
    )
    return call


def _operator_on_duty(line: Line) -> User | None:
    operators = on_duty(line=line, moment=clock.now_local()).operators
    return operators[0] if operators else None


@transaction.atomic
def call_topic_save(*, actor: User, topic: CallTopic) -> CallTopic:
    """Add or change an entry of the topic list (hotline supervisors, in the admin)."""
    if not access.holds_anywhere(actor, access.Perm.HOTLINE_SUPERVISE):
        raise PermissionDenied()
    created = topic.pk is None
    topic.full_clean()
    topic.save()
    audit.record(
        actor=actor,
        action="hotline.topic.created" if created else "hotline.topic.changed",
        target=topic,
        details={"code": topic.code, "active": topic.is_active},
    )
    return topic


def call_viewed(*, actor: User, call: Call) -> None:
    """Record that `actor` was shown a logged call's summary (a narrative)."""
    if not may_view(actor, call.line):
        raise NotFound()
    audit.record(actor=actor, action="hotline.call.viewed", target=call, unit=call.line.unit)
