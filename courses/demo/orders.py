"""Demo ordering round: one open round with a dozen orders in every state of the review.

The round is this year's while the year has room for lectures (until September), next
year's otherwise, so its dates always lie ahead; orders go through the services, so the
timeline, the audit log and the outbox hold what real use would. Idempotent: nothing is
written when the round of that year exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.models import User
from core import clock
from courses.models import Expert, HalfDay, Order, Round, Topic, TopicExpert
from courses.selectors import expert_suggestions
from courses.services import (
    OrderData,
    PreferredDate,
    order_approve,
    order_assign,
    order_district_approve,
    order_expert_answer,
    order_propose,
    order_reject,
    order_return,
    order_submit,
)
from network.models import Level, OrgUnit

# The last step each demo order reaches.
PLAN = (
    "submitted",
    "submitted",
    "submitted",
    "district_approved",
    "district_approved",
    "returned",
    "proposed",
    "rejected",
    "approved",
    "approved",
    "assigned",
    "scheduled",
)
AUDIENCES = (40, 60, 80, 120, 50, 30, 90, 70, 100, 45, 60, 80)
TOPIC_CODES = (
    "YL-001",
    "QX-001",
    "RJ-001",
    "TD-001",
    "XL-001",
    "HY-001",
    "QZ-001",
    "JT-001",
    "YL-002",
    "QX-002",
    "RJ-002",
    "YL-003",
)


@dataclass(frozen=True)
class RoundDates:
    year: int
    opens_on: date
    closes_on: date
    first_lecture_day: date


def round_dates(today: date) -> RoundDates:
    if today.month <= 9:
        closes = min(today + timedelta(days=25), date(today.year, 11, 30))
        return RoundDates(
            today.year, today - timedelta(days=20), closes, closes + timedelta(days=7)
        )
    year = today.year + 1
    return RoundDates(
        year, today - timedelta(days=20), today + timedelta(days=25), date(year, 3, 2)
    )


def _topics() -> list[Topic]:
    found = {t.code: t for t in Topic.objects.filter(code__in=TOPIC_CODES, is_active=True)}
    chosen = [found[code] for code in TOPIC_CODES if code in found]
    taught = Topic.objects.filter(is_active=True, expert_links__isnull=False).distinct()
    return chosen or list(taught.order_by("code")[:12])


def _data(topic: Topic, second: Topic | None, unit: OrgUnit, day: date, n: int) -> OrderData:
    return OrderData(
        first_topic=topic,
        second_topic=second,
        dates=[
            PreferredDate(day, HalfDay.MORNING if n % 2 else HalfDay.AFTERNOON),
            PreferredDate(day + timedelta(days=2), HalfDay.MORNING),
            PreferredDate(day + timedelta(days=9), HalfDay.AFTERNOON),
        ],
        venue=f"{unit.name}多功能厅",
        venue_capacity=AUDIENCES[n] + 30,
        audience_size=AUDIENCES[n],
        key_groups=("frontline", "women") if n % 3 else ("gig",),
        contact_name="工会干事",
        contact_phone="+8613800000000",
    )


def _take_steps(order: Order, last: str, admin: User) -> None:
    if last == "submitted":
        return
    if last == "returned":
        order_return(actor=admin, order=order, reason="请补充场地和参加人员信息。")
        return
    order = order_district_approve(actor=admin, order=order)
    if last == "district_approved":
        return
    if last == "rejected":
        order_reject(actor=admin, order=order, reason="本轮该专题名额已满，请选择其他专题。")
        return
    if last == "proposed":
        assert order.first_topic is not None
        day = order.dates.all()[0].date + timedelta(days=14)
        order_propose(
            actor=admin,
            order=order,
            topic=order.first_topic,
            day=day,
            half_day=HalfDay.MORNING,
            reason="专家该时段已有安排，建议改期。",
        )
        return
    order = order_approve(actor=admin, order=order)
    if last in {"assigned", "scheduled"}:
        _assign(order, admin, accept=last == "scheduled")


def _assign(order: Order, admin: User, *, accept: bool) -> None:
    suggestions = expert_suggestions(order)
    if not suggestions:
        return
    # The demo expert (ZJ-001, expert@) gets the lecture awaiting an answer when able.
    preferred = [s.expert for s in suggestions if s.expert.code == "ZJ-001"]
    expert: Expert = preferred[0] if preferred and not accept else suggestions[0].expert
    order = order_assign(actor=admin, order=order, expert=expert)
    if accept:
        order_expert_answer(actor=expert.practitioner.user, order=order, accept=True)


def load(admin: User) -> None:
    dates = round_dates(clock.today())
    if Round.objects.filter(year=dates.year).exists():
        return
    topics = _topics()
    units = list(
        OrgUnit.objects.filter(is_active=True, level__in=[Level.ROOM, Level.STATION]).order_by(
            "path"
        )[::3][: len(PLAN)]
    )
    if not topics or not units:
        return
    round_ = Round.objects.create(
        year=dates.year, opens_on=dates.opens_on, closes_on=dates.closes_on, opened_by=admin
    )
    round_.topics.set(Topic.objects.filter(is_active=True))
    _teach_everywhere(topics[10:12] or topics[-1:])
    for n, (unit, last) in enumerate(zip(units, PLAN, strict=False)):
        topic = topics[n % len(topics)]
        second = topics[(n + 1) % len(topics)]
        day = dates.first_lecture_day + timedelta(days=7 * (n % 8))
        order = order_submit(
            actor=admin, unit=unit, round=round_, data=_data(topic, second, unit, day, n)
        )
        _take_steps(order, last, admin)


def _teach_everywhere(topics: list[Topic]) -> None:
    """ZJ-001 teaches the assigned orders' topics everywhere, so the demo has its expert."""
    expert = Expert.objects.filter(code="ZJ-001").first()
    if expert is not None:
        for topic in topics:
            TopicExpert.objects.get_or_create(topic=topic, expert=expert)
        districts = OrgUnit.objects.filter(level=Level.DISTRICT)
        expert.districts.add(*districts)
