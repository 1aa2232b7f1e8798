"""Enrolling people in a training programme.

    enrolment_create(actor=cadre, programme=p, person=worker, unit=room, data=EnrolmentData(...))

A unit administrator enrols people of a unit in their subtree, into a programme owned
by that unit or a unit above it; a worker enrols themselves where the programme allows
it. Enrolling twice returns the first enrolment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, NotFound, PermissionDenied
from learning.errors import ErrorCode
from learning.models import Enrolment, Programme
from network import access, audit
from network.models import OrgUnit

MANAGE = access.Perm.MANAGE_MEMBERS


@dataclass(frozen=True)
class EnrolmentData:
    """How the person signs in at the lectures: attendance is matched on it."""

    sign_in_name: str
    sign_in_unit_name: str = ""  # blank: the unit's name
    employee_number: str = ""


def _clean(data: EnrolmentData, unit: OrgUnit) -> EnrolmentData:
    name = " ".join((data.sign_in_name or "").split())
    unit_name = " ".join((data.sign_in_unit_name or "").split()) or unit.name
    number = " ".join((data.employee_number or "").split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["sign_in_name"] = [_("Give the name used on the sign-in sheet.")]
    elif len(name) > 40:
        errors["sign_in_name"] = [_("At most 40 characters, please.")]
    if len(unit_name) > 80:
        errors["sign_in_unit_name"] = [_("At most 80 characters, please.")]
    if len(number) > 40:
        errors["employee_number"] = [_("At most 40 characters, please.")]
    if errors:
        raise DomainError(code=ErrorCode.ENROLMENT_INVALID, fields=errors)
    return EnrolmentData(name, unit_name, number)


def _check_may_enrol(actor: User, programme: Programme, person: User, unit: OrgUnit) -> bool:
    """True for a self-enrolment; raises when the actor may not enrol this person here."""
    if not unit.path.startswith(programme.unit.path) or not unit.is_active:
        raise NotFound()
    if access.can(actor, MANAGE, unit):
        return actor.pk == person.pk
    if actor.pk != person.pk:
        raise NotFound()
    if not programme.self_enrolment:
        raise PermissionDenied(_("This programme takes enrolments from unit administrators only."))
    return True


def enrolment_create(
    *, actor: User | None, programme: Programme, person: User, unit: OrgUnit, data: EnrolmentData
) -> Enrolment:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied()
    if not programme.is_active:
        raise DomainError(
            _("This programme no longer takes enrolments."), code=ErrorCode.ENROLMENT_CLOSED
        )
    self_enrolled = _check_may_enrol(actor, programme, person, unit)
    data = _clean(data, unit)
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(
            programme=programme,
            person=person,
            defaults={
                "unit": unit,
                "sign_in_name": data.sign_in_name,
                "sign_in_unit_name": data.sign_in_unit_name,
                "employee_number": data.employee_number,
                "self_enrolled": self_enrolled,
                "enrolled_by": actor,
            },
        )
        if created:
            audit.record(
                actor=actor,
                action="learning.enrolment.created",
                target=enrolment,
                unit=unit,
                details={"programme": programme.pk, "person": person.pk, "self": self_enrolled},
            )
    return enrolment
