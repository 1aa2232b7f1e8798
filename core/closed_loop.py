"""The closed loop (发现—疏导—跟进), shared by every app that keeps cases.

The rule: a case that is not closed always has a next step with a due date, and
that date is not in the past. Appointments (counselling cases) and the hotline
(hotline cases) each decide what counts as a next step; this module holds the
checks, their translated messages and stable codes, and the "overdue" filter.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import clock
from core.errors import DomainError

NEXT_STEP_REQUIRED = _(
    "An open case always needs a next step with a due date: add one, or close the case."
)
DUE_IN_PAST = _("The due date cannot be in the past.")

M = TypeVar("M", bound=Model)


class ClosedLoopCode(StrEnum):
    """The codes of the closed-loop refusals (the same values in every app)."""

    NEXT_STEP_REQUIRED = "next_step_required"
    DUE_IN_PAST = "due_in_past"


def next_step_required(
    *,
    error: type[DomainError] = DomainError,
    field_name: str = "next_due_on",
    message: object = NEXT_STEP_REQUIRED,
) -> DomainError:
    """The refusal for an open case left without a next step."""
    return error(
        message,
        code=ClosedLoopCode.NEXT_STEP_REQUIRED,
        fields={field_name: [str(message)]},
    )


def require_next_step(
    has_next_step: bool,
    *,
    error: type[DomainError] = DomainError,
    field_name: str = "next_due_on",
    message: object = NEXT_STEP_REQUIRED,
) -> None:
    """Refuse unless the case (still) has a next step."""
    if not has_next_step:
        raise next_step_required(error=error, field_name=field_name, message=message)


def check_due_on(
    due_on: date, field_name: str = "due_on", *, error: type[DomainError] = DomainError
) -> None:
    """Refuse a next step due before today (the network's today)."""
    if due_on < clock.today():
        raise error(
            DUE_IN_PAST,
            code=ClosedLoopCode.DUE_IN_PAST,
            fields={field_name: [gettext("The due date cannot be in the past.")]},
        )


def overdue(
    qs: QuerySet[M], *, due_field: str = "due_on", today: date | None = None
) -> QuerySet[M]:
    """The rows of `qs` whose due date is before today (date or datetime field)."""
    today = today or clock.today()
    return qs.filter(**{f"{due_field}__lt": today})
