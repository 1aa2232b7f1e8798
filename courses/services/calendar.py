"""An expert's own calendar: the days they cannot lecture.

The expert blocks and frees days themself (the centre can too, in the admin). A day that
already holds one of their scheduled lectures cannot be blocked: the lecture must be
moved or declined first, or the unit would be left waiting for someone who is away.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import clock
from core.errors import DomainError, NotFound
from courses.errors import ErrorCode
from courses.models import BUSY_STATUSES, BlockedDay, Expert, Lecture
from network import audit


class BlockedDayRefused(DomainError):
    status = 400


def _own_expert(actor: User) -> Expert:
    expert = Expert.objects.filter(practitioner__user=actor, is_active=True).first()
    if expert is None:
        raise NotFound()
    return expert


def _lectures_on(expert: Expert, day: date) -> list[Lecture]:
    start, end = clock.day_bounds(day)
    return list(
        Lecture.objects.filter(
            expert=expert, status__in=BUSY_STATUSES, starts_at__lt=end, ends_at__gt=start
        )
    )


@transaction.atomic
def blocked_day_add(*, actor: User, day: date, note: str = "") -> BlockedDay:
    """Block `day` in the actor's own calendar (idempotent: an existing block is kept)."""
    expert = _own_expert(actor)
    Expert.objects.select_for_update().filter(pk=expert.pk).first()  # against an assignment
    if day < clock.today():
        message = _("Choose today or a later day.")
        raise BlockedDayRefused(message, code=ErrorCode.BLOCKED_DAY_PAST, fields={"day": [message]})
    if _lectures_on(expert, day):
        message = _(
            "You give a lecture on this day. Ask the centre to move it before you block the day."
        )
        raise BlockedDayRefused(message, code=ErrorCode.BLOCKED_DAY_BUSY, fields={"day": [message]})
    blocked, created = BlockedDay.objects.get_or_create(
        expert=expert, date=day, defaults={"note": note.strip()[:120]}
    )
    if created:
        audit.record(
            actor=actor,
            action="courses.expert.day_blocked",
            target=expert,
            unit=expert.unit,
            details={"date": day.isoformat()},
        )
    return blocked


@transaction.atomic
def blocked_day_remove(*, actor: User, day: date) -> bool:
    """Free `day` again; False when it was not blocked."""
    expert = _own_expert(actor)
    deleted, _rows = BlockedDay.objects.filter(expert=expert, date=day).delete()
    if deleted:
        audit.record(
            actor=actor,
            action="courses.expert.day_freed",
            target=expert,
            unit=expert.unit,
            details={"date": day.isoformat()},
        )
    return bool(deleted)
