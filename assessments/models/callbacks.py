"""Call-back requests: the crisis path from a result to the hotline."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.submissions import Submission
from core import crypto


class CallbackStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("being handled")
    CLOSED = "closed", _("closed")


class CallbackRequest(models.Model):
    """A worker at risk asked the hotline to call back, giving a contact with consent.

    The contact is personal data: shown only to hotline staff, never logged.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        related_name="callback_requests",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    instrument_code = models.CharField(_("instrument"), max_length=32)
    band_code = models.CharField(_("band"), max_length=32)
    risk_reasons = models.JSONField(_("risk reasons"), default=list, blank=True)
    # The number as a Fernet token (core.crypto), read and written through `contact_phone`;
    # emptied when the request is handled or past retention.
    contact_phone_token = models.CharField(
        _("phone number to call (encrypted)"), max_length=255, blank=True
    )
    contact_name = models.CharField(_("how to address you"), max_length=40, blank=True)
    preferred_time = models.CharField(_("best time to call"), max_length=80, blank=True)
    consent = models.BooleanField(_("consent to be called"))
    duty_unit = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("duty unit"),
        related_name="callback_requests",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CallbackStatus.choices, default=CallbackStatus.OPEN
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call-back request")
        verbose_name_plural = _("call-back requests")
        ordering = ["status", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True), name="assessments_callback_needs_consent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_code} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def contact_phone(self) -> str:
        """The number to call, in E.164; "" once removed."""
        return crypto.decrypt(self.contact_phone_token)

    @contact_phone.setter
    def contact_phone(self, number: str) -> None:
        self.contact_phone_token = crypto.encrypt(number) if number else ""
