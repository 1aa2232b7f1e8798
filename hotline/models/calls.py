"""The call log: one row per call an operator takes, saved as a draft while it runs.

A hotline case (a later part of the hotline) links to calls by a foreign key from the
case side or a nullable `case` here; the call keeps its own risk level (`CRISIS` is
the crisis flag) so the crisis path can start from a call alone.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline.models.callers import CallerProfile, RiskLevel
from hotline.models.roster import Line


class CallTopic(models.Model):
    """An entry of the editable topic list (admin); seeded by the migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("call topic")
        verbose_name_plural = _("call topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    CHAT = "chat", _("online chat")
    WALK_IN = "walk_in", _("walk-in")
    PETITION = "petition", _("petition desk")
    CALL_BACK = "call_back", _("call-back")


class CallerType(models.TextChoices):
    WORKER = "worker", _("worker")
    FAMILY = "family", _("family member")
    EMPLOYER = "employer", _("employer")
    OTHER = "other", _("other")


class CallOutcome(models.TextChoices):
    COUNSELLED = "counselled", _("counselled on the call")
    REFERRED = "referred", _("referred")
    CASE_OPENED = "case_opened", _("case opened")
    CALL_BACK = "call_back", _("call-back scheduled")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    LOGGED = "logged", _("logged")


class CallSource(models.TextChoices):
    STAFF = "staff", _("call form")
    API = "api", _("telephony or chat system")


class Call(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="calls", on_delete=models.PROTECT
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        related_name="hotline_calls",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=8, choices=CallSource.choices, default=CallSource.STAFF
    )
    started_at = models.DateTimeField(_("time of the call"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.PHONE
    )
    caller_type = models.CharField(
        _("caller"), max_length=16, choices=CallerType.choices, blank=True
    )
    topics = models.ManyToManyField(
        CallTopic, verbose_name=_("topics"), related_name="calls", blank=True
    )
    gig_worker = models.BooleanField(_("gig worker"), default=False)
    woman_worker = models.BooleanField(_("woman worker"), default=False)
    hardship_family = models.BooleanField(_("family in hardship"), default=False)
    district = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("district"),
        related_name="hotline_calls",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    risk = models.CharField(
        _("risk level"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.NONE
    )
    summary = models.TextField(_("short summary"), max_length=2000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CallOutcome.choices, blank=True)
    caller = models.ForeignKey(
        CallerProfile,
        verbose_name=_("caller"),
        related_name="calls",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    contact_request = models.ForeignKey(
        "hotline.ContactRequest",
        verbose_name=_("contact request answered"),
        related_name="calls",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        "hotline.HotlineCase",
        verbose_name=_("case"),
        related_name="calls",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CallStatus.DRAFT)
                | (Q(logged_at__isnull=False) & ~Q(outcome="") & ~Q(caller_type="")),
                name="hotline_call_logged_is_complete",
            )
        ]
        indexes = [
            # The operator's drafts and recent calls.
            models.Index(
                fields=["operator", "status", "-started_at"], name="hotline_call_operator"
            ),
            # A line's calls by time (the board, the day's log).
            models.Index(fields=["line", "-started_at"], name="hotline_call_line_time"),
            # A returning caller's previous calls (the banner).
            models.Index(fields=["caller", "-started_at"], name="hotline_call_caller"),
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_crisis(self) -> bool:
        return self.risk == RiskLevel.CRISIS
