"""Crisis escalation (心理危机干预): a line's escalation chain and the crisis incidents.

A chain is an ordered list of steps (whom to alert, how many minutes to wait for an
acknowledgement before the next step). When an incident opens, the chain is copied onto
it as JSON (`chain`), so a later edit of the line's chain never changes a running
incident (the Grafana OnCall rule). Acknowledged is not resolved: resolving needs the
protocol checklist.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline.models.roster import Line


class StepTarget(models.TextChoices):
    ON_DUTY_SUPERVISOR = "on_duty_supervisor", _("supervisor on duty")
    LINE_LEAD = "line_lead", _("hotline lead")
    USER = "user", _("a named person")


class EscalationChain(models.Model):
    """The escalation chain of a line (its steps in `steps`)."""

    line = models.OneToOneField(
        Line, verbose_name=_("line"), related_name="escalation_chain", on_delete=models.CASCADE
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("escalation chain")
        verbose_name_plural = _("escalation chains")

    def __str__(self) -> str:
        return str(self.line)


class EscalationStep(models.Model):
    chain = models.ForeignKey(
        EscalationChain, verbose_name=_("chain"), related_name="steps", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    target = models.CharField(_("whom to alert"), max_length=24, choices=StepTarget.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="+",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    wait_minutes = models.PositiveSmallIntegerField(
        _("minutes to wait for an acknowledgement"), default=5
    )

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["chain", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=StepTarget.USER) | Q(user__isnull=False),
                name="hotline_escalation_step_user_named",
            ),
            models.CheckConstraint(
                condition=Q(wait_minutes__gte=1), name="hotline_escalation_step_waits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.get_target_display()}"

    def as_json(self) -> dict[str, object]:
        return {"target": self.target, "user": self.user_id, "wait_minutes": self.wait_minutes}


class CrisisIncident(models.Model):
    """One crisis, from a call, a case or a contact request (one incident per source)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="crisis_incidents", on_delete=models.PROTECT
    )
    call = models.OneToOneField(
        "hotline.Call",
        verbose_name=_("call"),
        related_name="crisis_incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    case = models.OneToOneField(
        "hotline.HotlineCase",
        verbose_name=_("case"),
        related_name="crisis_incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    contact_request = models.OneToOneField(
        "hotline.ContactRequest",
        verbose_name=_("contact request"),
        related_name="crisis_incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    opened_at = models.DateTimeField(_("opened at"))
    chain = models.JSONField(_("escalation chain (as it was when the crisis began)"))
    step = models.PositiveSmallIntegerField(_("current step"), default=0)
    notified_at = models.DateTimeField(_("current step alerted at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    first_acknowledged_at = models.DateTimeField(_("first acknowledged at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    reminder_confirmed_at = models.DateTimeField(_("reminder confirmed at"), null=True, blank=True)
    reverted_count = models.PositiveSmallIntegerField(
        _("times an acknowledgement lapsed"), default=0
    )
    # The protocol checklist.
    safety_assessed = models.BooleanField(_("safety assessed"), default=False)
    emergency_contacted = models.BooleanField(
        _("emergency services contacted"), null=True, blank=True
    )
    emergency_reason = models.CharField(_("why (emergency services)"), max_length=300, blank=True)
    person_informed = models.CharField(_("person informed"), max_length=120, blank=True)
    followup_arranged = models.BooleanField(_("follow-up within 24 hours arranged"), default=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("crisis incident")
        verbose_name_plural = _("crisis incidents")
        ordering = ["-opened_at"]
        indexes = [
            # The beat job and the alert: open incidents.
            models.Index(fields=["resolved_at", "acknowledged_at"], name="hotline_crisis_open"),
            models.Index(fields=["line", "-opened_at"], name="hotline_crisis_line_time"),
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        """From opening to the first acknowledgement (the KPI)."""
        if self.first_acknowledged_at is None:
            return None
        return self.first_acknowledged_at - self.opened_at

    @property
    def time_to_resolve(self) -> timedelta | None:
        return None if self.resolved_at is None else self.resolved_at - self.opened_at

    @property
    def minutes_to_acknowledge(self) -> int | None:
        taken = self.time_to_acknowledge
        return None if taken is None else round(taken.total_seconds() / 60)

    @property
    def minutes_to_resolve(self) -> int | None:
        taken = self.time_to_resolve
        return None if taken is None else round(taken.total_seconds() / 60)

    @property
    def source_kind(self) -> str:
        if self.call_id:
            return "call"
        if self.case_id:
            return "case"
        return "contact_request"
