"""Instruments and their versions.

An instrument's content (items, options, bands, rules) lives in versioned
definitions: editing an instrument creates a new `InstrumentVersion`, and
anything answered against a version (a future `Submission.instrument_version`
foreign key) keeps scoring against that version's definition.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.scoring import License

# Parsed definitions by version (id, content hash, creation time). A version never changes
# (save() refuses edits), so its definition is read and parsed once per process.
_PARSED: dict[tuple[int, str, Any], scoring.Definition] = {}


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
        """The typed definition (stored definitions were validated when written).

        Parsed once per version per process: a version loaded with `definition` deferred
        reads it from the database only the first time.
        """
        key = (self.pk, self.content_hash, self.created_at)
        saved = not self._state.adding and self.pk is not None
        found = _PARSED.get(key) if saved else None
        if found is None:
            found = scoring.parse_definition(self.definition)
            if saved:
                _PARSED[key] = found
        return found

    def score(self, answers: list[int]) -> scoring.Result:
        """Score answers against this version, whichever version is current now."""
        return scoring.score(self.parsed, answers)
