"""Personal PDF reports (心理健康评估报告)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.submissions import Submission


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class Report(models.Model):
    """A personal PDF report (心理健康评估报告), made in the background by Celery.

    The row is written with the request (status pending) and the task is sent
    on commit; the beat sweeper re-sends rows left pending. The PDF is kept in
    the database, so web and worker processes need no shared disk.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), related_name="reports", on_delete=models.CASCADE
    )
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error_code = models.CharField(_("error"), max_length=64, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    # The site's address when the report was asked for (https://host): the PDF prints
    # full links, and the task that makes it has no request to ask.
    link_base = models.CharField(_("site address"), max_length=200, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("task sent at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # Exactly one report per submission and language, however often it is asked for.
            models.UniqueConstraint(
                fields=["submission", "language"], name="assessments_report_one_per_language"
            )
        ]
        indexes = [
            # The sweeper: reports left pending.
            models.Index(fields=["status", "requested_at"], name="assessments_report_sweep"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.language} · {self.status}"
