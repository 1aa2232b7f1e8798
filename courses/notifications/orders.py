"""What people receive about orders: each step of an order, and the round's reminders.

`order_event_notify` runs as an outbox task (core.outbox) written by the service that
took the step (courses.services.orders.record_step); `round_reminders_send` runs daily
from the beat schedule (courses.tasks). Both write e-mails to the outbox; a dedupe key
per step, and per unit and reminder, means a repeated run sends nothing twice. The
order's contact phone is never put in a message.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock, outbox
from core.models import OutboxMessage
from courses.models import EventKind, OrderEvent, Round
from courses.selectors.orders import units_without_order
from network.access import ROLE_PERMS, Perm
from network.models import Membership, OrgUnit

# Reminders go this many days before the deadline (the first run inside each window).
REMINDER_DAYS = (7, 1)


def _admins(units: Iterable[OrgUnit], perm: str) -> list[User]:
    memberships = Membership.objects.filter(
        unit__in=list(units), role__in=ROLE_PERMS[perm], user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships]


def _root() -> OrgUnit | None:
    return OrgUnit.objects.filter(parent__isnull=True).first()


def _recipients(event: OrderEvent) -> list[User]:
    order = event.order
    kind = event.kind
    if kind == EventKind.SUBMITTED:
        people = _admins([order.district], Perm.REVIEW_ORDERS)
    elif kind in {
        EventKind.DISTRICT_APPROVED,
        EventKind.PROPOSAL_ACCEPTED,
        EventKind.PROPOSAL_DECLINED,
        EventKind.EXPERT_DECLINED,
    }:
        people = _admins([u for u in [_root()] if u is not None], Perm.REVIEW_ORDERS)
    elif kind == EventKind.EXPERT_ASSIGNED:
        lecture = order.lecture
        people = [lecture.expert.practitioner.user] if lecture and lecture.expert else []
    else:
        people = _admins([order.unit], Perm.ORDER_COURSES)
        if order.submitted_by is not None:
            people.append(order.submitted_by)
    if event.actor_id is not None:
        people = [p for p in people if p.pk != event.actor_id]
    return list({p.pk: p for p in people if p.email}.values())


def _body(event: OrderEvent, link: str) -> tuple[str, str]:
    order = event.order
    subject = _("Course order of %(unit)s: %(step)s") % {
        "unit": order.unit.name,
        "step": event.get_kind_display(),
    }
    lines = [
        _("Order: “%(title)s” for %(unit)s (%(year)s round).")
        % {"title": order.first_topic.title, "unit": order.unit.name, "year": order.round.year},
        _("Step: %(step)s.") % {"step": event.get_kind_display()},
    ]
    if order.topic is not None and order.date is not None:
        lines.append(
            _("Topic and date: “%(title)s” on %(day)s (%(half)s).")
            % {"title": order.topic.title, "day": order.date, "half": order.get_half_day_display()}
        )
    if event.reason:
        lines.append(_("Reason: %(reason)s") % {"reason": event.reason})
    lines.append(_("Open the order: %(link)s") % {"link": link})
    return subject, "\n".join(lines)


def order_event_notify(*, event_id: int) -> int:
    """E-mail the people a step concerns; the number of messages written."""
    event = (
        OrderEvent.objects.select_related(
            "order__unit",
            "order__district",
            "order__round",
            "order__first_topic",
            "order__topic",
            "order__submitted_by",
            "order__lecture__expert__practitioner__user",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    people = _recipients(event)
    if not people:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        if event.kind == EventKind.EXPERT_ASSIGNED:
            path = reverse("staff:courses:assignment_list")
        else:
            path = reverse("staff:courses:order_detail", args=[event.order.public_id])
        subject, body = _body(event, settings.SITE_URL + path)
        outbox.enqueue_email(
            to=[p.email for p in people],
            subject=subject,
            body=body,
            purpose="courses.order_step",
            dedupe_key=f"courses.order_step_mail:{event.pk}",
        )
    return 1


def _reminder_window(round_: Round) -> int | None:
    days_left = (round_.closes_on - clock.today()).days
    if days_left < 0:
        return None
    windows = [days for days in REMINDER_DAYS if days_left <= days]
    return min(windows) if windows else None


def round_reminders_send() -> int:
    """Remind the administrators of units that have not ordered in an open round that
    its deadline is near (7 days and 1 day before). The number of e-mails written."""
    written = 0
    today = clock.today()
    for round_ in Round.objects.filter(opens_on__lte=today, closes_on__gte=today):
        window = _reminder_window(round_)
        if window is None:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            link = settings.SITE_URL + reverse("staff:courses:order_create")
            for unit in units_without_order(round_):
                written += _remind(round_, unit, window, link)
    return written


def _remind(round_: Round, unit: OrgUnit, window: int, link: str) -> int:
    people = [u for u in _admins([unit], Perm.ORDER_COURSES) if u.email]
    if not people:
        return 0
    subject = _("Course orders for %(year)s close on %(day)s") % {
        "year": round_.year,
        "day": round_.closes_on,
    }
    body = _(
        "%(unit)s has not ordered a course in the %(year)s round yet. Orders close on "
        "%(day)s. Order here: %(link)s"
    ) % {"unit": unit.name, "year": round_.year, "day": round_.closes_on, "link": link}
    key = f"courses.round_reminder:{round_.pk}:{unit.pk}:{window}"
    if OutboxMessage.objects.filter(dedupe_key=key).exists():
        return 0
    outbox.enqueue_email(
        to=[p.email for p in people],
        subject=subject,
        body=body,
        purpose="courses.round_reminder",
        dedupe_key=key,
    )
    return 1
