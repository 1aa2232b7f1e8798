"""Repeat callers: a profile keyed on a keyed HMAC of the number, the number encrypted.

No name is needed or kept. The number is only ever a Fernet token here (core.crypto);
the digest finds the profile again when the same number calls. Shown to the line's
operators only, and every showing of the number is audit-logged (hotline.services.callers).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.models.roster import Line


class RiskLevel(models.TextChoices):
    """How much risk a call or a request carries; `CRISIS` is the crisis flag."""

    NONE = "none", _("no risk seen")
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    CRISIS = "crisis", _("crisis: risk of harm now")


# Levels that put a flag on the caller's profile and make a contact request urgent.
FLAGGED_RISKS = (RiskLevel.HIGH, RiskLevel.CRISIS)


class CallerProfile(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="callers", on_delete=models.CASCADE
    )
    number_digest = models.CharField(_("number key (keyed HMAC)"), max_length=64, editable=False)
    number_encrypted = models.TextField(_("number (encrypted)"), editable=False)
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("caller profile")
        verbose_name_plural = _("caller profiles")
        constraints = [
            # Also the repeat-caller look-up: (line, digest).
            models.UniqueConstraint(
                fields=["line", "number_digest"], name="hotline_caller_one_per_number"
            )
        ]

    def __str__(self) -> str:
        return str(_("caller %(id)s") % {"id": str(self.public_id)[:8]})


class CallerFlag(models.Model):
    """A risk seen on a call, shown on the caller's later calls until it expires."""

    profile = models.ForeignKey(
        CallerProfile, verbose_name=_("caller"), related_name="flags", on_delete=models.CASCADE
    )
    risk = models.CharField(_("risk level"), max_length=16, choices=RiskLevel.choices)
    raised_at = models.DateTimeField(_("raised at"))
    expires_at = models.DateTimeField(_("expires at"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    source = models.CharField(_("source"), max_length=64)

    class Meta:
        verbose_name = _("caller risk flag")
        verbose_name_plural = _("caller risk flags")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "source"], name="hotline_flag_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_risk_display()} · {self.expires_at:%Y-%m-%d}"
