"""The contact-request queue: its address, and its actions (take, give to someone, record
a try, close)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from core.web import attempt, render, signed_in_user
from hotline import selectors, services
from hotline.forms.contacts import ContactAssignForm, ContactCloseForm
from hotline.models import ContactRequest, Duty
from hotline.views.staff.common import page_context
from network import access


@require_safe
@staff_member_required
def contact_queue(request: HttpRequest) -> HttpResponse:
    """The queue of the viewer's line (on the operator's screen); with several lines in
    reach, the list of lines to choose from. Other apps link here (assessments' old
    call-back list redirects here)."""
    if not access.holds_anywhere(request.user, access.Perm.HOTLINE_OPERATE):
        raise Http404
    lines = list(selectors.lines_visible_to(request.user)[:2])
    if len(lines) != 1:
        return redirect("staff:hotline:lines")
    desk = redirect("staff:hotline:desk", line=lines[0].public_id).url
    return redirect(f"{desk}#queue")


def _take(user: User, contact: ContactRequest, request: HttpRequest) -> Callable[[], Any] | None:
    return lambda: services.contact_assign(actor=user, request=contact, assignee=user)


def _give(user: User, contact: ContactRequest, request: HttpRequest) -> Callable[[], Any] | None:
    people = selectors.eligible_people(contact.line, Duty.OPERATOR)
    form = ContactAssignForm(request.POST, people=people)
    if not form.is_valid():
        return None
    assignee = form.cleaned_data["assignee"]
    return lambda: services.contact_assign(actor=user, request=contact, assignee=assignee)


def _attempt(user: User, contact: ContactRequest, request: HttpRequest) -> Callable[[], Any] | None:
    return lambda: services.contact_attempt(actor=user, request=contact)


def _close(user: User, contact: ContactRequest, request: HttpRequest) -> Callable[[], Any] | None:
    form = ContactCloseForm(request.POST)
    if not form.is_valid():
        return None
    outcome = form.cleaned_data["outcome"]
    survey = form.cleaned_data["survey_consent"]
    return lambda: services.contact_close(
        actor=user, request=contact, outcome=outcome, survey_consent=survey
    )


ACTIONS = {"take": _take, "assign": _give, "attempt": _attempt, "close": _close}


def _done() -> dict[str, str]:
    return {
        "take": gettext("The request is yours."),
        "assign": gettext("The request is assigned."),
        "attempt": gettext("The try is recorded."),
        "close": gettext("The request is closed."),
    }


@require_POST
@staff_member_required
def contact_act(request: HttpRequest, contact: UUID, action: str) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.contact_get(viewer=user, public_id=contact)
    if action not in ACTIONS:
        raise Http404
    call = ACTIONS[action](user, found, request)
    if call is None:
        messages.error(request, gettext("Please check the form: choose a valid option."))
        return redirect("staff:hotline:desk", line=found.line.public_id)
    attempt(call, request=request, success=_done()[action])
    return redirect("staff:hotline:desk", line=found.line.public_id)


@require_POST
@staff_member_required
@never_cache
def contact_reveal(request: HttpRequest, contact: UUID) -> HttpResponse:
    """The number to call back, shown on purpose; the service writes the audit entry."""
    user = signed_in_user(request)
    found = selectors.contact_get(viewer=user, public_id=contact)
    if found.caller is None:
        raise Http404
    number = services.caller_number_reveal(actor=user, profile=found.caller)
    back = f"{redirect('staff:hotline:desk', line=found.line.public_id).url}#queue"
    context = page_context(request, found.line, number=number, back=back)
    return render(request, "hotline/staff/number.html", context)
