"""Setting a line's roster up (the admin's writes): lines, templates, patterns, entries.

One function saves and one deletes any roster set-up row, after checking that the actor
supervises the line and that the row makes sense; each change is audited.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, PermissionDenied
from hotline.errors import ErrorCode
from hotline.models import (
    EscalationChain,
    EscalationStep,
    Line,
    PatternAssignment,
    PatternEntry,
    RosterPattern,
    ShiftTemplate,
    StepTarget,
)
from hotline.selectors.lines import is_eligible, may_supervise
from network import access, audit

SetupRow = (
    Line
    | ShiftTemplate
    | RosterPattern
    | PatternEntry
    | PatternAssignment
    | EscalationChain
    | EscalationStep
)


def line_of(obj: SetupRow) -> Line:
    if isinstance(obj, Line):
        return obj
    if isinstance(obj, ShiftTemplate | RosterPattern | EscalationChain):
        return obj.line
    if isinstance(obj, EscalationStep):
        return obj.chain.line
    if isinstance(obj, PatternEntry):
        return obj.pattern.line
    return obj.entry.pattern.line


def _validate(obj: SetupRow) -> None:
    if isinstance(obj, EscalationStep):
        _validate_step(obj)
    if isinstance(obj, RosterPattern) and obj.anchor.weekday() != 0:
        raise DomainError(
            _("A pattern's first week must begin on a Monday."),
            code=ErrorCode.INVALID_PATTERN,
            fields={"anchor": [_("Choose a Monday.")]},
        )
    if isinstance(obj, PatternEntry) and obj.week >= obj.pattern.cycle_weeks:
        raise DomainError(
            _("The week must lie inside the pattern's cycle."),
            code=ErrorCode.INVALID_PATTERN,
            fields={"week": [_("The week must lie inside the pattern's cycle.")]},
        )
    if isinstance(obj, PatternEntry) and obj.template.line_id != obj.pattern.line_id:
        raise DomainError(
            _("The shift template belongs to another line."),
            code=ErrorCode.INVALID_PATTERN,
            fields={"template": [_("The shift template belongs to another line.")]},
        )
    if isinstance(obj, PatternAssignment) and not is_eligible(line_of(obj), obj.user, obj.duty):
        raise DomainError(
            _("This person cannot take that duty on this line."),
            code=ErrorCode.COLLEAGUE_NOT_ELIGIBLE,
            fields={"user": [_("Choose someone of this line with that role.")]},
        )


def _validate_step(step: EscalationStep) -> None:
    """A step alerting a named person names them; other steps name nobody."""
    if step.target == StepTarget.USER and step.user_id is None:
        raise DomainError(
            _("Choose the person this step alerts."),
            code=ErrorCode.INVALID_PATTERN,
            fields={"user": [_("Choose the person this step alerts.")]},
        )
    if step.target != StepTarget.USER:
        step.user = None


def _check(actor: User, obj: SetupRow) -> Line:
    line = line_of(obj)
    if isinstance(obj, Line) and obj._state.adding:
        allowed = access.can(actor, access.Perm.MANAGE_UNITS, obj.unit) or may_supervise(actor, obj)
    else:
        allowed = may_supervise(actor, line)
    if not allowed:
        raise PermissionDenied()
    return line


def roster_setup_save(*, actor: User, obj: SetupRow) -> SetupRow:
    """Create or change one roster set-up row."""
    line = _check(actor, obj)
    _validate(obj)
    created = obj._state.adding
    with transaction.atomic():
        obj.save()
        audit.record(
            actor=actor,
            action=f"hotline.{obj._meta.model_name}.{'created' if created else 'changed'}",
            target=obj,
            unit=line.unit,
        )
    return obj


def roster_setup_delete(*, actor: User, obj: SetupRow) -> None:
    line = _check(actor, obj)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=f"hotline.{obj._meta.model_name}.deleted",
            target=obj,
            unit=line.unit,
        )
        try:
            obj.delete()
        except models.ProtectedError as error:
            raise DomainError(
                _("This is still in use by the roster; remove its uses first."),
                code=ErrorCode.INVALID_PATTERN,
            ) from error
