"""Manual figures: entered per unit and month by the unit's staff, audited, locked once
the period is approved."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import NotFound, PermissionDenied
from kpis import permissions
from kpis.errors import ErrorCode, KpiError, PeriodLocked
from kpis.indicators import manual_codes
from kpis.models import LOCKING, Approval, ManualEntry
from network import access, audit
from network.models import OrgUnit


def _check(actor: User, unit: OrgUnit, code: str, month: int, value: Decimal) -> None:
    if not access.can(actor, permissions.VIEW, unit):
        raise NotFound
    if not access.can(actor, permissions.ENTER, unit):
        raise PermissionDenied
    if code not in manual_codes():
        raise KpiError(
            _("This indicator is not entered by hand."),
            code=ErrorCode.NOT_MANUAL,
            fields={"code": []},
        )
    if not 1 <= month <= 12:
        raise KpiError(_("Choose a month from 1 to 12."), fields={"month": []})
    if value < 0:
        raise KpiError(_("A figure cannot be negative."), fields={"value": []})


@transaction.atomic
def manual_entry_set(
    *, actor: User, unit: OrgUnit, code: str, year: int, month: int, value: Decimal
) -> ManualEntry:
    """Enter or correct a unit's manual figure for a month; refused once approved."""
    _check(actor, unit, code, month, value)
    approval = (
        Approval.objects.select_for_update().filter(unit=unit, year=year, month=month).first()
    )
    if approval is not None and approval.status in LOCKING:
        raise PeriodLocked
    entry = ManualEntry.objects.filter(unit=unit, code=code, year=year, month=month).first()
    previous = None if entry is None else str(entry.value)
    if entry is None:
        entry = ManualEntry.objects.create(
            unit=unit, code=code, year=year, month=month, value=value, entered_by=actor
        )
    else:
        entry.value = value
        entry.entered_by = actor
        entry.save()
    audit.record(
        actor=actor,
        action="kpis.manual.set",
        target=entry,
        unit=unit,
        details={
            "code": code,
            "year": year,
            "month": month,
            "value": str(value),
            "previous": previous,
        },
    )
    return entry
