"""One-to-one bookings (心灵之约): a worker holds one slot with a counsellor."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appointments.models.schedule import Room, Slot


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")


ACTIVE_BOOKING_STATUSES = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


class ReasonCategory(models.TextChoices):
    WORK_STRESS = "work_stress", _("work stress")
    FAMILY = "family", _("family")
    RELATIONSHIPS = "relationships", _("relationships")
    EMOTIONS = "emotions", _("emotions")
    PARENTING = "parenting", _("children and parenting")
    SLEEP = "sleep", _("sleep")
    OTHER = "other", _("something else")


class ReferredBy(models.TextChoices):
    HOTLINE = "hotline", _("the 12351 hotline")


class Booking(models.Model):
    """A worker's booking of one slot. The counsellor, times and room are copied
    from the slot so the database can guard overlaps by range."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), related_name="bookings", on_delete=models.PROTECT
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        related_name="bookings",
        on_delete=models.PROTECT,
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="counsellor_bookings",
        on_delete=models.PROTECT,
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        related_name="bookings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    reason = models.CharField(
        _("what it is about"), max_length=24, choices=ReasonCategory.choices, blank=True
    )
    meeting_link = models.URLField(_("meeting link"), blank=True)
    # The case this session belongs to (set when the counsellor opens or links one).
    case = models.ForeignKey(
        "Case",
        verbose_name=_("case"),
        related_name="sessions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # The partner app the booking was made through (None: the portal or staff). A partner
    # sees and changes only its own bookings (appointments.api).
    partner_app = models.ForeignKey(
        "network.PartnerApp",
        verbose_name=_("booked through partner app"),
        related_name="bookings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # A booking made for a caller by another service (the 12351 hotline): who referred
    # them, and the hand-over the caller agreed the counsellor may read (a narrative,
    # shown to the booking's counsellor only). See services.handover.
    referred_by = models.CharField(
        _("referred by"), max_length=16, choices=ReferredBy.choices, blank=True
    )
    handover = models.TextField(_("hand-over"), max_length=2000, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance marked by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_day_before = models.BooleanField(_("day-before reminder sent"), default=False)
    reminded_hour_before = models.BooleanField(_("hour-before reminder sent"), default=False)
    # The calendar event this booking is (notifications.ics): a reschedule writes a new
    # row that carries the first booking's public id and a higher sequence, so a worker's
    # calendar moves the one event instead of keeping the old time. None: its own public id.
    calendar_uid = models.UUIDField(_("calendar event id"), null=True, blank=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(
        _("calendar event revision"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=["booked", "attended", "no_show"]),
                name="appointments_booking_one_active_per_slot",
            )
        ]
        indexes = [
            # "My bookings" and the per-worker limit on open bookings.
            models.Index(fields=["worker", "status"], name="appointments_booking_worker"),
            # The counsellor's day.
            models.Index(fields=["counsellor", "starts_at"], name="appointments_booking_day"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.starts_at:%Y-%m-%d %H:%M}"
