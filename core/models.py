"""Shared models: the outbox of side effects (core.outbox)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxKind(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    TASK = "task", _("Background work")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Too late, not sent")


def _dedupe_key() -> str:
    return uuid.uuid4().hex


class OutboxMessage(models.Model):
    """One side effect (an SMS, an e-mail, a piece of background work) to deliver once.

    Written in the transaction of what caused it; delivered by
    core.outbox.deliver. The payload holds what sending needs (a number, a
    text) and is emptied once sent; it is never logged.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=OutboxKind.choices)
    purpose = models.CharField(_("purpose"), max_length=64)
    dedupe_key = models.CharField(
        _("deduplication key"), max_length=200, unique=True, default=_dedupe_key
    )
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    queued_at = models.DateTimeField(_("last queued at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # A reminder is pointless once its session has begun: after this it is dropped, not sent.
    not_after = models.DateTimeField(_("useless after"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            # The sweeper: rows pending or being sent, oldest attempt first.
            models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.purpose} #{self.pk} ({self.status})"
