"""Staff pages of ordering: rounds, the order form, the order list and an order's page.

Each view checks that the viewer may open the page (none reads as "not found"), calls one
selector or service, and renders; refusals come back on the form through core.web.attempt.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.phone import phone_mask
from core.web import attempt, render, signed_in_user
from courses import selectors, services
from courses.forms.orders import (
    ApproveForm,
    NoteForm,
    OrderForm,
    ProposeForm,
    ReasonForm,
    RoundForm,
)
from courses.models import Order, OrderStatus, Round
from network.access import Viewer
from network.models import Level, OrgUnit

PAGE_SIZE = 50


def _districts() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(level=Level.DISTRICT, is_active=True).order_by("path"))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.may_see_orders(user):
        raise Http404
    may_open = selectors.may_manage_rounds(user)
    form = None
    if may_open:
        form = RoundForm(request.POST or None, districts=_districts())
        if request.method == "POST" and form.is_valid():
            valid = form
            outcome = attempt(
                lambda: services.round_open(
                    actor=user,
                    year=valid.cleaned_data["year"],
                    opens_on=valid.cleaned_data["opens_on"],
                    closes_on=valid.cleaned_data["closes_on"],
                    topics=valid.chosen_topics(),
                    quotas=valid.quotas(),
                ),
                form=form,
                request=request,
                success=_("The round is open."),
            )
            if outcome.ok:
                return redirect("staff:courses:round_list")
    elif request.method == "POST":
        raise Http404
    context = {"rounds": selectors.round_list(viewer=user), "form": form}
    return render(request, "courses/staff/rounds.html", context)


@require_safe
@staff_member_required
def order_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.may_see_orders(user):
        raise Http404
    status = request.GET.get("status") or None
    if status not in OrderStatus.values:
        status = None
    orders = selectors.orders_visible_to(user, status=status)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": OrderStatus.choices,
        "status": status,
        "may_order": selectors.may_order_anywhere(user),
        "may_demand": selectors.may_review_as_centre(user),
    }
    return render(request, "courses/staff/orders.html", context)


def _current_round(request: HttpRequest) -> Round | None:
    raw = request.GET.get("round", "")
    try:
        wanted = uuid.UUID(raw) if raw else None
    except ValueError:
        wanted = None
    if wanted is not None:
        return selectors.round_detail(wanted)
    return selectors.open_rounds().order_by("closes_on").first()


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def order_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.may_order_anywhere(user):
        raise Http404
    round_ = _current_round(request)
    if round_ is None:
        return render(request, "courses/staff/order_form.html", {"round": None})
    form = OrderForm(request.POST or None, round=round_, units=selectors.orderable_units(user))
    if request.method == "POST" and form.is_valid():
        valid = form
        outcome = attempt(
            lambda: services.order_submit(
                actor=user,
                unit=valid.cleaned_data["unit"],
                round=round_,
                data=valid.order_data(),
            ),
            form=form,
        )
        if outcome.ok and outcome.value is not None:
            return redirect("staff:courses:order_detail", outcome.value.public_id)
    return render(request, "courses/staff/order_form.html", {"round": round_, "form": form})


def _order(request: HttpRequest, public_id: uuid.UUID) -> Order:
    order = selectors.order_detail(public_id, viewer=request.user)
    if order is None:
        raise Http404
    return order


def _actions(user: Viewer, order: Order) -> dict[str, Any]:
    """The forms of the steps this viewer may take now (none: the page only reads)."""
    forms: dict[str, Any] = {}
    if order.status == OrderStatus.SUBMITTED and selectors.may_review_as_district(user, order):
        forms["return_form"] = ReasonForm(prefix="return")
        forms["may_district_approve"] = True
    centre = selectors.may_review_as_centre(user)
    if order.status == OrderStatus.DISTRICT_APPROVED and centre:
        forms["approve_form"] = ApproveForm(order=order, prefix="approve")
        forms["reject_form"] = ReasonForm(prefix="reject")
        forms["propose_form"] = ProposeForm(order=order, prefix="propose")
    if order.status == OrderStatus.PROPOSED and selectors.may_answer_for_unit(user, order):
        forms["answer_form"] = NoteForm(prefix="answer")
    if order.status == OrderStatus.APPROVED and selectors.may_manage_rounds(user):
        forms["may_assign"] = True
    return forms


@require_safe
@staff_member_required
def order_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    order = _order(request, public_id)
    context = {
        "order": order,
        "events": order.events.all(),
        "contact_phone": phone_mask(order.contact_phone),
        **_actions(user, order),
    }
    return render(request, "courses/staff/order_detail.html", context)


Step = Callable[[Any, Order, HttpRequest], tuple[Any, Callable[[], Any] | None]]


def _with_form(form: Any, call: Callable[[Any], Callable[[], Any]]) -> tuple[Any, Any]:
    return form, (call(form) if form.is_valid() else None)


STEPS: dict[str, Step] = {
    "district-approve": lambda u, o, r: (
        None,
        lambda: services.order_district_approve(actor=u, order=o),
    ),
    "return": lambda u, o, r: _with_form(
        ReasonForm(r.POST, prefix="return"),
        lambda f: lambda: services.order_return(actor=u, order=o, reason=f.cleaned_data["reason"]),
    ),
    "approve": lambda u, o, r: _with_form(
        ApproveForm(r.POST, order=o, prefix="approve"),
        lambda f: (
            lambda: services.order_approve(
                actor=u, order=o, topic=f.chosen()[0], position=f.chosen()[1]
            )
        ),
    ),
    "reject": lambda u, o, r: _with_form(
        ReasonForm(r.POST, prefix="reject"),
        lambda f: lambda: services.order_reject(actor=u, order=o, reason=f.cleaned_data["reason"]),
    ),
    "propose": lambda u, o, r: _with_form(
        ProposeForm(r.POST, order=o, prefix="propose"),
        lambda f: (
            lambda: services.order_propose(
                actor=u,
                order=o,
                topic=f.cleaned_data["topic"],
                day=f.cleaned_data["date"],
                half_day=f.cleaned_data["half_day"],
                reason=f.cleaned_data["reason"],
            )
        ),
    ),
    "accept-proposal": lambda u, o, r: _with_form(
        NoteForm(r.POST, prefix="answer"),
        lambda f: (
            lambda: services.order_proposal_answer(
                actor=u, order=o, accept=True, reason=f.cleaned_data["reason"]
            )
        ),
    ),
    "decline-proposal": lambda u, o, r: _with_form(
        NoteForm(r.POST, prefix="answer"),
        lambda f: (
            lambda: services.order_proposal_answer(
                actor=u, order=o, accept=False, reason=f.cleaned_data["reason"]
            )
        ),
    ),
}


@require_POST
@staff_member_required
def order_step(request: HttpRequest, public_id: uuid.UUID, step: str) -> HttpResponse:
    """One review step; a refusal or an invalid form shows the order's page again (400)."""
    user = signed_in_user(request)
    order = _order(request, public_id)
    make = STEPS.get(step)
    if make is None:
        raise Http404
    form, call = make(user, order, request)
    if call is not None:
        outcome = attempt(call, form=form, request=None if form else request)
        if outcome.ok:
            return redirect("staff:courses:order_detail", order.public_id)
    context = {"order": order, "events": order.events.all(), **_actions(user, order)}
    if form is not None:
        context[f"{form.prefix}_form"] = form
    return render(request, "courses/staff/order_detail.html", context, status=400)
