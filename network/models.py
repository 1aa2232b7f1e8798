"""The four-level service network, its stations, people, audit log and partner apps."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The materialised path: STEP_LEN base-36 characters per level, so a subtree
# is one indexed `path LIKE 'prefix%'` on every backend.
STEP_LEN = 4
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Level(models.TextChoices):
    CENTRE = "centre", _("city centre")
    DISTRICT = "district", _("district sub-centre")
    STATION = "station", _("heart station")
    ROOM = "room", _("enterprise service room")


# Which levels a unit of each level may hang under (None: the root).
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    Level.CENTRE: (),
    Level.DISTRICT: (Level.CENTRE,),
    Level.STATION: (Level.DISTRICT, Level.CENTRE),
    Level.ROOM: (Level.DISTRICT, Level.STATION),
}


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def subtree_of(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def active(self) -> OrgUnitQuerySet:
        return self.filter(is_active=True)


class OrgUnit(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    path = models.CharField(_("tree path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    groups: models.ManyToManyField[UnitGroup, Any] = models.ManyToManyField(
        "UnitGroup", verbose_name=_("groups"), related_name="units", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            # Only one root per network: every root has depth 0.
            models.UniqueConstraint(
                fields=["depth"], condition=Q(parent__isnull=True), name="network_orgunit_one_root"
            ),
            models.CheckConstraint(
                condition=(Q(level="centre") & Q(parent__isnull=True))
                | (~Q(level="centre") & Q(parent__isnull=False)),
                name="network_orgunit_centre_is_root",
            ),
        ]
        indexes = [
            # Subtree queries: path LIKE 'prefix%' (units_visible_to, roll-ups).
            models.Index(
                fields=["path"], name="network_orgunit_path_like", opclasses=["varchar_pattern_ops"]
            ),
            # Filters by level inside a subtree (station lists, coverage counts).
            models.Index(fields=["level", "path"], name="network_orgunit_level_path"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def district_path(self) -> str | None:
        """Path of the district sub-centre this unit lies in (None for the centre)."""
        if self.depth < 1:
            return None
        return self.path[: 2 * STEP_LEN]


class UnitGroup(models.Model):
    """A tag over units, e.g. "key-group stations for gig workers"."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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


class Role(models.TextChoices):
    CENTRE_ADMIN = "centre_admin", _("centre administrator")
    UNIT_ADMIN = "unit_admin", _("unit administrator")
    COUNSELLOR = "counsellor", _("counsellor")
    CLINICAL_SUPERVISOR = "clinical_supervisor", _("clinical supervisor")
    EXPERT = "expert", _("expert (lecturer)")
    HOTLINE_OPERATOR = "hotline_operator", _("hotline operator")
    HOTLINE_SUPERVISOR = "hotline_supervisor", _("hotline supervisor")
    EMOTION_REGULATOR = "emotion_regulator", _("emotion regulator (情绪调节员)")
    BACKBONE = "backbone", _("backbone staff (心理服务骨干)")
    ANALYST = "analyst", _("analyst (aggregates only)")


class Membership(models.Model):
    """A user's role at one unit; it reaches that unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="memberships",
        on_delete=models.CASCADE,
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), related_name="memberships", on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="network_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class Qualification(models.TextChoices):
    NATIONAL_LEVEL_2 = "national_2", _("national level-2 psychological counsellor")
    NATIONAL_LEVEL_3 = "national_3", _("national level-3 psychological counsellor")
    REGISTERED_PSYCHOLOGIST = "registered", _("registered psychologist")
    PSYCHIATRIST = "psychiatrist", _("psychiatrist")
    SOCIAL_WORKER = "social_worker", _("social worker")
    OTHER = "other", _("other")


class PractitionerProfile(models.Model):
    """A counsellor's or expert's public face."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="practitioner",
        on_delete=models.CASCADE,
    )
    display_name = models.CharField(_("display name"), max_length=80)
    qualification = models.CharField(
        _("qualification"), max_length=24, choices=Qualification.choices, blank=True
    )
    qualification_detail = models.CharField(_("qualification details"), max_length=255, blank=True)
    specialities = models.CharField(
        _("specialities"), max_length=255, blank=True, help_text=_("Comma-separated.")
    )
    languages = models.CharField(_("languages"), max_length=120, default="普通话")
    offers_in_person = models.BooleanField(_("in person"), default=True)
    offers_phone = models.BooleanField(_("by phone"), default=False)
    offers_online = models.BooleanField(_("online"), default=False)
    bio = models.TextField(_("short public bio"), blank=True, max_length=1000)
    photo = models.ImageField(_("photo"), upload_to="practitioners/", blank=True)
    is_public = models.BooleanField(_("in the public directory"), default=False)

    class Meta:
        verbose_name = _("counsellor or expert profile")
        verbose_name_plural = _("counsellor and expert profiles")

    def __str__(self) -> str:
        return self.display_name


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """Who did what to which object, when. Never holds sensitive content itself."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        related_name="audit_entries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    partner_app = models.ForeignKey(
        "PartnerApp",
        verbose_name=_("partner app"),
        related_name="audit_entries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        related_name="audit_entries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    unit_path = models.CharField(_("unit path"), max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The staff audit page: entries in a subtree, newest first.
            models.Index(
                fields=["unit_path"],
                name="network_audit_unitpath_like",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["action", "-created_at"], name="network_audit_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit entries cannot be deleted.")


class Scope(models.TextChoices):
    STATIONS_READ = "stations:read", _("read stations and units")
    ASSESSMENTS_SUBMIT = "assessments:submit", _("submit assessments")
    BOOKINGS_WRITE = "bookings:write", _("book counselling for workers")
    KPIS_READ = "kpis:read", _("read KPI figures")
    HOTLINE_LOG = "hotline:log", _("post calls to the hotline's log (telephony, chat)")
    HOTLINE_CONTACT = "hotline:contact", _("ask the hotline to contact a worker")


class PartnerApp(models.Model):
    """A partner app's credentials: a hashed API key, scopes and an optional unit.

    Keys are 256-bit random tokens, so a SHA-256 digest (looked up by its
    unique index) is as safe as a slow password hash and costs nothing per
    request; the plain key is shown once, at creation or rotation.
    """

    name = models.CharField(_("name"), max_length=120)
    key_hash = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("limited to unit"),
        related_name="partner_apps",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: the whole network."),
    )
    throttle_rate = models.CharField(_("rate limit"), max_length=32, default="600/minute")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("key rotated at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner app")
        verbose_name_plural = _("partner apps")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
