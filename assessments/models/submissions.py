"""Anonymous submissions, their optional demographics, and the personal archive."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.campaigns import Campaign
from assessments.models.instruments import InstrumentVersion


class AgeBand(models.TextChoices):
    UNDER_25 = "u25", _("under 25")
    FROM_25 = "25_34", _("25–34")
    FROM_35 = "35_44", _("35–44")
    FROM_45 = "45_54", _("45–54")
    FROM_55 = "55_plus", _("55 and over")


class KeyGroup(models.TextChoices):
    GIG_WORKER = "gig", _("new-employment-form worker (courier, rider, ride-hailing driver…)")
    WOMAN_WORKER = "woman", _("woman worker")
    HARDSHIP_FAMILY = "hardship", _("family in hardship")
    NONE = "none", _("none of these")


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("manufacturing")
    LOGISTICS = "logistics", _("transport, logistics and delivery")
    CONSTRUCTION = "construction", _("construction")
    RETAIL = "retail", _("retail, hotels and catering")
    HEALTH = "health", _("health and care")
    EDUCATION = "education", _("education")
    PUBLIC = "public", _("public service")
    FINANCE = "finance", _("finance and IT")
    OTHER = "other", _("other")


class Submission(models.Model):
    """One anonymous answer set.

    It has no user, no IP address, no device id and no free text: only the
    answers, their scores, optional demographics the worker chose to give, and
    the SHA-256 of a random retrieval code the worker keeps. A worker who
    keeps a personal archive links submissions through ArchiveEntry, with
    consent, never through a field here.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # The questionnaires of one check-up bundle share one code (and digest).
    retrieval_hash = models.CharField(_("retrieval code digest"), max_length=64)
    instrument_version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrument version"),
        related_name="submissions",
        on_delete=models.PROTECT,
    )
    # Raw answers are sensitive: emptied when the retention period ends.
    answers = models.JSONField(_("answers"), null=True, blank=True)
    total = models.DecimalField(_("total score"), max_digits=7, decimal_places=2)
    percentage = models.DecimalField(
        _("percentage score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    subscales = models.JSONField(_("subscale scores"), default=dict, blank=True)
    band_code = models.CharField(_("band"), max_length=32)
    severity = models.PositiveSmallIntegerField(_("severity rank"))
    risk = models.BooleanField(_("risk result"), default=False)
    risk_reasons = models.JSONField(_("risk reasons"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, default="zh-hans")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        related_name="submissions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # The unit the result counts for: the campaign's unit, or the district the worker chose.
    unit = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("unit"),
        related_name="assessment_submissions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    unit_path = models.CharField(_("unit path"), max_length=255, blank=True, db_index=True)
    industry = models.CharField(_("industry"), max_length=24, choices=Industry.choices, blank=True)
    key_group = models.CharField(
        _("key group"), max_length=16, choices=KeyGroup.choices, blank=True
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    # The first day the result is no longer kept. A date, like submitted_on: no
    # stored time of an anonymous submission is finer than its day.
    expires_on = models.DateField(_("expires on"), db_index=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_on", "-id"]
        indexes = [
            # Campaign reports and risk counts per unit and day.
            models.Index(fields=["campaign", "band_code"], name="assessments_sub_campaign_band"),
            models.Index(fields=["unit_path", "submitted_on"], name="assessments_sub_unit_day"),
            # Opening results by retrieval code (services.submissions_for_code).
            models.Index(fields=["retrieval_hash"], name="assessments_sub_code"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_version} · {self.submitted_on}"


class ArchiveConsent(models.Model):
    """A logged-in worker's explicit, revocable consent to keep results (心理健康档案)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="assessment_archive_consent",
        on_delete=models.CASCADE,
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("archive consent")
        verbose_name_plural = _("archive consents")

    def __str__(self) -> str:
        return str(self.user)


class ArchiveEntry(models.Model):
    consent = models.ForeignKey(
        ArchiveConsent,
        verbose_name=_("archive consent"),
        related_name="entries",
        on_delete=models.CASCADE,
    )
    submission = models.OneToOneField(
        Submission,
        verbose_name=_("submission"),
        related_name="archive_entry",
        on_delete=models.CASCADE,
    )

    class Meta:
        verbose_name = _("archive entry")
        verbose_name_plural = _("archive entries")

    def __str__(self) -> str:
        return str(self.submission)
