"""The kpis app's error codes: the `code` of every DomainError it raises."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError


class ErrorCode(StrEnum):
    UNKNOWN_INDICATOR = "unknown_indicator"
    NO_PARENT_PLAN = "no_parent_plan"
    OVER_ALLOCATED = "over_allocated"
    REASON_REQUIRED = "reason_required"
    BAD_PROFILE = "bad_profile"
    NOT_MANUAL = "not_manual"
    PERIOD_LOCKED = "period_locked"
    WRONG_STATE = "wrong_state"
    PLAN_TAKEN = "plan_taken"


class KpiError(DomainError):
    """A refusal; a field named with no message of its own shows the error's message."""

    def __init__(self, message: Any = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        for name, messages in self.fields.items():
            if not messages:
                self.fields[name] = [self.message]


class PlanError(KpiError):
    code = ErrorCode.OVER_ALLOCATED


class PeriodLocked(Conflict):
    code = ErrorCode.PERIOD_LOCKED
    default_message = _("The figures of this period have been approved; manual entries are locked.")


class ApprovalStateError(Conflict):
    code = ErrorCode.WRONG_STATE


class PlanTaken(Conflict):
    """The first plan of a unit, year and indicator was set by another request just now."""

    code = ErrorCode.PLAN_TAKEN
    default_message = _(
        "Someone else has just set this plan. Reload the page to see it, then change it "
        "with a reason if needed."
    )
