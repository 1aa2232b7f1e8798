"""Staff pages of what a case records: session notes and addenda, follow-ups and
referrals. Note bodies, follow-up results and feedback are hidden from error reports.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from appointments import services
from appointments.forms import cases as cases_forms
from appointments.models import Case, FollowUp
from appointments.selectors import cases as sel
from appointments.views.people import signed_in
from appointments.views.staff.cases import case_of, detail_url, form_page
from core.web import attempt

CONFIDENTIAL_FIELDS = ("body", "result", "feedback")


@sensitive_post_parameters(*CONFIDENTIAL_FIELDS)
@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
@never_cache
def note_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case, _role = case_of(request, public_id)
    form = cases_forms.NoteForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        note = attempt(
            lambda: services.note_write(
                actor=signed_in(request), case=case, body=data["body"], booking=data["booking"]
            ),
            form=form,
        ).value
        if note is not None:
            messages.success(request, gettext("The note is saved."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=case,
        form=form,
        title=gettext("Write a note"),
        submit=gettext("Save the note"),
        intro=gettext(
            "Only you and the clinical supervisors of this station can read it. You can "
            "correct it for %(hours)d hours; after that, add an addendum."
        )
        % {"hours": settings.NOTE_EDIT_HOURS},
    )


def _own_note(request: HttpRequest, case: Case, note_id: int) -> Any:
    return services.note_read_one(viewer=signed_in(request), case=case, note_id=note_id)


@sensitive_post_parameters(*CONFIDENTIAL_FIELDS)
@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
@never_cache
def note_edit(request: HttpRequest, public_id: UUID, note_id: int) -> HttpResponse:
    case, _role = case_of(request, public_id)
    note = _own_note(request, case, note_id)
    form = cases_forms.NoteBodyForm(
        request.POST if request.method == "POST" else None, initial={"body": note.body}
    )
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        done = attempt(
            lambda: services.note_edit(actor=signed_in(request), note=note, body=body), form=form
        ).value
        if done is not None:
            messages.success(request, gettext("The note is corrected."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=case,
        form=form,
        title=gettext("Correct the note"),
        submit=gettext("Save the note"),
        extra={"addendum_link": note.pk},
    )


@sensitive_post_parameters(*CONFIDENTIAL_FIELDS)
@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
@never_cache
def note_addendum(request: HttpRequest, public_id: UUID, note_id: int) -> HttpResponse:
    case, _role = case_of(request, public_id)
    note = _own_note(request, case, note_id)
    form = cases_forms.NoteBodyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        done = attempt(
            lambda: services.note_addendum(actor=signed_in(request), note=note, body=body),
            form=form,
        ).value
        if done is not None:
            messages.success(request, gettext("The addendum is saved."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=case,
        form=form,
        title=gettext("Add an addendum"),
        submit=gettext("Save the addendum"),
        intro=gettext("The note stays as it was; the addendum is shown under it, with its date."),
        extra={"original_note": note},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def followup_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case, _role = case_of(request, public_id)
    form = cases_forms.FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            lambda: services.followup_create(actor=signed_in(request), case=case, **data), form=form
        ).value
        if done is not None:
            messages.success(request, gettext("The follow-up is added."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=case,
        form=form,
        title=gettext("Add a follow-up"),
        submit=gettext("Add the follow-up"),
        intro=gettext("The follow-up is assigned to the case's counsellor."),
    )


@sensitive_post_parameters(*CONFIDENTIAL_FIELDS)
@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def followup_complete(request: HttpRequest, public_id: UUID, followup_id: int) -> HttpResponse:
    case, _role = case_of(request, public_id)
    followup = FollowUp.objects.filter(pk=followup_id, case=case).first()
    if followup is None:
        raise Http404
    form = cases_forms.FollowUpCompleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            lambda: services.followup_complete(
                actor=signed_in(request),
                followup=followup,
                result=data["result"],
                next_due_on=data["next_due_on"],
                next_kind=data["next_kind"],
                close_outcome=data["close_outcome"],
            ),
            form=form,
        ).value
        if done is not None:
            messages.success(request, gettext("The follow-up is done."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=case,
        form=form,
        title=gettext("Complete the follow-up"),
        submit=gettext("Mark as done"),
        intro=gettext(
            "Say what comes next: if this is the case's last next step, give the next "
            "follow-up's date, book a session first, or close the case."
        ),
        extra={"followup": followup},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def referral_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case, _role = case_of(request, public_id)
    form = cases_forms.ReferralForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            lambda: services.referral_create(actor=signed_in(request), case=case, **data), form=form
        ).value
        if done is not None:
            messages.success(request, gettext("The referral is recorded."))
            return redirect(detail_url(case))
    return form_page(
        request,
        case=case,
        form=form,
        title=gettext("Refer the case"),
        submit=gettext("Record the referral"),
        intro=gettext(
            "Legal aid, policy consultation, a psychiatric hospital, the hotline or another "
            "counsellor. A counsellor referred to sees the referral, never the notes."
        ),
    )


@sensitive_post_parameters(*CONFIDENTIAL_FIELDS)
@require_POST
@staff_member_required
def referral_update(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = sel.referral_for_viewer(viewer=signed_in(request), referral_id=referral_id)
    form = cases_forms.ReferralUpdateForm(request.POST)
    receiver = referral.case.counsellor_id != request.user.pk
    back = (
        reverse("staff:appointments:cases") + "?tab=referred"
        if receiver
        else detail_url(referral.case)
    )
    if not form.is_valid():
        # Shown again with what was wrong (too long, invisible characters…), answering 400.
        return form_page(
            request,
            case=None if receiver else referral.case,
            form=form,
            title=gettext("Update the referral"),
            submit=gettext("Save"),
        )
    attempt(
        lambda: services.referral_update(
            actor=signed_in(request), referral=referral, **form.cleaned_data
        ),
        request=request,
        success=gettext("The referral is updated."),
    )
    return redirect(back)
