"""A supervisor gives a hotline case to another of the line's operators: audited, the
new owner told through the outbox in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from hotline.errors import ErrorCode
from hotline.models import Duty, HotlineCase
from hotline.notifications.cases import case_reassigned_alert
from hotline.selectors.cases import require_supervisor
from hotline.selectors.lines import is_eligible
from hotline.services.case_steps import CaseInvalid
from network import audit


@transaction.atomic
def case_reassign(*, actor: User, case: HotlineCase, owner: User) -> HotlineCase:
    """Make `owner` (an operator or supervisor of the line) the case's owner."""
    require_supervisor(actor, case)
    case = (
        HotlineCase.objects.select_for_update(of=("self",))
        .select_related("line__unit", "owner")
        .get(pk=case.pk)
    )
    if not owner.is_active or not is_eligible(case.line, owner, Duty.OPERATOR):
        message = _("Give the case to one of the line's operators.")
        raise CaseInvalid(
            message, code=ErrorCode.OWNER_NOT_ELIGIBLE, fields={"owner": [str(message)]}
        )
    if owner.pk == case.owner_id:
        return case
    previous = case.owner_id
    case.owner = owner
    case.save(update_fields=["owner"])
    entry = audit.record(
        actor=actor,
        action="hotline.case.reassigned",
        target=case,
        unit=case.line.unit,
        details={"from": previous, "to": owner.pk},
    )
    case_reassigned_alert(case=case, owner_email=owner.email, audit_id=entry.pk)
    return case
