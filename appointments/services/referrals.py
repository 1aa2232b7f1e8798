"""Referrals of a case (one-stop service, 心理服务、法律援助、政策咨询): to legal aid,
policy consultation, a psychiatric hospital, the hotline or another counsellor, each
with a status and feedback, shown on the case timeline."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from appointments.errors import CaseError, ErrorCode
from appointments.models.cases import Case, Referral, ReferralStatus, ReferralTarget
from appointments.selectors import cases as sel
from appointments.services.cases import (
    check_choice,
    lock_case,
    require_case_counsellor,
    require_open,
)
from core.errors import NotFound, PermissionDenied
from network import audit


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: Case,
    target: str,
    organisation: str = "",
    to_counsellor: User | None = None,
    status: str = ReferralStatus.PROPOSED,
) -> Referral:
    """Refer the case on: legal aid, policy consultation, a hospital, the hotline, a counsellor."""
    case = lock_case(case)
    require_case_counsellor(actor, case)
    require_open(case)
    check_choice(target, ReferralTarget, "target")
    check_choice(status, ReferralStatus, "status")
    if target == ReferralTarget.COUNSELLOR:
        if to_counsellor is None or not sel.is_counsellor(to_counsellor):
            message = gettext("Choose the counsellor to refer to.")
            raise CaseError(
                message, code=ErrorCode.COUNSELLOR_REQUIRED, fields={"to_counsellor": [message]}
            )
        if to_counsellor.pk == case.counsellor_id:
            message = gettext("Choose another counsellor than the case's own.")
            raise CaseError(
                message, code=ErrorCode.SAME_COUNSELLOR, fields={"to_counsellor": [message]}
            )
    else:
        to_counsellor = None
    referral = Referral.objects.create(
        case=case,
        target=target,
        to_counsellor=to_counsellor,
        organisation=organisation.strip(),
        status=status,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="appointments.referral.created",
        target=referral,
        unit=case.station,
        details={
            "case": str(case.public_id),
            "target": target,
            "to_counsellor": to_counsellor.pk if to_counsellor else None,
        },
    )
    return referral


@sensitive_variables("feedback")
@transaction.atomic
def referral_update(*, actor: User, referral: Referral, status: str, feedback: str) -> Referral:
    """Record where a referral stands and the feedback received.

    By the case's counsellor, or by the counsellor it was referred to (accept,
    decline, feedback); the feedback stays out of the audit entry.
    """
    referral = (
        Referral.objects.select_for_update().select_related("case__station").get(pk=referral.pk)
    )
    is_receiver = referral.to_counsellor_id == getattr(actor, "pk", None) and sel.is_counsellor(
        actor
    )
    if not (is_receiver or sel.is_case_counsellor(actor, referral.case)):
        if sel.can_supervise(actor, referral.case):
            raise PermissionDenied(_("Only the counsellors involved can update a referral."))
        raise NotFound()
    check_choice(status, ReferralStatus, "status")
    referral.status = status
    referral.feedback = feedback.strip()
    referral.save(update_fields=["status", "feedback", "updated_at"])
    audit.record(
        actor=actor,
        action="appointments.referral.updated",
        target=referral,
        unit=referral.case.station,
        details={"case": str(referral.case.public_id), "status": status},
    )
    return referral
