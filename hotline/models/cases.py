"""Hotline cases and the closed loop: a case opened from a call, its next steps and
referrals to other bodies.

The rule (core.closed_loop): a case that is not closed always has an open next step
with a due time. The case's concern and notes are narratives: shown to the line's
operators and supervisors only, every read audit-logged (hotline.selectors.cases).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.models.callers import RiskLevel
from hotline.models.roster import Line


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    FOLLOW_UP = "follow_up", _("in follow-up")
    CLOSED = "closed", _("closed")


class CaseOutcome(models.TextChoices):
    RESOLVED = "resolved", _("resolved")
    REFERRED_ON = "referred_on", _("handed over to another body")
    LOST_CONTACT = "lost_contact", _("contact lost")
    DECLINED = "declined", _("caller declined further help")


class StepKind(models.TextChoices):
    FOLLOW_UP_CALL = "follow_up_call", _("follow-up call")
    COUNSELLING_BOOKING = "counselling_booking", _("counselling booking")
    REFERRAL = "referral", _("referral")
    VISIT = "visit", _("visit")


class ReferralBody(models.TextChoices):
    LEGAL_AID = "legal_aid", _("legal aid")
    POLICY = "policy", _("policy consultation")
    COUNSELLING = "counselling", _("counselling")
    PSYCHIATRIC = "psychiatric", _("psychiatric care")
    PETITION = "petition", _("petition bureau")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent, awaiting an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    DONE = "done", _("done")


class HotlineCase(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="cases", on_delete=models.PROTECT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        related_name="hotline_cases",
        on_delete=models.PROTECT,
    )
    concern = models.TextField(_("concern"), max_length=4000)
    notes = models.TextField(_("notes"), max_length=8000, blank=True)
    risk = models.CharField(
        _("risk level"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.NONE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=CaseOutcome.choices, blank=True)
    crisis_followups_waived = models.TextField(
        _("why the crisis follow-ups were not made"), max_length=2000, blank=True
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hotline case")
        verbose_name_plural = _("hotline cases")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(outcome=""),
                name="hotline_case_closed_has_outcome",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="hotline_case_owner"),
            # A line's cases not closed (the board's ages, the case list): a few thousand
            # rows beside a growing history (bench/hotline_calls.py).
            models.Index(
                fields=["line", "created_at"],
                condition=~models.Q(status="closed"),
                name="hotline_case_line_open",
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_id)[:8]

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class Referral(models.Model):
    case = models.ForeignKey(
        HotlineCase, verbose_name=_("case"), related_name="referrals", on_delete=models.CASCADE
    )
    body = models.CharField(_("referred to"), max_length=16, choices=ReferralBody.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    answer_by = models.DateField(_("answer expected by"))
    feedback = models.TextField(_("feedback"), max_length=4000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged as unanswered"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["answer_by", "pk"]

    def __str__(self) -> str:
        return self.get_body_display()


class NextStep(models.Model):
    case = models.ForeignKey(
        HotlineCase, verbose_name=_("case"), related_name="steps", on_delete=models.CASCADE
    )
    kind = models.CharField(_("next step"), max_length=20, choices=StepKind.choices)
    due_at = models.DateTimeField(_("due"))
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        related_name="steps",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # A counselling booking made for the caller (appointments' booking public id: the
    # case learns its status through appointments.services, never its notes).
    booking_id = models.UUIDField(_("counselling booking"), null=True, blank=True)
    is_crisis_followup = models.BooleanField(_("crisis follow-up"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged as overdue"), null=True, blank=True)

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["done_at", "due_at"], name="hotline_step_due")]

    def __str__(self) -> str:
        return self.get_kind_display()
