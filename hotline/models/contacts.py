"""Contact requests: "please contact me" from anywhere, the hotline's call-back queue.

Other apps (assessments' call-backs, lecture feedback) and partner apps hand a request
in through `hotline.services.request_contact` with plain text; hotline imports nothing
from them. The number goes into the caller's encrypted profile, never into this row.
Each request is assigned, called and closed with an outcome; one carrying risk and left
open past `due_at` is flagged by a beat job (hotline.tasks).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline.models.callers import CallerProfile, RiskLevel
from hotline.models.roster import Line


class ContactSource(models.TextChoices):
    ASSESSMENT = "assessment", _("self-assessment call-back")
    LECTURE = "lecture", _("lecture feedback")
    PARTNER = "partner", _("partner app")
    STAFF = "staff", _("staff")


class ContactStatus(models.TextChoices):
    OPEN = "open", _("waiting")
    ASSIGNED = "assigned", _("assigned")
    CLOSED = "closed", _("closed")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("reached and counselled")
    REFERRED = "referred", _("reached and referred")
    CASE_OPENED = "case_opened", _("reached, case opened")
    NO_ANSWER = "no_answer", _("no answer after several tries")
    DECLINED = "declined", _("declined to talk")
    WRONG_NUMBER = "wrong_number", _("wrong number")
    DUPLICATE = "duplicate", _("duplicate request")


class ContactRequest(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="contact_requests", on_delete=models.PROTECT
    )
    source = models.CharField(_("source"), max_length=16, choices=ContactSource.choices)
    # The asking side's own id (e.g. the call-back request's), so a repeat updates the row.
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    summary = models.TextField(_("summary"), max_length=1000)
    risk = models.CharField(
        _("risk level"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.NONE
    )
    contact_name = models.CharField(_("how to address them"), max_length=40, blank=True)
    preferred_time = models.CharField(_("best time to call"), max_length=80, blank=True)
    caller = models.ForeignKey(
        CallerProfile,
        verbose_name=_("caller"),
        related_name="contact_requests",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    partner_app = models.ForeignKey(
        "network.PartnerApp",
        verbose_name=_("partner app"),
        related_name="hotline_contact_requests",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ContactStatus.choices, default=ContactStatus.OPEN
    )
    created_at = models.DateTimeField(_("asked at"))
    due_at = models.DateTimeField(_("to be handled by"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        related_name="hotline_contact_requests",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("call attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last tried at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ContactOutcome.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    overdue_flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"],
                condition=~Q(reference=""),
                name="hotline_contact_one_per_reference",
            ),
            models.CheckConstraint(
                condition=~Q(status=ContactStatus.CLOSED)
                | (~Q(outcome="") & Q(closed_at__isnull=False)),
                name="hotline_contact_closed_has_outcome",
            ),
        ]
        indexes = [
            # The queue: a line's requests not closed, oldest first.
            models.Index(fields=["line", "status", "created_at"], name="hotline_contact_queue"),
            # The desk's queue reads "not closed": the requests still waiting, by age.
            models.Index(
                fields=["line", "created_at"],
                condition=~Q(status=ContactStatus.CLOSED),
                name="hotline_contact_waiting",
            ),
            # The overdue sweep: open requests with a deadline.
            models.Index(fields=["status", "due_at"], name="hotline_contact_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_overdue_flagged(self) -> bool:
        return self.overdue_flagged_at is not None and self.status != ContactStatus.CLOSED
