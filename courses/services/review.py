"""The review of an order: the district, then the centre, then (on a proposal) the unit.

    submitted ──district approves──▶ district_approved ──centre approves──▶ approved
        └──district returns──▶ returned        ├──centre rejects──▶ rejected
                                                └──centre proposes──▶ proposed
                                 proposed ──unit accepts──▶ approved / ──declines──▶ declined

Each role acts only within its reach (courses.selectors.orders); an order outside it is
"not found", a step the role may not take on an order it sees is refused.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import NotFound, PermissionDenied
from courses import selectors
from courses.errors import ErrorCode
from courses.models import EventKind, HalfDay, Order, OrderStatus, Topic
from courses.services.orders import (
    OrderRefused,
    check_date,
    lock_order,
    record_step,
    require_reason,
)
from network.models import PartnerApp


def _district_reviewer(actor: User, order: Order) -> None:
    if (
        not selectors.may_see_orders(actor)
        or not selectors.orders_visible_to(actor).filter(pk=order.pk).exists()
    ):
        raise NotFound()
    if not selectors.may_review_as_district(actor, order):
        raise PermissionDenied(
            _("A unit does not review its own order: the district sub-centre above it does."),
            code=ErrorCode.OWN_ORDER,
        )


def _centre_reviewer(actor: User) -> None:
    if not selectors.may_review_as_centre(actor):
        raise NotFound()


def order_district_approve(*, actor: User, order: Order) -> Order:
    _district_reviewer(actor, order)
    with transaction.atomic():
        order = lock_order(order, expected=[OrderStatus.SUBMITTED])
        order.status = OrderStatus.DISTRICT_APPROVED
        order.save(update_fields=["status", "updated_at"])
        record_step(order, EventKind.DISTRICT_APPROVED, actor=actor)
    return order


def order_return(*, actor: User, order: Order, reason: str) -> Order:
    """The district sends the order back to the unit, saying why."""
    _district_reviewer(actor, order)
    text = require_reason(reason)
    with transaction.atomic():
        order = lock_order(order, expected=[OrderStatus.SUBMITTED])
        order.status = OrderStatus.RETURNED
        order.save(update_fields=["status", "updated_at"])
        record_step(order, EventKind.RETURNED, actor=actor, reason=text)
    return order


def order_approve(
    *, actor: User, order: Order, topic: Topic | None = None, position: int = 1
) -> Order:
    """The centre approves one of the unit's choices: `topic` (first or second choice,
    the first by default) on the preferred date at `position`."""
    _centre_reviewer(actor)
    with transaction.atomic():
        order = lock_order(order, expected=[OrderStatus.DISTRICT_APPROVED])
        chosen = topic or order.first_topic
        if chosen.pk not in {order.first_topic_id, order.second_topic_id}:
            raise OrderRefused(
                _("Approve one of the unit's choices, or propose another topic."),
                code=ErrorCode.WRONG_STATE,
            )
        preferred = order.dates.filter(position=position).first()
        if preferred is None:
            raise OrderRefused(_("Choose one of the unit's preferred dates."), fields={"date": []})
        check_date(preferred.date, order.round, name="date")
        order.topic, order.date, order.half_day = chosen, preferred.date, preferred.half_day
        order.status = OrderStatus.APPROVED
        order.save(update_fields=["topic", "date", "half_day", "status", "updated_at"])
        record_step(
            order,
            EventKind.APPROVED,
            actor=actor,
            details={"topic": chosen.code, "date": preferred.date.isoformat()},
        )
    return order


def order_reject(*, actor: User, order: Order, reason: str) -> Order:
    _centre_reviewer(actor)
    text = require_reason(reason)
    with transaction.atomic():
        order = lock_order(order, expected=[OrderStatus.DISTRICT_APPROVED])
        order.status = OrderStatus.REJECTED
        order.save(update_fields=["status", "updated_at"])
        record_step(order, EventKind.REJECTED, actor=actor, reason=text)
    return order


def order_propose(
    *, actor: User, order: Order, topic: Topic, day: date, half_day: str, reason: str = ""
) -> Order:
    """The centre proposes another date or topic; the unit accepts or declines it."""
    _centre_reviewer(actor)
    if half_day not in HalfDay.values:
        raise OrderRefused(_("Choose morning or afternoon."), fields={"half_day": []})
    if not topic.is_active or not order.round.topics.filter(pk=topic.pk).exists():
        message = _("“%(title)s” is not offered in this round.") % {"title": topic.title}
        raise OrderRefused(message, code=ErrorCode.TOPIC_NOT_OFFERED, fields={"topic": [message]})
    check_date(day, order.round, name="date")
    with transaction.atomic():
        order = lock_order(order, expected=[OrderStatus.DISTRICT_APPROVED])
        asked = {(d.date, d.half_day) for d in order.dates.all()}
        chosen_topics = {order.first_topic_id, order.second_topic_id}
        if topic.pk in chosen_topics and (day, half_day) in asked:
            message = _("That is one of the unit's own choices: approve it instead.")
            raise OrderRefused(message, code=ErrorCode.PROPOSAL_UNCHANGED)
        order.topic, order.date, order.half_day = topic, day, half_day
        order.status = OrderStatus.PROPOSED
        order.save(update_fields=["topic", "date", "half_day", "status", "updated_at"])
        record_step(
            order,
            EventKind.PROPOSED,
            actor=actor,
            reason=(reason or "").strip(),
            details={"topic": topic.code, "date": day.isoformat(), "half_day": half_day},
        )
    return order


def order_proposal_answer(
    *,
    actor: User | None,
    order: Order,
    accept: bool,
    reason: str = "",
    partner_app: PartnerApp | None = None,
) -> Order:
    """The unit accepts the centre's proposal (approved) or declines it (declined)."""
    if partner_app is not None:
        allowed = selectors.partner_may_order_for(partner_app, order.unit)
    else:
        allowed = selectors.may_answer_for_unit(actor, order)
    if not allowed:
        raise NotFound()
    with transaction.atomic():
        order = lock_order(order, expected=[OrderStatus.PROPOSED])
        if accept:
            check_date(order.date or order.round.opens_on, order.round, name="date")
        order.status = OrderStatus.APPROVED if accept else OrderStatus.DECLINED
        order.save(update_fields=["status", "updated_at"])
        kind = EventKind.PROPOSAL_ACCEPTED if accept else EventKind.PROPOSAL_DECLINED
        record_step(
            order, kind, actor=actor, reason=(reason or "").strip(), partner_app=partner_app
        )
    return order
