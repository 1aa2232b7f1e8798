"""Staff pages of counselling cases: lists, the case with its timeline, opening,
editing, closing, linking a session and booking the next one.

Each view checks access (anything out of reach answers 404), calls one
selector or service and responds; DomainErrors become form errors or messages
in the user's language. Pages that show notes are never cached.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from appointments import services
from appointments.forms import cases as cases_forms
from appointments.models import Case, ReferralStatus
from appointments.notifications import channels as channels_notifications
from appointments.selectors import cases as sel
from appointments.selectors.case_page import case_page
from appointments.views.people import signed_in
from core import clock
from core.web import attempt, render, signed_in_user
from network import access
from network.access import Perm

PAGE_SIZE = 50


FORM_TEMPLATE = "appointments/staff/cases/form.html"


def case_of(request: HttpRequest, public_id: UUID) -> tuple[Case, str]:
    return sel.case_for_viewer(viewer=signed_in(request), public_id=public_id)


def detail_url(case: Case) -> str:
    return reverse("staff:appointments:case_detail", kwargs={"public_id": case.public_id})


def link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def form_page(
    request: HttpRequest,
    *,
    case: Case | None,
    form: forms.Form,
    title: str,
    submit: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
    status: int | None = None,
) -> HttpResponse:
    context = {"case": case, "form": form, "title": title, "submit": submit, "intro": intro}
    return render(request, FORM_TEMPLATE, {**context, **(extra or {})}, status=status)


LIST_TABS = ("mine", "supervised", "referred")


STATUS_FILTERS = ("active", "closed", "all")


@require_safe
@staff_member_required
@never_cache
def case_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    counsellor, supervisor = sel.is_counsellor(user), sel.is_supervisor(user)
    tabs = [
        tab
        for tab, allowed in zip(LIST_TABS, (counsellor, supervisor, counsellor), strict=True)
        if allowed
    ]
    if not tabs:
        raise Http404
    tab = request.GET.get("tab", tabs[0])
    if tab not in tabs:
        tab = tabs[0]
    status = request.GET.get("status", "active")
    if status not in STATUS_FILTERS:
        status = "active"
    if tab == "referred":
        items: Any = sel.referrals_to_me(viewer=user)
    else:
        items = sel.cases_visible(viewer=user, tab=tab, status=status)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "tab": tab,
        "tabs": tabs,
        "status": status,
        "today": clock.today(),
        "referral_statuses": ReferralStatus.choices,
    }
    return render(request, "appointments/staff/cases/list.html", context)


@require_safe
@staff_member_required
def overdue_followups(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not (
        sel.is_counsellor(user)
        or sel.is_supervisor(user)
        or access.holds_anywhere(user, Perm.VIEW_STATION_SCHEDULE)
    ):
        raise Http404
    rows = sel.overdue_rows(viewer=user)
    return render(request, "appointments/staff/cases/overdue.html", {"rows": rows})


@require_safe
@staff_member_required
@never_cache
def case_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case, role = case_of(request, public_id)
    page = case_page(viewer=cast(User, request.user), case=case, role=role)
    context = {
        "case": case,
        "role": role,
        "timeline": page.timeline,
        "editable_notes": page.editable_notes,
        "next_session": page.next_session,
        "open_followups": page.open_followups,
        "today": page.today,
        "unlinked": page.unlinked,
        "closed": page.closed,
        "referral_statuses": ReferralStatus.choices,
    }
    return render(request, "appointments/staff/cases/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def case_open(request: HttpRequest, booking_id: UUID) -> HttpResponse:
    booking = sel.booking_of_counsellor(viewer=signed_in(request), public_id=booking_id)
    if booking.case is not None:
        messages.info(request, gettext("This session already belongs to a case."))
        return redirect(detail_url(booking.case))
    existing = sel.open_case_of(worker_id=booking.worker_id, counsellor_id=booking.counsellor_id)
    form = cases_forms.CaseOpenForm(
        request.POST if request.method == "POST" else None,
        initial={"concern": booking.reason or None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = attempt(
            lambda: services.case_open(
                actor=signed_in(request),
                booking=booking,
                concern=data["concern"],
                risk_level=data["risk_level"],
                next_due_on=data["next_due_on"],
                next_kind=data["next_kind"],
            ),
            form=form,
        ).value
        if case is not None:
            messages.success(request, gettext("The case is open."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=None,
        form=form,
        title=gettext("Open a case"),
        submit=gettext("Open the case"),
        intro=gettext(
            "A case groups the worker's sessions with you, your notes, follow-ups and referrals."
        ),
        extra={"booking": booking, "existing_case": existing},
    )


@require_POST
@staff_member_required
def case_link_booking(request: HttpRequest, public_id: UUID, booking_id: UUID) -> HttpResponse:
    case, _role = case_of(request, public_id)
    booking = sel.booking_of_counsellor(viewer=signed_in(request), public_id=booking_id)
    attempt(
        lambda: services.case_link_booking(actor=signed_in(request), case=case, booking=booking),
        request=request,
        success=gettext("The session is now part of the case."),
    )
    return redirect(detail_url(case))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def case_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case, _role = case_of(request, public_id)
    form = cases_forms.CaseUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={"concern": case.concern, "risk_level": case.risk_level, "status": case.status},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            lambda: services.case_update(actor=signed_in(request), case=case, **data), form=form
        ).value
        if done is not None:
            messages.success(request, gettext("The case is updated."))
            return redirect(detail_url(case))
    return form_page(
        request, case=case, form=form, title=gettext("Change the case"), submit=gettext("Save")
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def case_close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case, _role = case_of(request, public_id)
    form = cases_forms.CaseCloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = form.cleaned_data["outcome"]
        done = attempt(
            lambda: services.case_close(actor=signed_in(request), case=case, outcome=outcome),
            form=form,
        ).value
        if done is not None:
            messages.success(request, gettext("The case is closed."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=case,
        form=form,
        title=gettext("Close the case"),
        submit=gettext("Close the case"),
        intro=gettext(
            "A case closes with an outcome. Open follow-ups are closed with it; a session "
            "still booked must be cancelled first."
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def case_book(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case, role = case_of(request, public_id)
    if role != "counsellor":
        raise Http404
    form = cases_forms.BookSessionForm(
        request.POST if request.method == "POST" else None, counsellor=signed_in_user(request)
    )
    if request.method == "POST" and form.is_valid():
        slot = form.cleaned_data["slot"]
        booking = attempt(
            lambda: services.case_book_session(
                actor=cast(User, request.user),  # staff_member_required
                case=case,
                slot=slot,
                link_base=link_base(request),
            ),
            form=form,
        ).value
        if booking is not None:
            messages.success(request, gettext("The session is booked; the worker is told."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=case,
        form=form,
        title=gettext("Book the next session"),
        submit=gettext("Book this time"),
        intro=_confirmation_intro(case.worker),
        extra={"no_slots": not form.slots},
    )


def _confirmation_intro(worker: User) -> str:
    """Promise only the channels the confirmation really goes by (worker_channels)."""
    channels = channels_notifications.worker_channels(worker)
    if channels.sms and channels.email:
        return gettext("Your free times. The worker gets the confirmation by SMS and e-mail.")
    if channels.sms:
        return gettext("Your free times. The worker gets the confirmation by SMS.")
    if channels.email:
        return gettext("Your free times. The worker gets the confirmation by e-mail.")
    return gettext(
        "Your free times. The worker has no verified mobile number or e-mail address: "
        "tell them the time yourself."
    )
