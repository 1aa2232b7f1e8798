"""Ordering rounds and orders (点单送课): opening a round, submitting an order, its review.

Every service takes `actor` keyword-only, checks the permission (courses.selectors.orders),
validates, writes inside one transaction, puts the step on the order's timeline
(`OrderEvent`), records an audit entry and writes the notification task to the outbox
(courses.notifications.orders), so the staff site, the admin and the API behave alike.
Limits (the duplicate rule, the district quota) are checked after locking the round row,
so two racing submissions never both pass them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock, outbox
from core.errors import DomainError, NotFound
from courses import selectors
from courses.errors import ErrorCode
from courses.models import (
    CLOSED_STATUSES,
    EventKind,
    HalfDay,
    Order,
    OrderDate,
    OrderEvent,
    Round,
    RoundQuota,
    Topic,
)
from network import audit
from network.models import Level, OrgUnit, PartnerApp

MIN_DATES, MAX_DATES = 2, 3
NOTIFY_CALL = "courses.notifications.orders.order_event_notify"


class OrderRefused(DomainError):
    """An order (or a step of its review) the rules refuse; the message says why."""

    status = 400


class OrderConflict(OrderRefused):
    """The order is no longer in the state the step needs (someone acted first)."""

    status = 409


@dataclass(frozen=True)
class PreferredDate:
    date: date
    half_day: str


@dataclass(frozen=True)
class OrderData:
    """What a unit's demand registration form (需求登记表) says."""

    first_topic: Topic
    dates: Sequence[PreferredDate]
    venue: str
    venue_capacity: int
    audience_size: int
    contact_name: str
    contact_phone: str  # E.164, normalised by the front door
    second_topic: Topic | None = None
    key_groups: Sequence[str] = field(default_factory=tuple)


def _day(value: date) -> str:
    return str(date_format(value, "DATE_FORMAT"))


# --- rounds ------------------------------------------------------------------------------


def round_open(
    *,
    actor: User,
    year: int,
    opens_on: date,
    closes_on: date,
    topics: Sequence[Topic],
    quotas: Mapping[OrgUnit, int] | None = None,
) -> Round:
    """Open the ordering round of `year`; `quotas` caps the orders per district."""
    if not selectors.may_manage_rounds(actor):
        raise NotFound()
    if closes_on < opens_on:
        raise OrderRefused(
            _("The deadline must not be before the opening date."),
            code=ErrorCode.ROUND_DATES,
            fields={"closes_on": [_("The deadline must not be before the opening date.")]},
        )
    # A round for next year may close in December; never after its own year.
    if closes_on.year > year or closes_on < clock.today():
        message = _(
            "The deadline must not have passed and must be no later than the end of %(year)s."
        ) % {"year": year}
        raise OrderRefused(message, code=ErrorCode.ROUND_DATES, fields={"closes_on": [message]})
    with transaction.atomic():
        if Round.objects.select_for_update().filter(year=year).exists():
            message = _("A round for %(year)s is already open.") % {"year": year}
            raise OrderRefused(message, code=ErrorCode.ROUND_EXISTS, fields={"year": [message]})
        round_ = Round.objects.create(
            year=year, opens_on=opens_on, closes_on=closes_on, opened_by=actor
        )
        round_.topics.set(topics)
        RoundQuota.objects.bulk_create(
            RoundQuota(round=round_, district=district, quota=quota)
            for district, quota in (quotas or {}).items()
            if district.level == Level.DISTRICT
        )
        audit.record(
            actor=actor,
            action="courses.round.opened",
            target=round_,
            details={"year": year, "topics": len(topics), "quotas": len(quotas or {})},
        )
    return round_


# --- submitting an order -----------------------------------------------------------------


def _check_window(round_: Round) -> None:
    today = clock.today()
    if today < round_.opens_on:
        raise OrderRefused(
            _("The %(year)s round opens on %(day)s; orders are taken from then.")
            % {"year": round_.year, "day": _day(round_.opens_on)},
            code=ErrorCode.ROUND_NOT_OPEN,
        )
    if today > round_.closes_on:
        raise OrderRefused(
            _("The deadline of the %(year)s round was %(day)s; orders are no longer taken.")
            % {"year": round_.year, "day": _day(round_.closes_on)},
            code=ErrorCode.ROUND_CLOSED,
        )


def _check_topics(round_: Round, data: OrderData) -> None:
    offered = set(round_.topics.values_list("pk", flat=True))
    for name, topic in (("first_topic", data.first_topic), ("second_topic", data.second_topic)):
        if topic is not None and (topic.pk not in offered or not topic.is_active):
            message = _("“%(title)s” is not offered in this round.") % {"title": topic.title}
            raise OrderRefused(message, code=ErrorCode.TOPIC_NOT_OFFERED, fields={name: [message]})
    if data.second_topic is not None and data.second_topic.pk == data.first_topic.pk:
        message = _("The second choice must be another topic than the first.")
        raise OrderRefused(
            message, code=ErrorCode.SAME_TOPIC_TWICE, fields={"second_topic": [message]}
        )


def check_date(day: date, round_: Round, *, name: str = "dates") -> None:
    """A lecture date must lie after today and inside the round's year."""
    if day <= clock.today():
        message = _("%(day)s has passed or is today: choose a later date.") % {"day": _day(day)}
        raise OrderRefused(message, code=ErrorCode.DATE_PAST, fields={name: [message]})
    if day.year != round_.year:
        message = _("%(day)s is outside %(year)s: the round's lectures are given in %(year)s.") % {
            "day": _day(day),
            "year": round_.year,
        }
        raise OrderRefused(message, code=ErrorCode.DATE_OUTSIDE_YEAR, fields={name: [message]})


def _check_form(round_: Round, data: OrderData) -> None:
    if not MIN_DATES <= len(data.dates) <= MAX_DATES:
        message = _("Give two or three preferred dates.")
        raise OrderRefused(message, code=ErrorCode.DATES_COUNT, fields={"dates": [message]})
    if len({(d.date, d.half_day) for d in data.dates}) != len(data.dates):
        message = _("Each preferred date and half-day may be given once.")
        raise OrderRefused(message, code=ErrorCode.DATES_REPEATED, fields={"dates": [message]})
    for preferred in data.dates:
        if preferred.half_day not in HalfDay.values:
            raise OrderRefused(_("Choose morning or afternoon."), fields={"dates": []})
        check_date(preferred.date, round_)
    if data.audience_size > data.venue_capacity:
        message = _(
            "An audience of %(audience)s does not fit a venue for %(capacity)s: "
            "choose a larger venue or a smaller audience."
        ) % {"audience": data.audience_size, "capacity": data.venue_capacity}
        raise OrderRefused(
            message, code=ErrorCode.AUDIENCE_OVER_CAPACITY, fields={"audience_size": [message]}
        )


def _district_of(unit: OrgUnit) -> OrgUnit:
    district = OrgUnit.objects.filter(path=unit.district_path).first()
    if district is None:
        raise OrderRefused(_("This unit cannot order courses."), code=ErrorCode.UNIT_CANNOT_ORDER)
    return district


def _check_limits(round_: Round, unit: OrgUnit, district: OrgUnit, data: OrderData) -> None:
    """Inside the transaction, after the round row is locked."""
    live = Order.objects.filter(round=round_).exclude(status__in=CLOSED_STATUSES)
    if live.filter(unit=unit, first_topic=data.first_topic).exists():
        message = _("%(unit)s has already ordered “%(title)s” in the %(year)s round.") % {
            "unit": unit.name,
            "title": data.first_topic.title,
            "year": round_.year,
        }
        raise OrderRefused(
            message, code=ErrorCode.DUPLICATE_ORDER, fields={"first_topic": [message]}
        )
    quota = RoundQuota.objects.filter(round=round_, district=district).first()
    if quota is not None and live.filter(district=district).count() >= quota.quota:
        raise OrderRefused(
            _(
                "%(district)s has reached its quota of %(quota)s orders in the %(year)s "
                "round; ask the district sub-centre."
            )
            % {"district": district.name, "quota": quota.quota, "year": round_.year},
            code=ErrorCode.OVER_QUOTA,
        )


def order_submit(
    *,
    actor: User | None,
    unit: OrgUnit,
    round: Round,
    data: OrderData,
    partner_app: PartnerApp | None = None,
) -> Order:
    """A unit's order in `round`. A partner app (actor None) orders for its units."""
    allowed = (
        selectors.partner_may_order_for(partner_app, unit)
        if partner_app is not None
        else selectors.may_order_for(actor, unit)
    )
    if not allowed:
        raise NotFound()
    district = _district_of(unit)
    _check_window(round)
    _check_topics(round, data)
    _check_form(round, data)
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round.pk)
        _check_limits(round, unit, district, data)
        order = Order.objects.create(
            round=round,
            unit=unit,
            district=district,
            first_topic=data.first_topic,
            second_topic=data.second_topic,
            venue=data.venue,
            venue_capacity=data.venue_capacity,
            audience_size=data.audience_size,
            key_groups=sorted(set(data.key_groups)),
            contact_name=data.contact_name,
            contact_phone=data.contact_phone,
            submitted_by=actor,
            partner_app=partner_app,
        )
        OrderDate.objects.bulk_create(
            OrderDate(order=order, position=i, date=d.date, half_day=d.half_day)
            for i, d in enumerate(data.dates, start=1)
        )
        record_step(order, EventKind.SUBMITTED, actor=actor, partner_app=partner_app)
    return order


# --- the timeline ------------------------------------------------------------------------


def record_step(
    order: Order,
    kind: str,
    *,
    actor: User | None,
    reason: str = "",
    details: dict[str, object] | None = None,
    partner_app: PartnerApp | None = None,
) -> OrderEvent:
    """One step: the timeline entry, its audit entry and its notification task."""
    event = OrderEvent.objects.create(
        order=order,
        kind=kind,
        actor=actor,
        partner_app=partner_app,
        reason=reason,
        details=details or {},
    )
    audit.record(
        actor=actor,
        action=f"courses.order.{kind}",
        target=order,
        unit=order.unit,
        details={"status": order.status, **(details or {})},
        partner_app=partner_app,
    )
    outbox.enqueue_task(
        NOTIFY_CALL,
        kwargs={"event_id": event.pk},
        purpose="courses.order_step",
        dedupe_key=f"courses.order_event:{event.pk}",
    )
    return event


def lock_order(order: Order, *, expected: Sequence[str]) -> Order:
    """The order's row, locked, refreshed, in one of the `expected` states."""
    locked = (
        Order.objects.select_for_update(of=("self",))
        .select_related("round", "unit", "district", "topic", "first_topic", "lecture")
        .get(pk=order.pk)
    )
    if locked.status not in expected:
        raise OrderConflict(
            _("This order is now “%(status)s”; reload the page.")
            % {"status": locked.get_status_display()},
            code=ErrorCode.WRONG_STATE,
        )
    return locked


def require_reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        message = _("Give a reason: the unit reads it.")
        raise OrderRefused(message, code=ErrorCode.REASON_REQUIRED, fields={"reason": [message]})
    return text
