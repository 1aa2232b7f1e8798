"""Approval of a unit's figures for a month, level by level.

The unit submits; the unit above it (a station's district) approves, which locks the
unit's manual entries for the month and snapshots the figures; the city centre accepts.
The approver may reopen (with a reason) to let corrections in; the snapshot stays, so
the page shows what changed since the last approval.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.errors import NotFound, PermissionDenied
from kpis import permissions
from kpis.errors import ApprovalStateError, ErrorCode, KpiError
from kpis.models import Approval, ApprovalStatus
from kpis.selectors.approval import period_figures
from network import access, audit
from network.models import OrgUnit


def _approver_unit(unit: OrgUnit) -> OrgUnit:
    return unit.parent if unit.parent is not None else unit


def _wrong_state() -> ApprovalStateError:
    return ApprovalStateError(_("This period's figures are not in a state that allows this."))


def _record(actor: User, approval: Approval, action: str, **extra: object) -> None:
    details = {"year": approval.year, "month": approval.month, "status": approval.status}
    details.update(extra)
    audit.record(
        actor=actor,
        action=f"kpis.approval.{action}",
        target=approval,
        unit=approval.unit,
        details=details,
    )


@transaction.atomic
def approval_submit(*, actor: User, unit: OrgUnit, year: int, month: int) -> Approval:
    if not access.can(actor, permissions.VIEW, unit):
        raise NotFound
    if not access.can(actor, permissions.ENTER, unit):
        raise PermissionDenied
    if not 1 <= month <= 12:
        raise KpiError(_("Choose a month from 1 to 12."), fields={"month": []})
    approval = (
        Approval.objects.select_for_update().filter(unit=unit, year=year, month=month).first()
    )
    if approval is None:
        approval = Approval(unit=unit, year=year, month=month)
    elif approval.status != ApprovalStatus.REOPENED:
        raise _wrong_state()
    approval.status = ApprovalStatus.SUBMITTED
    approval.submitted_by = actor
    approval.submitted_at = clock.now_local()
    approval.save()
    _record(actor, approval, "submitted")
    return approval


def _locked(approval: Approval) -> Approval:
    return Approval.objects.select_for_update().select_related("unit").get(pk=approval.pk)


@transaction.atomic
def approval_approve(*, actor: User, approval: Approval) -> Approval:
    approval = _locked(approval)
    approver = _approver_unit(approval.unit)
    if not access.can(actor, permissions.VIEW, approval.unit):
        raise NotFound
    if not access.can(actor, permissions.APPROVE, approver):
        raise PermissionDenied
    if approval.status != ApprovalStatus.SUBMITTED:
        raise _wrong_state()
    approval.status = ApprovalStatus.APPROVED
    approval.approved_by = actor
    approval.approved_at = clock.now_local()
    approval.snapshot = period_figures(approval.unit, approval.year, approval.month)
    approval.save()
    _record(actor, approval, "approved")
    return approval


@transaction.atomic
def approval_accept(*, actor: User, approval: Approval) -> Approval:
    approval = _locked(approval)
    if not access.can(actor, permissions.VIEW, approval.unit):
        raise NotFound
    if not access.reaches_whole_network(actor, permissions.APPROVE):
        raise PermissionDenied
    if approval.status != ApprovalStatus.APPROVED:
        raise _wrong_state()
    approval.status = ApprovalStatus.ACCEPTED
    approval.accepted_by = actor
    approval.accepted_at = clock.now_local()
    approval.save()
    _record(actor, approval, "accepted")
    return approval


@transaction.atomic
def approval_reopen(*, actor: User, approval: Approval, reason: str) -> Approval:
    """Unlock an approved period for corrections; it must be submitted and approved again."""
    approval = _locked(approval)
    if not access.can(actor, permissions.VIEW, approval.unit):
        raise NotFound
    if not access.can(actor, permissions.APPROVE, _approver_unit(approval.unit)):
        raise PermissionDenied
    if approval.status not in (ApprovalStatus.APPROVED, ApprovalStatus.ACCEPTED):
        raise _wrong_state()
    if not reason.strip():
        raise KpiError(
            _("Say why the period is reopened."),
            code=ErrorCode.REASON_REQUIRED,
            fields={"reason": []},
        )
    approval.status = ApprovalStatus.REOPENED
    approval.save()
    _record(actor, approval, "reopened", reason=reason.strip())
    return approval
