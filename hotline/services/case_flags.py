"""The scheduler's checks of the closed loop: overdue next steps and unanswered
referrals (a case's, and the petition desk's to legal aid) are flagged once each,
audit-logged and alerted (hotline.notifications)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core import clock, closed_loop
from hotline.models import (
    CaseStatus,
    LegalAidOutcome,
    NextStep,
    PetitionReferral,
    Referral,
    ReferralStatus,
)
from hotline.notifications.cases import referral_overdue_alert, step_overdue_alert
from hotline.notifications.petition import petition_referral_overdue_alert
from hotline.selectors.cases import overdue_steps
from network import audit


def cases_flag_overdue_steps(*, now: datetime | None = None) -> int:
    """Flag open steps past their due time; returns how many. Idempotent."""
    now = now or timezone.now()
    flagged = 0
    for pk in list(overdue_steps(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            step = (
                NextStep.objects.select_for_update(of=("self",))
                .select_related("case__line__unit", "case__owner", "case__line__lead")
                .filter(pk=pk, overdue_flagged_at__isnull=True, done_at__isnull=True)
                .first()
            )
            if step is None:
                continue
            step.overdue_flagged_at = now
            step.save(update_fields=["overdue_flagged_at"])
            audit.record(
                actor=None,
                action="hotline.case.step_overdue",
                target=step.case,
                unit=step.case.line.unit,
                details={"step": step.pk, "kind": step.kind},
            )
            step_overdue_alert(case=step.case, step_id=step.pk)
            flagged += 1
    return flagged


def referrals_flag_unanswered(*, now: datetime | None = None) -> int:
    """Flag referrals still awaiting an answer after their answer-by date. Idempotent."""
    now = now or timezone.now()
    due = closed_loop.overdue(
        Referral.objects.filter(status=ReferralStatus.SENT, overdue_flagged_at__isnull=True),
        due_field="answer_by",
        today=clock.local_date(now),
    ).exclude(case__status=CaseStatus.CLOSED)
    flagged = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update(of=("self",))
                .select_related("case__line__unit", "case__owner", "case__line__lead")
                .filter(pk=pk, overdue_flagged_at__isnull=True, status=ReferralStatus.SENT)
                .first()
            )
            if referral is None:
                continue
            referral.overdue_flagged_at = now
            referral.save(update_fields=["overdue_flagged_at"])
            audit.record(
                actor=None,
                action="hotline.referral.unanswered",
                target=referral,
                unit=referral.case.line.unit,
                details={"body": referral.body},
            )
            referral_overdue_alert(case=referral.case, referral_id=referral.pk)
            flagged += 1
    return flagged


def petition_referrals_flag_unanswered(*, now: datetime | None = None) -> int:
    """Flag the petition desk's legal-aid referrals still pending after their answer-by
    date, once each (the same rule as a case's referrals). Idempotent."""
    now = now or timezone.now()
    due = closed_loop.overdue(
        PetitionReferral.objects.filter(
            outcome=LegalAidOutcome.PENDING, overdue_flagged_at__isnull=True
        ),
        due_field="answer_by",
        today=clock.local_date(now),
    )
    flagged = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            referral = (
                PetitionReferral.objects.select_for_update(of=("self",))
                .select_related("hearing__visit__line__unit", "hearing__visit__counsellor")
                .filter(pk=pk, overdue_flagged_at__isnull=True, outcome=LegalAidOutcome.PENDING)
                .first()
            )
            if referral is None:
                continue
            referral.overdue_flagged_at = now
            referral.save(update_fields=["overdue_flagged_at"])
            audit.record(
                actor=None,
                action="hotline.petition.legal_aid_unanswered",
                target=referral,
                unit=referral.hearing.visit.line.unit,
            )
            petition_referral_overdue_alert(referral=referral)
            flagged += 1
    return flagged
