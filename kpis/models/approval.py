"""Approval of a unit's figures for one month: submitted, approved, accepted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models import OrgUnit


class ApprovalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    ACCEPTED = "accepted", _("accepted")
    REOPENED = "reopened", _("reopened")


LOCKING = (ApprovalStatus.APPROVED, ApprovalStatus.ACCEPTED)


class Approval(models.Model):
    """The unit submits, its parent approves (locks), the city centre accepts.

    `snapshot` holds the figures ({code: value}) as they stood at the last approval, so
    the page shows what changed since; `approved_by`/`approved_at` stamp exports.
    """

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="kpi_approvals", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    status = models.CharField(_("status"), max_length=16, choices=ApprovalStatus.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True)
    snapshot = models.JSONField(_("figures at approval"), default=dict)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month"], name="kpis_approval_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}-{self.month:02d}: {self.status}"

    @property
    def locks(self) -> bool:
        return self.status in LOCKING
