"""Ordering rounds and orders (点单送课): a unit's demand registration, its review, its lecture.

The centre opens a `Round` (a year, opening and closing dates, the topics offered, an
optional quota per district). A grassroots union files an `Order` with its preferred
dates (`OrderDate`); each step of the order (submitted, district review, centre review,
a proposal and the unit's answer, the expert's assignment and answer) is an
`OrderEvent` on its timeline. Rules live in courses.services.orders; the lecture an
approved order becomes is `Order.lecture`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from courses.models.lectures import Lecture
from courses.models.topics import Topic
from network.models import OrgUnit, PartnerApp


class HalfDay(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")


class KeyGroup(models.TextChoices):
    GIG = "gig", _("new-employment-form (gig) workers")
    WOMEN = "women", _("women workers")
    HARDSHIP = "hardship", _("families in hardship")
    FRONTLINE = "frontline", _("frontline workers")
    YOUNG = "young", _("young workers")


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting the district")
    DISTRICT_APPROVED = "district_approved", _("awaiting the centre")
    RETURNED = "returned", _("returned by the district")
    PROPOSED = "proposed", _("centre proposed a change")
    APPROVED = "approved", _("approved, awaiting an expert")
    ASSIGNED = "assigned", _("expert assigned, awaiting the expert")
    SCHEDULED = "scheduled", _("scheduled")
    REJECTED = "rejected", _("rejected")
    DECLINED = "declined", _("proposal declined by the unit")


# Orders that no longer count: not towards a quota, not as a duplicate.
CLOSED_STATUSES = (OrderStatus.RETURNED, OrderStatus.REJECTED, OrderStatus.DECLINED)


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    DISTRICT_APPROVED = "district_approved", _("approved by the district")
    RETURNED = "returned", _("returned by the district")
    APPROVED = "approved", _("approved by the centre")
    REJECTED = "rejected", _("rejected by the centre")
    PROPOSED = "proposed", _("centre proposed another date or topic")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("unit accepted the proposal")
    PROPOSAL_DECLINED = "proposal_declined", _("unit declined the proposal")
    EXPERT_ASSIGNED = "expert_assigned", _("expert assigned")
    EXPERT_ACCEPTED = "expert_accepted", _("expert accepted")
    EXPERT_DECLINED = "expert_declined", _("expert declined")


class Round(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on (deadline)"))
    topics: models.ManyToManyField[Topic, Any] = models.ManyToManyField(
        Topic, verbose_name=_("topics offered"), related_name="rounds", blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ordering round")
        verbose_name_plural = _("ordering rounds")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="courses_round_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Ordering round %(year)s") % {"year": self.year})


class RoundQuota(models.Model):
    """At most `quota` orders from this district's units in the round."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), related_name="quotas", on_delete=models.CASCADE
    )
    district = models.ForeignKey(
        OrgUnit, verbose_name=_("district"), related_name="round_quotas", on_delete=models.CASCADE
    )
    quota = models.PositiveSmallIntegerField(_("quota"))

    class Meta:
        verbose_name = _("district quota")
        verbose_name_plural = _("district quotas")
        constraints = [
            models.UniqueConstraint(fields=["round", "district"], name="courses_roundquota_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.district}: {self.quota}"


class Order(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        Round, verbose_name=_("round"), related_name="orders", on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("ordering unit"),
        related_name="course_orders",
        on_delete=models.PROTECT,
    )
    # The unit's district sub-centre, kept for quotas, review and the demand view.
    district = models.ForeignKey(
        OrgUnit,
        verbose_name=_("district"),
        related_name="district_course_orders",
        on_delete=models.PROTECT,
    )
    first_topic = models.ForeignKey(
        Topic,
        verbose_name=_("first choice"),
        related_name="first_choice_orders",
        on_delete=models.PROTECT,
    )
    second_topic = models.ForeignKey(
        Topic,
        verbose_name=_("second choice"),
        related_name="second_choice_orders",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    venue = models.CharField(_("venue address"), max_length=200)
    venue_capacity = models.PositiveIntegerField(_("venue capacity"))
    audience_size = models.PositiveIntegerField(_("expected audience"))
    key_groups = models.JSONField(_("key groups"), default=list, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED
    )
    # What the centre approved (or proposed, while status is "proposed").
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        related_name="orders",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    date = models.DateField(_("date"), null=True, blank=True)
    half_day = models.CharField(
        _("half-day"), max_length=10, choices=HalfDay.choices, blank=True, default=""
    )
    lecture = models.OneToOneField(
        Lecture,
        verbose_name=_("lecture"),
        related_name="order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    partner_app = models.ForeignKey(
        PartnerApp,
        verbose_name=_("partner app"),
        related_name="course_orders",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course order")
        verbose_name_plural = _("course orders")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="courses_order_status_known"
            ),
            models.CheckConstraint(
                condition=Q(audience_size__lte=F("venue_capacity")),
                name="courses_order_audience_fits_venue",
            ),
            # The duplicate rule behind the service's check: one live order of a topic
            # per unit and round.
            models.UniqueConstraint(
                fields=["round", "unit", "first_topic"],
                condition=~Q(status__in=CLOSED_STATUSES),
                name="courses_order_one_live_per_topic",
            ),
        ]
        indexes = [
            # Quotas and the district's queue: a round's orders by district.
            models.Index(
                fields=["round", "district", "status"], name="courses_order_round_district"
            ),
            # A unit's orders, newest first; reminders ("units that have not ordered").
            models.Index(fields=["unit", "round"], name="courses_order_unit_round"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.first_topic.title}"


class OrderDate(models.Model):
    """One of the two or three dates the unit would like, with the half-day."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), related_name="dates", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("preference"))
    date = models.DateField(_("date"))
    half_day = models.CharField(_("half-day"), max_length=10, choices=HalfDay.choices)

    class Meta:
        verbose_name = _("preferred date")
        verbose_name_plural = _("preferred dates")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "position"], name="courses_orderdate_one_per_position"
            ),
            models.UniqueConstraint(
                fields=["order", "date", "half_day"], name="courses_orderdate_no_repeat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_half_day_display()}"


class OrderEvent(models.Model):
    """One step on an order's timeline."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), related_name="events", on_delete=models.CASCADE
    )
    kind = models.CharField(_("step"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    partner_app = models.ForeignKey(
        PartnerApp,
        verbose_name=_("partner app"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("order step")
        verbose_name_plural = _("order steps")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="courses_orderevent_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.get_kind_display()}"
