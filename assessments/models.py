"""Instruments and their versions.

An instrument's content (items, options, bands, rules) lives in versioned
definitions: editing an instrument creates a new `InstrumentVersion`, and
anything answered against a version (a future `Submission.instrument_version`
foreign key) keeps scoring against that version's definition.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.scoring import License
from core import clock


class Instrument(models.Model):
    """A questionnaire, e.g. PHQ-9; its content is in its versions."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    short_name = models.CharField(_("short name"), max_length=32)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    license = models.CharField(
        _("licence"), max_length=16, choices=License.choices, default=License.FREE
    )
    is_active = models.BooleanField(
        _("offered to workers"),
        default=True,
        help_text=_("Retired instruments keep their versions and answers."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.short_name} {self.name}"

    @property
    def current_version(self) -> InstrumentVersion | None:
        return self.versions.filter(is_current=True).first()


class InstrumentVersionQuerySet(models.QuerySet["InstrumentVersion"]):
    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - {"is_current"}:
            raise TypeError("Instrument versions are never edited: create a new version.")
        return super().update(**kwargs)

    def current(self) -> InstrumentVersionQuerySet:
        return self.filter(is_current=True)


class InstrumentVersion(models.Model):
    """One immutable definition of an instrument; only `is_current` ever changes."""

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        related_name="versions",
        # Versions hold what answers were scored against: never cascade them away.
        on_delete=models.PROTECT,
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        help_text=_("SHA-256 of the definition as canonical JSON."),
    )
    is_current = models.BooleanField(_("current version"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="assessments_instrumentversion_unique_number"
            ),
            models.UniqueConstraint(
                fields=["instrument"],
                condition=Q(is_current=True),
                name="assessments_instrumentversion_one_current",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="assessments_instrumentversion_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (
            update_fields is None or set(update_fields) - {"is_current"}
        ):
            raise TypeError("Instrument versions are never edited: create a new version.")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            scoring.parse_definition(self.definition)
        except scoring.InstrumentDefinitionError as exc:
            raise ValidationError({"definition": exc.message}) from exc

    @cached_property
    def parsed(self) -> scoring.Definition:
        """The typed definition (stored definitions were validated when written)."""
        return scoring.parse_definition(self.definition)

    def score(self, answers: list[int]) -> scoring.Result:
        """Score answers against this version, whichever version is current now."""
        return scoring.score(self.parsed, answers)


# --- campaigns, submissions, reports, call-backs ------------------------------------------


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


class Campaign(models.Model):
    """A unit assessment (单位测评服务): the campaign only tags anonymous submissions."""

    code = models.CharField(_("join code"), max_length=16, unique=True, editable=False)
    unit = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("unit"),
        related_name="assessment_campaigns",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("name"), max_length=160)
    instruments = models.ManyToManyField(
        Instrument, verbose_name=_("instruments"), related_name="campaigns"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # Ending early keeps the planned dates (the report shows the true period) and
    # records when answering stopped.
    ended_at = models.DateTimeField(_("ended early at"), null=True, blank=True)
    workforce = models.PositiveIntegerField(_("number of workers invited"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit assessment campaign")
        verbose_name_plural = _("unit assessment campaigns")
        ordering = ["-opens_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="assessments_campaign_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(workforce__gte=1), name="assessments_campaign_workforce_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ended_on(self) -> date | None:
        """The day the campaign was ended early (network time), or None."""
        return clock.local_date(self.ended_at) if self.ended_at is not None else None

    @property
    def last_day(self) -> date:
        """The last day answers could come in: the planned last day, or the day it ended."""
        ended = self.ended_on
        return self.closes_on if ended is None else min(self.closes_on, ended)

    def is_closed_on(self, day: date) -> bool:
        """No more answers: ended early, or past its last day."""
        return self.ended_at is not None or day > self.closes_on

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day and not self.is_closed_on(day)


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
    contact_phone = models.CharField(_("phone number to call"), max_length=32)
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
