"""The duty roster: a line's settings, shift templates, rolling patterns and shifts.

A rolling pattern (e.g. a one- or two-week rota) says which shift templates run on
which weekday of which week of its cycle and who works them. Its occurrences are not
stored: they are worked out for any window (hotline.rota), so an edit of the pattern
applies at once to every later day. A `Shift` row is a one-off: an extra shift, or one
occurrence of the pattern that was changed (cancelled, a person replaced, a swap) and
from then on stands on its own. Times are wall-clock in the network's time zone
(core.clock); a template whose end is not after its start runs past midnight.
"""

from __future__ import annotations

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Duty(models.TextChoices):
    OPERATOR = "operator", _("operator")
    SUPERVISOR = "supervisor", _("supervisor")


class Line(models.Model):
    """A hotline run by one org unit, with its roster settings."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.OneToOneField(
        "network.OrgUnit",
        verbose_name=_("unit"),
        related_name="hotline_line",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("name"), max_length=120)
    number = models.CharField(_("number"), max_length=32, default="12351")
    min_operators = models.PositiveSmallIntegerField(_("operators needed at any time"), default=1)
    min_supervisors = models.PositiveSmallIntegerField(
        _("supervisors needed at any time"), default=1
    )
    night_starts = models.TimeField(_("night begins"), default=time(0))
    night_ends = models.TimeField(_("night ends"), default=time(6))
    night_shift_limit = models.PositiveSmallIntegerField(
        _("night shifts per person in 30 days before a warning"), default=8
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hotline lead (reached when nobody is on duty)"),
        related_name="led_hotline_lines",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hotline line")
        verbose_name_plural = _("hotline lines")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_operators__gte=1) & Q(min_supervisors__gte=0),
                name="hotline_line_minimum_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class ShiftTemplate(models.Model):
    """A named shift of a line: "day 08:00–16:00", "night 22:00–08:00" (past midnight)."""

    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="templates", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=60)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"), help_text=_("Not after the start: ends the next day."))

    class Meta:
        verbose_name = _("shift template")
        verbose_name_plural = _("shift templates")
        ordering = ["line", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["line", "name"], name="hotline_template_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts:%H:%M}–{self.ends:%H:%M}"


class RosterPattern(models.Model):
    """A rota repeating every `cycle_weeks` weeks, its first week starting on `anchor`."""

    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="patterns", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=80)
    cycle_weeks = models.PositiveSmallIntegerField(_("repeats every (weeks)"), default=1)
    anchor = models.DateField(_("first week begins (a Monday)"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rolling pattern")
        verbose_name_plural = _("rolling patterns")
        ordering = ["line", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cycle_weeks__gte=1) & Q(cycle_weeks__lte=12),
                name="hotline_pattern_cycle_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="hotline_pattern_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PatternEntry(models.Model):
    """One shift of the pattern: `template` on `weekday` (0 = Monday) of cycle week `week`."""

    pattern = models.ForeignKey(
        RosterPattern, verbose_name=_("pattern"), related_name="entries", on_delete=models.CASCADE
    )
    week = models.PositiveSmallIntegerField(_("week of the cycle (0 = first)"), default=0)
    weekday = models.PositiveSmallIntegerField(_("weekday (0 = Monday)"))
    template = models.ForeignKey(
        ShiftTemplate,
        verbose_name=_("shift"),
        related_name="entries",
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("pattern shift")
        verbose_name_plural = _("pattern shifts")
        ordering = ["pattern", "week", "weekday", "template__starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["pattern", "week", "weekday", "template"],
                name="hotline_entry_unique",
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="hotline_entry_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.pattern} · {self.week}/{self.weekday} · {self.template}"


class PatternAssignment(models.Model):
    """Who works a pattern shift, and on which duty."""

    entry = models.ForeignKey(
        PatternEntry,
        verbose_name=_("pattern shift"),
        related_name="people",
        on_delete=models.CASCADE,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="hotline_pattern_assignments",
        on_delete=models.CASCADE,
    )
    duty = models.CharField(_("duty"), max_length=16, choices=Duty.choices)

    class Meta:
        verbose_name = _("pattern assignment")
        verbose_name_plural = _("pattern assignments")
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="hotline_pattern_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_duty_display()}"


class ShiftKind(models.TextChoices):
    PATTERN = "pattern", _("from the pattern, changed")
    EXTRA = "extra", _("extra shift")


class Shift(models.Model):
    """A one-off shift: an extra one, or a pattern occurrence that was changed."""

    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="shifts", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ShiftKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # The occurrence this row replaces: (entry, day). Kept when the entry is deleted
    # (set null): the shift stands on its own.
    entry = models.ForeignKey(
        PatternEntry,
        verbose_name=_("pattern shift"),
        related_name="shifts",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    occurrence_day = models.DateField(_("day of the pattern"), null=True, blank=True)
    label = models.CharField(_("name"), max_length=60, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
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
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="hotline_shift_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["entry", "occurrence_day"],
                condition=Q(entry__isnull=False),
                name="hotline_shift_one_per_occurrence",
            ),
        ]
        indexes = [
            # The roster window, on-duty-now and welfare: shifts of a line overlapping a time.
            models.Index(fields=["line", "starts_at"], name="hotline_shift_line_start"),
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.starts_at:%Y-%m-%d %H:%M}"


class ShiftAssignment(models.Model):
    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), related_name="people", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="hotline_shift_assignments",
        on_delete=models.CASCADE,
    )
    duty = models.CharField(_("duty"), max_length=16, choices=Duty.choices)

    class Meta:
        verbose_name = _("shift assignment")
        verbose_name_plural = _("shift assignments")
        constraints = [
            models.UniqueConstraint(fields=["shift", "user"], name="hotline_shift_person_once")
        ]
        indexes = [
            # A person's shifts (overlap checks of swaps, welfare counts).
            models.Index(fields=["user", "shift"], name="hotline_assignment_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_duty_display()}"
