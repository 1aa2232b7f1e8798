"""The operator's screen and the call form.

Every view finds the line for the viewer first (outside its reach: 404), then calls one
service or selector. The autosave answers JSON for the page's script; the number of a
caller is shown only on an explicit reveal, which the service audits.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import clock
from core.web import attempt, render, signed_in_user
from hotline import selectors, services
from hotline.forms.calls import CallForm
from hotline.forms.contacts import ContactCloseForm
from hotline.models import Call, CallOutcome, CallStatus, Duty, Line
from hotline.selectors import cases as case_selectors
from hotline.views.staff.common import page_context


@require_safe
@staff_member_required
@never_cache
def desk(request: HttpRequest, line: UUID) -> HttpResponse:
    """The operator's screen: on duty now, new call (key N), the queue, drafts, recent calls."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    supervises = selectors.may_supervise(user, found)
    assignees = list(selectors.eligible_people(found, Duty.OPERATOR)) if supervises else None
    context = page_context(
        request,
        found,
        drafts=list(selectors.my_drafts(viewer=user, line=found)),
        unclaimed=list(selectors.unclaimed_drafts(viewer=user, line=found)),
        recent=selectors.my_recent_calls(viewer=user, line=found),
        queue=list(selectors.contact_queue(viewer=user, line=found)),
        assignees=assignees,
        close_form=ContactCloseForm(),
        my_cases=case_selectors.my_open_cases(viewer=user, line_ids=[found.pk]),
        crises=selectors.crises_open_on_line(viewer=user, line=found),
    )
    return render(request, "hotline/staff/desk.html", context)


@require_POST
@staff_member_required
def call_new(request: HttpRequest, line: UUID) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    call = services.call_start(actor=user, line=found)
    return redirect(_edit_url(call))


def _edit_url(call: Call) -> str:
    return reverse(
        "staff:hotline:call", kwargs={"line": call.line.public_id, "call": call.public_id}
    )


def _call_context(request: HttpRequest, line: Line, call: Call, form: CallForm) -> dict[str, Any]:
    user = signed_in_user(request)
    banner = (
        selectors.caller_banner(viewer=user, profile=call.caller, besides=call)
        if call.caller is not None
        else None
    )
    return page_context(request, line, call=call, form=form, banner=banner)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
@never_cache
def call_edit(request: HttpRequest, line: UUID, call: UUID) -> HttpResponse:
    """GET: the form (a reopened draft keeps what was typed); POST: log the call, then
    back to the operator's screen, or on to the case form when the outcome is "case
    opened" (a case is expected from the call: the operator need not look for it)."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_call = selectors.call_get(viewer=user, line=found, public_id=call)
    template = "hotline/staff/call.html"
    if the_call.status == CallStatus.LOGGED:
        if request.method == "POST":
            raise Http404  # a logged call is not changed here
        services.call_viewed(actor=user, call=the_call)
        context = _call_context(request, found, the_call, CallForm())
        return render(request, "hotline/staff/call_view.html", context)
    if request.method != "POST":
        form = CallForm(initial=CallForm.initial_for(the_call))
        return render(request, template, _call_context(request, found, the_call, form))
    form = CallForm(request.POST)
    if form.is_valid():
        outcome = attempt(
            lambda: services.call_log(actor=user, call=the_call, data=form.to_data()),
            form=form,
            request=request,
            success=gettext("The call is logged."),
        )
        if outcome.ok and outcome.value is not None:
            if outcome.value.outcome == CallOutcome.CASE_OPENED:  # its case comes next
                return redirect(
                    "staff:hotline:case_new", line=found.public_id, call=the_call.public_id
                )
            return redirect("staff:hotline:desk", line=found.public_id)
    return render(request, template, _call_context(request, found, the_call, form))


@require_POST
@staff_member_required
def call_autosave(request: HttpRequest, line: UUID, call: UUID) -> HttpResponse:
    """Keep the draft (the page posts it every few seconds); JSON for the page's script."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_call = selectors.call_get(viewer=user, line=found, public_id=call)
    form = CallForm(request.POST, draft=True)
    if form.is_valid():
        outcome = attempt(
            lambda: services.call_draft_save(actor=user, call=the_call, data=form.to_data()),
            form=form,
        )
        if outcome.ok and outcome.value is not None:
            saved = outcome.value
            banner = ""
            if saved.caller is not None:
                context = {
                    "banner": selectors.caller_banner(
                        viewer=user, profile=saved.caller, besides=saved
                    ),
                    "call": saved,
                    "line": found,
                }
                banner = render_to_string("hotline/staff/_caller_banner.html", context, request)
            when = clock.local(saved.updated_at).strftime("%H:%M:%S")
            return JsonResponse(
                {
                    "saved": True,
                    "message": gettext("Draft saved at %(time)s.") % {"time": when},
                    "banner": banner,
                }
            )
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    return JsonResponse({"saved": False, "errors": errors}, status=400)


@require_POST
@staff_member_required
def call_discard(request: HttpRequest, line: UUID, call: UUID) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_call = selectors.call_get(viewer=user, line=found, public_id=call)
    attempt(
        lambda: services.call_draft_discard(actor=user, call=the_call),
        request=request,
        success=gettext("The draft is discarded."),
    )
    return redirect("staff:hotline:desk", line=found.public_id)


@require_POST
@staff_member_required
@never_cache
def caller_reveal(request: HttpRequest, line: UUID, call: UUID) -> HttpResponse:
    """Show the caller's number once, on purpose; the service writes the audit entry."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_call = selectors.call_get(viewer=user, line=found, public_id=call)
    if the_call.caller is None:
        return redirect(_edit_url(the_call))
    number = services.caller_number_reveal(actor=user, profile=the_call.caller)
    context = page_context(request, found, number=number, back=_edit_url(the_call))
    return render(request, "hotline/staff/number.html", context)
