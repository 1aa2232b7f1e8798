"""Hotline case pages: open a case from its call, the case with its timeline, and the
forms that change it (one service call each; refusals shown by core.web.attempt)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.web import attempt, render, signed_in_user
from hotline import selectors
from hotline.forms import cases as case_forms
from hotline.models import HotlineCase
from hotline.selectors import cases as sel
from hotline.services import case_booking, case_steps
from hotline.services import cases as svc
from hotline.views.staff.common import page_context


def _case_url(case: HotlineCase) -> HttpResponse:
    return redirect("staff:hotline:case", line=case.line.public_id, case=case.public_id)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
@never_cache
def case_new(request: HttpRequest, line: UUID, call: UUID) -> HttpResponse:
    """Open a case from a logged call whose outcome is "case opened"."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_call = sel.call_of_line(viewer=user, line_id=found.pk, public_id=call)
    if the_call.case is not None:
        return _case_url(the_call.case)
    form = case_forms.CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: svc.case_open_from_call(
                actor=user,
                call=the_call,
                concern=data["concern"],
                next_kind=data["next_kind"],
                next_due_on=data["next_due_on"],
                referral_to=data["referral_to"],
            ),
            form=form,
            request=request,
            success=gettext("The case is opened."),
        )
        if outcome.ok and outcome.value is not None:
            return _case_url(outcome.value)
    context = page_context(request, found, call=the_call, form=form)
    return render(request, "hotline/staff/case_new.html", context)


@require_http_methods(["GET", "HEAD"])
@staff_member_required
@never_cache
def case_detail(request: HttpRequest, line: UUID, case: UUID) -> HttpResponse:
    """The case, its timeline and its forms; the reading is audit-logged."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_case = sel.case_get(viewer=user, public_id=case)
    if the_case.line_id != found.pk:
        raise Http404
    sel.case_read(viewer=user, case=the_case)
    context = page_context(
        request,
        found,
        case=the_case,
        timeline=sel.case_timeline(the_case),
        # Each form of the page names its fields' ids apart (auto_id), so every label
        # points at its own field, not at the first form's field of the same name.
        open_steps=[
            (step, case_forms.StepDoneForm(auto_id=f"done{step.pk}_%s"))
            for step in the_case.steps.filter(done_at__isnull=True)
        ],
        referrals=[
            (referral, case_forms.ReferralAnswerForm(auto_id=f"referral{referral.pk}_%s"))
            for referral in the_case.referrals.all()
        ],
        sessions=case_booking.case_sessions(the_case),
        **_forms(the_case),
        booking_form=case_forms.CounsellingBookingForm(auto_id="book_%s").offer(
            case_booking.counselling_times(actor=user)
        )
        if the_case.is_open
        else None,
    )
    return render(request, "hotline/staff/case.html", context)


def _forms(case: HotlineCase) -> dict[str, Any]:
    return {
        "update_form": case_forms.CaseUpdateForm(
            initial={
                "concern": case.concern,
                "notes": case.notes,
                "risk": case.risk,
                "status": case.status,
            },
            auto_id="update_%s",
        ),
        "step_form": case_forms.NextStepFields(auto_id="step_%s"),
        "close_form": case_forms.CaseCloseForm(auto_id="close_%s"),
        "waive_form": case_forms.WaiveForm(auto_id="waive_%s"),
    }


Action = Callable[[User, HotlineCase, dict[str, Any], HttpRequest], Any]


def _update(user: User, case: HotlineCase, d: dict[str, Any], r: HttpRequest) -> Any:
    return svc.case_update(actor=user, case=case, **d)


def _step(user: User, case: HotlineCase, d: dict[str, Any], r: HttpRequest) -> Any:
    return svc.step_add(
        actor=user,
        case=case,
        kind=d["next_kind"],
        due_on=d["next_due_on"],
        referral_to=d["referral_to"],
    )


def _done(user: User, case: HotlineCase, d: dict[str, Any], r: HttpRequest) -> Any:
    step = sel.step_of(case, _int(r.POST.get("step")))
    return svc.step_complete(actor=user, step=step, **d)


def _close(user: User, case: HotlineCase, d: dict[str, Any], r: HttpRequest) -> Any:
    return svc.case_close(actor=user, case=case, outcome=d["outcome"])


def _referral(user: User, case: HotlineCase, d: dict[str, Any], r: HttpRequest) -> Any:
    referral = sel.referral_of(case, _int(r.POST.get("referral")))
    return svc.referral_answer(actor=user, referral=referral, **d)


def _waive(user: User, case: HotlineCase, d: dict[str, Any], r: HttpRequest) -> Any:
    return case_steps.crisis_followups_waive(actor=user, case=case, reason=d["reason"])


def _book(user: User, case: HotlineCase, d: dict[str, Any], r: HttpRequest) -> Any:
    return case_booking.case_book_counselling(
        actor=user,
        case=case,
        slot_id=d["slot"],
        phone=d["phone"],
        handover=d["handover"],
        consented=d["consent"],
        link_base=r.build_absolute_uri("/").rstrip("/"),
    )


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None


ACTIONS: dict[str, tuple[type[forms.Form], Action]] = {
    "update": (case_forms.CaseUpdateForm, _update),
    "step": (case_forms.NextStepFields, _step),
    "done": (case_forms.StepDoneForm, _done),
    "close": (case_forms.CaseCloseForm, _close),
    "referral": (case_forms.ReferralAnswerForm, _referral),
    "waive": (case_forms.WaiveForm, _waive),
    "book": (case_forms.CounsellingBookingForm, _book),
}


@require_POST
@staff_member_required
def case_act(request: HttpRequest, line: UUID, case: UUID, action: str) -> HttpResponse:
    """One change to a case; a refusal is shown as a message and changes nothing."""
    if action not in ACTIONS:
        raise Http404
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_case = sel.case_get(viewer=user, public_id=case)
    if the_case.line_id != found.pk:
        raise Http404
    form_class, run = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return _case_url(the_case)
    attempt(
        lambda: run(user, the_case, form.cleaned_data, request),
        request=request,
        success=gettext("Saved."),
    )
    return _case_url(the_case)
