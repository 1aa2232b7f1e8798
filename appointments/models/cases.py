"""Counselling cases and the closed loop (发现—疏导—跟进): cases, follow-ups,
session notes and referrals.

Note bodies, follow-up results and referral feedback are confidential (never logged,
see core.log_filters).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from appointments.models.bookings import Booking, ReasonCategory
from core import clock
from network.pseudonyms import worker_pseudonym


class RiskLevel(models.TextChoices):
    LOW = "low", _("low")
    MODERATE = "moderate", _("moderate")
    HIGH = "high", _("high")
    CRISIS = "crisis", _("crisis (immediate risk)")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    FOLLOW_UP = "follow_up", _("in follow-up")
    CLOSED = "closed", _("closed")


class CaseOutcome(models.TextChoices):
    IMPROVED = "improved", _("improved, no further sessions needed")
    REFERRED = "referred", _("referred on and handed over")
    WORKER_ENDED = "worker_ended", _("the worker ended the counselling")
    UNREACHABLE = "unreachable", _("the worker could not be reached")
    OTHER = "other", _("other")


class Case(models.Model):
    """A worker's counselling with one counsellor: sessions, notes, follow-ups, referrals.

    While open a case always has a next step, the next booked session or an
    open follow-up with a due date (services.cases keeps that true); it
    closes only with an outcome (a database constraint).
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        related_name="counselling_cases",
        on_delete=models.PROTECT,
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="counsellor_cases",
        on_delete=models.PROTECT,
    )
    station = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("station"),
        related_name="counselling_cases",
        on_delete=models.PROTECT,
    )
    concern = models.CharField(
        _("presenting concern"), max_length=24, choices=ReasonCategory.choices
    )
    risk_level = models.CharField(
        _("risk level"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=CaseOutcome.choices, blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("counselling case")
        verbose_name_plural = _("counselling cases")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_at__isnull=False)),
                name="appointments_case_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="closed") | Q(outcome=""),
                name="appointments_case_outcome_only_when_closed",
            ),
        ]
        indexes = [
            # The counsellor's open cases.
            models.Index(fields=["counsellor", "status"], name="appointments_case_counsellor"),
            # A station's cases (station lead, clinical supervisor).
            models.Index(fields=["station", "status"], name="appointments_case_station"),
        ]

    def __str__(self) -> str:
        return f"{self.get_concern_display()} · {self.opened_at:%Y-%m-%d}"

    @property
    def title(self) -> str:
        """How pages name the case: the worker's pseudonym and the day it opened."""
        opened = clock.local(self.opened_at)
        return gettext("%(worker)s · %(date)s") % {
            "worker": worker_pseudonym(self.worker_id),
            "date": opened.date().isoformat(),
        }


class FollowUpKind(models.TextChoices):
    PHONE_CALL = "phone_call", _("phone call")
    MESSAGE = "message", _("message")
    VISIT = "visit", _("visit")
    BOOK_SESSION = "book_session", _("agree the next session")
    OTHER = "other", _("other")


class FollowUp(models.Model):
    """A follow-up task of a case with a due date; open until done."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), related_name="followups", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FollowUpKind.choices)
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        related_name="assigned_followups",
        on_delete=models.PROTECT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # What happened, in a few words (confidential like notes: counsellor and supervisor).
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [
            # Overdue lists: open follow-ups by due date.
            models.Index(fields=["done_at", "due_on"], name="appointments_followup_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.due_on}"


class SessionNote(models.Model):
    """A counsellor's confidential note on a case (or one of its sessions).

    Readable only by its author and clinical supervisors reaching the station;
    every read is audit-logged. Immutable after NOTE_EDIT_HOURS; later changes
    are addenda (a note pointing at the note it adds to).
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), related_name="notes", on_delete=models.PROTECT
    )
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("session"),
        related_name="notes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="session_notes",
        on_delete=models.PROTECT,
    )
    addendum_to = models.ForeignKey(
        "self",
        verbose_name=_("addendum to"),
        related_name="addenda",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        verbose_name = _("session note")
        verbose_name_plural = _("session notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        # Never the body: this string can reach logs and admin messages.
        return f"{_('session note')} #{self.pk}"


class ReferralTarget(models.TextChoices):
    LEGAL_AID = "legal_aid", _("legal aid (法律援助)")
    POLICY = "policy", _("policy consultation (政策咨询)")
    HOSPITAL = "hospital", _("psychiatric hospital")
    HOTLINE = "hotline", _("12351 hotline")
    COUNSELLOR = "counsellor", _("another counsellor")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")


class Referral(models.Model):
    """One-stop service: a case referred to legal aid, policy, a hospital, the hotline
    or another counsellor, with status and feedback, on the case timeline."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), related_name="referrals", on_delete=models.CASCADE
    )
    target = models.CharField(_("referred to"), max_length=16, choices=ReferralTarget.choices)
    to_counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor referred to"),
        related_name="referrals_received",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisation = models.CharField(_("organisation or service"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    feedback = models.TextField(_("feedback"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target="counsellor") | Q(to_counsellor__isnull=False),
                name="appointments_referral_counsellor_named",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} · {self.get_status_display()}"
