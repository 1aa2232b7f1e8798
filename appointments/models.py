"""Office hours, slots and one-to-one bookings (心灵之约).

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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import clock
from network.pseudonyms import worker_pseudonym


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
    # The calendar event this booking is (appointments.ics): a reschedule writes a new
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


# --- Attendance, cases, notes, follow-ups and referrals (发现—疏导—跟进) ----------------


class RiskLevel(models.TextChoices):
    LOW = "low", _("low")
    MODERATE = "moderate", _("moderate")
    HIGH = "high", _("high")
    CRISIS = "crisis", _("crisis (immediate risk)")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    FOLLOW_UP = "follow_up", _("in follow-up")
    CLOSED = "closed", _("closed")


class CaseOutcome(models.TextChoices):
    IMPROVED = "improved", _("improved, no further sessions needed")
    REFERRED = "referred", _("referred on and handed over")
    WORKER_ENDED = "worker_ended", _("the worker ended the counselling")
    UNREACHABLE = "unreachable", _("the worker could not be reached")
    OTHER = "other", _("other")


class Case(models.Model):
    """A worker's counselling with one counsellor: sessions, notes, follow-ups, referrals.

    While open a case always has a next step, the next booked session or an
    open follow-up with a due date (appointments.cases keeps that true); it
    closes only with an outcome (a database constraint).
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        related_name="counselling_cases",
        on_delete=models.PROTECT,
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="counsellor_cases",
        on_delete=models.PROTECT,
    )
    station = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("station"),
        related_name="counselling_cases",
        on_delete=models.PROTECT,
    )
    concern = models.CharField(
        _("presenting concern"), max_length=24, choices=ReasonCategory.choices
    )
    risk_level = models.CharField(
        _("risk level"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=CaseOutcome.choices, blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("counselling case")
        verbose_name_plural = _("counselling cases")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_at__isnull=False)),
                name="appointments_case_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="closed") | Q(outcome=""),
                name="appointments_case_outcome_only_when_closed",
            ),
        ]
        indexes = [
            # The counsellor's open cases.
            models.Index(fields=["counsellor", "status"], name="appointments_case_counsellor"),
            # A station's cases (station lead, clinical supervisor).
            models.Index(fields=["station", "status"], name="appointments_case_station"),
        ]

    def __str__(self) -> str:
        return f"{self.get_concern_display()} · {self.opened_at:%Y-%m-%d}"

    @property
    def title(self) -> str:
        """How pages name the case: the worker's pseudonym and the day it opened."""
        opened = clock.local(self.opened_at)
        return gettext("%(worker)s · %(date)s") % {
            "worker": worker_pseudonym(self.worker_id),
            "date": opened.date().isoformat(),
        }


class FollowUpKind(models.TextChoices):
    PHONE_CALL = "phone_call", _("phone call")
    MESSAGE = "message", _("message")
    VISIT = "visit", _("visit")
    BOOK_SESSION = "book_session", _("agree the next session")
    OTHER = "other", _("other")


class FollowUp(models.Model):
    """A follow-up task of a case with a due date; open until done."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), related_name="followups", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FollowUpKind.choices)
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        related_name="assigned_followups",
        on_delete=models.PROTECT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # What happened, in a few words (confidential like notes: counsellor and supervisor).
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [
            # Overdue lists: open follow-ups by due date.
            models.Index(fields=["done_at", "due_on"], name="appointments_followup_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.due_on}"


class SessionNote(models.Model):
    """A counsellor's confidential note on a case (or one of its sessions).

    Readable only by its author and clinical supervisors reaching the station;
    every read is audit-logged. Immutable after NOTE_EDIT_HOURS; later changes
    are addenda (a note pointing at the note it adds to).
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), related_name="notes", on_delete=models.PROTECT
    )
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("session"),
        related_name="notes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="session_notes",
        on_delete=models.PROTECT,
    )
    addendum_to = models.ForeignKey(
        "self",
        verbose_name=_("addendum to"),
        related_name="addenda",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        verbose_name = _("session note")
        verbose_name_plural = _("session notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        # Never the body: this string can reach logs and admin messages.
        return f"{_('session note')} #{self.pk}"


class ReferralTarget(models.TextChoices):
    LEGAL_AID = "legal_aid", _("legal aid (法律援助)")
    POLICY = "policy", _("policy consultation (政策咨询)")
    HOSPITAL = "hospital", _("psychiatric hospital")
    HOTLINE = "hotline", _("12351 hotline")
    COUNSELLOR = "counsellor", _("another counsellor")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")


class Referral(models.Model):
    """One-stop service: a case referred to legal aid, policy, a hospital, the hotline
    or another counsellor, with status and feedback, on the case timeline."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), related_name="referrals", on_delete=models.CASCADE
    )
    target = models.CharField(_("referred to"), max_length=16, choices=ReferralTarget.choices)
    to_counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor referred to"),
        related_name="referrals_received",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisation = models.CharField(_("organisation or service"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    feedback = models.TextField(_("feedback"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target="counsellor") | Q(to_counsellor__isnull=False),
                name="appointments_referral_counsellor_named",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} · {self.get_status_display()}"


# --- Waitlist ----------------------------------------------------------------------


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    OFFERED = "offered", _("offered a time")
    BOOKED = "booked", _("booked")
    LEFT = "left", _("left the waitlist")
    EXPIRED = "expired", _("expired")


class WaitlistEntry(models.Model):
    """A worker waiting for a time at a station on a day (any or one counsellor).

    A freed slot is offered to the first waiting worker; while the offer runs
    (until offer_expires_at) no one else can book that slot; then the next.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        related_name="waitlist_entries",
        on_delete=models.CASCADE,
    )
    station = models.ForeignKey(
        "network.OrgUnit",
        verbose_name=_("station"),
        related_name="waitlist_entries",
        on_delete=models.PROTECT,
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="waitlist_for",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    day = models.DateField(_("day"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    offered_slot = models.ForeignKey(
        Slot,
        verbose_name=_("offered slot"),
        related_name="waitlist_offers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="offered")
                | (Q(offered_slot__isnull=False) & Q(offer_expires_at__isnull=False)),
                name="appointments_waitlist_offer_has_slot",
            ),
        ]
        indexes = [
            # Who is first in line for a freed slot.
            models.Index(
                fields=["station", "day", "status", "created_at"],
                name="appointments_waitlist_line",
            ),
            # Expiring offers (beat) and holds in the free-slot search.
            models.Index(fields=["status", "offer_expires_at"], name="appointments_waitlist_offer"),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.day} · {self.get_status_display()}"


# --- Emotion-regulation pods and relaxation rooms (情绪调节舱) --------------------------


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
