"""Where and when a unit serves workers: station profiles, services, opening hours."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models.units import OrgUnit


class HostKind(models.TextChoices):
    UNION_STATION = "union_station", _("union station (工会驿站)")
    EMPLOYER = "employer", _("employer")
    COMMUNITY = "community", _("community centre")
    UNION_OFFICE = "union_office", _("trade union office")
    OTHER = "other", _("other")


class ServiceKind(models.TextChoices):
    COUNSELLING = "counselling", _("one-to-one counselling")
    ASSESSMENT = "assessment", _("self-assessment")
    COURSES = "courses", _("courses and lectures")
    EMOTION_REGULATION = "emotion_regulation", _("emotion regulation")
    GROUP_ACTIVITIES = "group_activities", _("group activities")
    HOTLINE = "hotline", _("hotline support")
    LEGAL_AID = "legal_aid", _("legal aid")
    POLICY = "policy", _("policy consultation")


class StationProfile(models.Model):
    """Where and when a unit serves workers in person.

    Coordinates are WGS-84 (what browsers' geolocation returns); a map whose
    tiles are GCJ-02 converts at display time.
    """

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("unit"), related_name="station", on_delete=models.CASCADE
    )
    address = models.CharField(_("address"), max_length=255)
    lat = models.FloatField(_("latitude (WGS-84)"))
    lng = models.FloatField(_("longitude (WGS-84)"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    open_24h = models.BooleanField(_("open 24 hours"), default=False)
    has_counselling_room = models.BooleanField(_("individual counselling room"), default=False)
    has_relief_area = models.BooleanField(_("emotion-relief area"), default=False)
    has_regulation_pod = models.BooleanField(_("emotion-regulation pod"), default=False)
    has_group_room = models.BooleanField(_("group activity room"), default=False)
    host_kind = models.CharField(
        _("host"), max_length=24, choices=HostKind.choices, default=HostKind.UNION_STATION
    )
    host_name = models.CharField(_("host name"), max_length=160, blank=True)
    employer_name = models.CharField(_("employer"), max_length=160, blank=True)
    employer_workers = models.PositiveIntegerField(_("number of workers"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("station profile")
        verbose_name_plural = _("station profiles")
        indexes = [
            # Bounding-box prefilter of near-me searches.
            models.Index(fields=["lat", "lng"], name="network_station_latlng"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                name="network_station_coordinates_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.unit.name


class StationService(models.Model):
    station = models.ForeignKey(
        StationProfile, verbose_name=_("station"), related_name="services", on_delete=models.CASCADE
    )
    service = models.CharField(_("service"), max_length=32, choices=ServiceKind.choices)

    class Meta:
        verbose_name = _("station service")
        verbose_name_plural = _("station services")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "service"], name="network_stationservice_unique"
            )
        ]
        # Station filters by service: WHERE service = … joins back on station.
        indexes = [models.Index(fields=["service", "station"], name="network_service_station")]

    def __str__(self) -> str:
        return f"{self.station} · {self.get_service_display()}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningRule(models.Model):
    """Open on `weekday` from `opens` to `closes`; closes ≤ opens runs past midnight."""

    station = models.ForeignKey(
        StationProfile,
        verbose_name=_("station"),
        related_name="opening_rules",
        on_delete=models.CASCADE,
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A date with other hours: a holiday (closed) or special opening hours."""

    station = models.ForeignKey(
        StationProfile,
        verbose_name=_("station"),
        related_name="opening_exceptions",
        on_delete=models.CASCADE,
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["station", "date"], name="network_exception_one_a_day"),
            models.CheckConstraint(
                condition=Q(closed=True) | (Q(opens__isnull=False) & Q(closes__isnull=False)),
                name="network_exception_hours_when_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.date}"
