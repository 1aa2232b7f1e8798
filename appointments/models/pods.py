"""Emotion-regulation pods and relaxation rooms (情绪调节舱) and their 15-minute bookings."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PodKind(models.TextChoices):
    POD = "pod", _("emotion-regulation pod")
    RELAXATION_ROOM = "relaxation_room", _("relaxation room")


class Pod(models.Model):
    """A bookable emotion-regulation pod or relaxation room at a station."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    station = models.ForeignKey(
        "network.OrgUnit", verbose_name=_("station"), related_name="pods", on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PodKind.choices, default=PodKind.POD)
    name = models.CharField(_("name"), max_length=80)
    # Daily window in the network's time zone on the given weekdays (0 = Monday).
    weekdays = models.JSONField(_("weekdays (0 = Monday)"), default=list)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pod or relaxation room")
        verbose_name_plural = _("pods and relaxation rooms")
        constraints = [
            models.UniqueConstraint(fields=["station", "name"], name="appointments_pod_unique"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="appointments_pod_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.name}"

    @property
    def title(self) -> str:
        """The pod as pages name it: "情绪调节舱一号", or "一号 · 情绪调节舱" when the name
        does not already say its kind (never "情绪调节舱一号 · 情绪调节舱")."""
        kind = str(self.get_kind_display())
        if kind.casefold() in str(self.name).casefold():
            return str(self.name)
        return gettext("%(name)s · %(kind)s") % {"name": self.name, "kind": kind}


class PodBookingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    USED = "used", _("used")
    CANCELLED = "cancelled", _("cancelled")
    NO_SHOW = "no_show", _("did not come")


class PodBooking(models.Model):
    """One use of a pod: booked by a worker, or a walk-in recorded by staff (no worker)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    pod = models.ForeignKey(
        Pod, verbose_name=_("pod"), related_name="bookings", on_delete=models.PROTECT
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        related_name="pod_bookings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PodBookingStatus.choices,
        default=PodBookingStatus.BOOKED,
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pod booking")
        verbose_name_plural = _("pod bookings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pod", "starts_at"],
                condition=Q(status__in=["booked", "used", "no_show"]),
                name="appointments_podbooking_one_active_per_time",
            ),
            models.CheckConstraint(
                condition=Q(walk_in=True) | Q(worker__isnull=False),
                name="appointments_podbooking_worker_or_walk_in",
            ),
        ]
        indexes = [
            # Usage counts per station and period.
            models.Index(fields=["pod", "status", "starts_at"], name="appointments_pod_usage"),
        ]

    def __str__(self) -> str:
        return f"{self.pod} · {self.starts_at:%Y-%m-%d %H:%M}"
