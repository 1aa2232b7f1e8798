"""Office hours and slots: rooms, availability rules and their exceptions, and the
Slot rows the rules generate.

Availability rules generate real Slot rows; a booking holds one slot. One
active booking per slot is a partial unique constraint on every backend; on
PostgreSQL exclusion constraints over the counsellor's (and the room's) time
ranges guard overlaps too (see the migration).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("by phone")
    ONLINE = "online", _("online")


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", _("every week")
    MONTHLY_NTH = "monthly_nth", _("on given weeks of the month")


class Room(models.Model):
    """A counselling room of a station: two in-person sessions never share one at once."""

    station = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("station"),
        related_name="counselling_rooms",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("name"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counselling room")
        verbose_name_plural = _("counselling rooms")
        constraints = [
            models.UniqueConstraint(fields=["station", "name"], name="appointments_room_unique")
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.name}"


class AvailabilityRule(models.Model):
    """When a counsellor keeps office hours (坐班) at a station, in one mode.

    Weekly, or on given weeks of the month ("1st and 3rd Tuesday": weekday=1,
    weeks_of_month=[1, 3]; -1 is the last). Times are wall-clock times in the
    network's time zone.
    """

    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="availability_rules",
        on_delete=models.CASCADE,
    )
    station = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("station"),
        related_name="availability_rules",
        on_delete=models.PROTECT,
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        related_name="availability_rules",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    recurrence = models.CharField(
        _("repeats"), max_length=16, choices=Recurrence.choices, default=Recurrence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(_("weekday (0 = Monday)"))
    weeks_of_month = models.JSONField(_("weeks of the month"), default=list, blank=True)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    slot_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=50)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("break between sessions (minutes)"), default=10
    )
    horizon_days = models.PositiveSmallIntegerField(_("bookable ahead (days)"), default=28)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="appointments_rule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="appointments_rule_weekday_range"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=10), name="appointments_rule_slot_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.counsellor} · {self.station} · {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class ExceptionKind(models.TextChoices):
    LEAVE = "leave", _("leave (no sessions)")
    HOLIDAY = "holiday", _("holiday (no sessions)")
    EXTRA = "extra", _("extra office hours")


class AvailabilityException(models.Model):
    """A date that differs from the rules: leave, a holiday, or one-off extra hours."""

    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="availability_exceptions",
        on_delete=models.CASCADE,
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=ExceptionKind.choices)
    # For extra hours: where, how and when.
    station = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("station"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, blank=True)
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=50)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("break between sessions (minutes)"), default=10
    )
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("office-hours exception")
        verbose_name_plural = _("office-hours exceptions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="extra")
                | (
                    Q(station__isnull=False)
                    & Q(start_time__isnull=False)
                    & Q(end_time__isnull=False)
                    & ~Q(mode="")
                ),
                name="appointments_exception_extra_has_hours",
            )
        ]

    def __str__(self) -> str:
        return f"{self.counsellor} · {self.date} · {self.get_kind_display()}"


class Slot(models.Model):
    """One bookable session time, generated from a rule or an extra-hours exception."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="slots",
        on_delete=models.CASCADE,
    )
    station = models.ForeignKey(
        "network.OrgUnit", verbose_name=_("station"), related_name="slots", on_delete=models.PROTECT
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        related_name="slots",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    rule = models.ForeignKey(
        AvailabilityRule,
        verbose_name=_("office hours"),
        related_name="slots",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    exception = models.ForeignKey(
        AvailabilityException,
        verbose_name=_("extra hours"),
        related_name="slots",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Withdrawn slots stay when booked (the booking keeps its time); free ones are deleted.
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    # A booked slot that no longer fits the counsellor's rules: shown to the counsellor.
    needs_attention = models.BooleanField(_("no longer fits the office hours"), default=False)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["counsellor", "starts_at"], name="appointments_slot_one_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="appointments_slot_ends_after_start",
            ),
        ]
        indexes = [
            # Free-slot search: by station/mode and time.
            models.Index(fields=["station", "starts_at"], name="appointments_slot_station_time"),
            models.Index(fields=["starts_at", "mode"], name="appointments_slot_time_mode"),
        ]

    def __str__(self) -> str:
        return f"{self.counsellor} · {self.starts_at:%Y-%m-%d %H:%M}"
