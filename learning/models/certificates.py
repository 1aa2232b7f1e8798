"""Training certificates: a number, issue and expiry dates, a random verification code.

A certificate's status is computed: revoked (with a reason), expired after its expiry
date, valid otherwise. A renewal (after a passed refresher exam) is a new certificate
pointing at the one it renews; at most one renewal per certificate and one first
certificate per enrolment, so issuing twice gives the same certificate.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from learning.models.papers import Attempt
from learning.models.training import Enrolment


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class Certificate(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        related_name="certificates",
        on_delete=models.PROTECT,
    )
    number = models.CharField(_("certificate number"), max_length=24, unique=True)
    # Random and unguessable: the public verification page and API are keyed on it.
    code = models.CharField(_("verification code"), max_length=32, unique=True, editable=False)
    holder_name = models.CharField(_("holder's name"), max_length=80)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    renews = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        related_name="renewal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("exam attempt"),
        related_name="certificates",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training certificate")
        verbose_name_plural = _("training certificates")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(renews__isnull=True),
                name="learning_certificate_one_first_per_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="learning_certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="learning_certificate_revoked_with_reason",
            ),
        ]
        indexes = [
            # The KPI count: certificates by issue year (learning.selectors.certified_counts).
            models.Index(fields=["issued_on"], name="learning_certificate_issued"),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day: date) -> CertificateStatus:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        if day > self.expires_on:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID
