"""The office-hours writes of the admin and staff pages: availability rules, their
exceptions, rooms and pods.

Each function is one use case: keyword-only, actor first, one transaction, an
audit entry; a change that moves office hours regenerates the counsellor's slots.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.errors import ErrorCode
from appointments.models.pods import Pod
from appointments.models.schedule import (
    AvailabilityException,
    AvailabilityRule,
    ExceptionKind,
    Room,
)
from appointments.selectors.staff import counsellors_in_reach
from appointments.services import schedule
from core.errors import DomainError
from network import access, audit
from network.models import Membership, OrgUnit, Role

MANAGE = access.Perm.MANAGE_OFFICE_HOURS


def _check_station(actor: User, station: OrgUnit | None, field: str = "station") -> None:
    if station is None or not access.can(actor, MANAGE, station):
        message = _("Choose a station within your part of the network.")
        raise DomainError(
            message, code=ErrorCode.STATION_OUT_OF_REACH, fields={field: [str(message)]}
        )


def _check_counsellor(actor: User, counsellor_id: int | None) -> None:
    if counsellor_id is None or not counsellors_in_reach(actor).filter(pk=counsellor_id).exists():
        message = _("Choose a counsellor of your part of the network.")
        raise DomainError(
            message, code=ErrorCode.COUNSELLOR_OUT_OF_REACH, fields={"counsellor": [str(message)]}
        )


def _check_room(room: Room | None, station_id: int | None) -> None:
    if room is not None and room.station_id != station_id:
        message = _("The room must belong to the chosen station.")
        raise DomainError(message, code=ErrorCode.ROOM_ELSEWHERE, fields={"room": [str(message)]})


def _validated(obj: Model) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        fields = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        raise DomainError(
            _("Please correct the errors below."), code=ErrorCode.INVALID, fields=fields
        ) from None


def _previous(model: type[Model], obj: Model) -> Any:
    if obj.pk is None:
        return None
    return model._default_manager.select_related("station").filter(pk=obj.pk).first()


def _regenerate(*counsellor_ids: int | None) -> None:
    for counsellor_id in sorted({c for c in counsellor_ids if c is not None}):
        schedule.slots_regenerate(counsellor_id=counsellor_id)


@transaction.atomic
def office_hours_rule_save(*, actor: User, rule: AvailabilityRule) -> AvailabilityRule:
    """Create or change a counsellor's office hours, then regenerate the counsellor's slots.

    The station (before and after), the counsellor and the room must lie
    within the actor's reach.
    """
    before = _previous(AvailabilityRule, rule)
    if before is not None:
        _check_station(actor, before.station)
    _check_station(actor, rule.station if rule.station_id else None)
    _check_counsellor(actor, rule.counsellor_id)
    _check_room(rule.room, rule.station_id)
    _validated(rule)
    rule.save()
    audit.record(
        actor=actor,
        action="appointments.office_hours.updated"
        if before
        else "appointments.office_hours.created",
        target=rule,
        unit=rule.station,
        details={"counsellor": rule.counsellor_id, "mode": rule.mode, "weekday": rule.weekday},
    )
    _regenerate(rule.counsellor_id, before.counsellor_id if before else None)
    return rule


@transaction.atomic
def office_hours_rule_delete(*, actor: User, rule: AvailabilityRule) -> None:
    _check_station(actor, rule.station)
    counsellor_id, station = rule.counsellor_id, rule.station
    audit.record(
        actor=actor,
        action="appointments.office_hours.deleted",
        target=rule,
        unit=station,
        details={"counsellor": counsellor_id},
    )
    rule.delete()
    _regenerate(counsellor_id)


def _exception_unit(actor: User, exception: AvailabilityException) -> OrgUnit | None:
    """Where an exception lives: its station, or (leave, holidays) a counsellor's unit."""
    if exception.station_id:
        return exception.station
    membership = (
        Membership.objects.filter(user_id=exception.counsellor_id, role=Role.COUNSELLOR)
        .filter(access.scope_q(actor, MANAGE, field="unit__path"))
        .select_related("unit")
        .order_by("unit__path")
        .first()
    )
    return membership.unit if membership else None


@transaction.atomic
def office_hours_exception_save(
    *, actor: User, exception: AvailabilityException
) -> AvailabilityException:
    """Create or change a leave day, holiday or extra hours, then regenerate slots."""
    before = _previous(AvailabilityException, exception)
    if before is not None and before.station_id:
        _check_station(actor, before.station)
    _check_counsellor(actor, exception.counsellor_id)
    if exception.kind == ExceptionKind.EXTRA or exception.station_id:
        _check_station(actor, exception.station if exception.station_id else None)
    _check_room(exception.room, exception.station_id)
    _validated(exception)
    exception.save()
    audit.record(
        actor=actor,
        action=(
            "appointments.office_hours_exception.updated"
            if before
            else "appointments.office_hours_exception.created"
        ),
        target=exception,
        unit=_exception_unit(actor, exception),
        details={"counsellor": exception.counsellor_id, "kind": exception.kind},
    )
    _regenerate(exception.counsellor_id, before.counsellor_id if before else None)
    return exception


@transaction.atomic
def office_hours_exception_delete(*, actor: User, exception: AvailabilityException) -> None:
    if exception.station_id:
        _check_station(actor, exception.station)
    else:
        _check_counsellor(actor, exception.counsellor_id)
    counsellor_id = exception.counsellor_id
    audit.record(
        actor=actor,
        action="appointments.office_hours_exception.deleted",
        target=exception,
        unit=_exception_unit(actor, exception),
        details={"counsellor": counsellor_id, "kind": exception.kind},
    )
    exception.delete()
    _regenerate(counsellor_id)


@transaction.atomic
def room_save(*, actor: User, room: Room) -> Room:
    before = _previous(Room, room)
    if before is not None:
        _check_station(actor, before.station)
    _check_station(actor, room.station if room.station_id else None)
    _validated(room)
    room.save()
    audit.record(
        actor=actor,
        action="appointments.room.updated" if before else "appointments.room.created",
        target=room,
        unit=room.station,
        details={"active": room.is_active},
    )
    return room


@transaction.atomic
def pod_save(*, actor: User, pod: Pod) -> Pod:
    before = _previous(Pod, pod)
    if before is not None:
        _check_station(actor, before.station)
    _check_station(actor, pod.station if pod.station_id else None)
    _validated(pod)
    pod.save()
    audit.record(
        actor=actor,
        action="appointments.pod.updated" if before else "appointments.pod.created",
        target=pod,
        unit=pod.station,
        details={"kind": pod.kind, "active": pod.is_active},
    )
    return pod
