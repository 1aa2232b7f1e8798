"""A unit's annual report as a PDF, made in the background (kpis.tasks.render_annual_report)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models import OrgUnit


class AnnualReportStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class AnnualReport(models.Model):
    """Written with the request (status pending) and filled by the task; the sweeper
    re-sends rows left pending."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="kpi_reports", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=16)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AnnualReportStatus.choices,
        default=AnnualReportStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    error_code = models.CharField(_("error"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        indexes = [
            # The progress page: the latest report of a unit and year.
            models.Index(fields=["unit", "year", "-requested_at"], name="kpis_report_unit_year"),
            # The sweeper: rows left pending.
            models.Index(fields=["status", "requested_at"], name="kpis_report_status"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.status}"
