"""The petition desk pages: the year's visits with a form to log one, and a visit with
its cases heard (the summaries' read is audit-logged) and their legal aid outcomes."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import clock
from core.web import attempt, render, signed_in_user
from hotline import selectors
from hotline.forms.petition import HearingForm, LegalAidOutcomeForm, VisitForm, VisitLogForm
from hotline.models import Duty, PetitionVisit
from hotline.selectors import petition as sel
from hotline.services import petition as svc
from hotline.views.staff.common import page_context


def _visit_url(visit: PetitionVisit) -> HttpResponse:
    return redirect(
        "staff:hotline:petition_visit", line=visit.line.public_id, visit=visit.public_id
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
@never_cache
def desk(request: HttpRequest, line: UUID) -> HttpResponse:
    """This year's visits and figures; POST logs a visit day."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    people = None
    if selectors.may_supervise(user, found):
        people = selectors.eligible_people(found, Duty.OPERATOR)
    form = VisitLogForm(request.POST or None, initial={"day": clock.today()}, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: svc.visit_log(actor=user, line=found, **data),
            form=form,
            request=request,
            success=gettext("The visit is logged."),
        )
        if outcome.ok and outcome.value is not None:
            return _visit_url(outcome.value)
    year = clock.today().year
    context = page_context(
        request,
        found,
        form=form,
        year=year,
        figures=sel.petition_figures(viewer=user, line=found, year=year),
        visits=list(sel.visits_of_year(viewer=user, line=found, year=year)),
    )
    return render(request, "hotline/staff/petition.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
@never_cache
def visit(request: HttpRequest, line: UUID, visit: UUID) -> HttpResponse:
    """A visit with its cases heard; POST adds a case heard."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_visit = sel.visit_get(viewer=user, line=found, public_id=visit)
    form = HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: svc.hearing_add(actor=user, visit=the_visit, **data),
            form=form,
            request=request,
            success=gettext("The case heard is logged."),
        )
        if outcome.ok:
            return _visit_url(the_visit)
    context = page_context(
        request,
        found,
        visit=the_visit,
        hearings=sel.visit_read(viewer=user, visit=the_visit),
        form=form,
        outcome_form=LegalAidOutcomeForm(),
        edit_form=VisitForm(initial=_visit_initial(the_visit), prefix="edit"),
    )
    return render(request, "hotline/staff/petition_visit.html", context)


def _visit_initial(visit: PetitionVisit) -> dict[str, object]:
    return {name: getattr(visit, name) for name in svc.VISIT_FIELDS}


@require_http_methods(["POST"])
@staff_member_required
def visit_edit(request: HttpRequest, line: UUID, visit: UUID) -> HttpResponse:
    """Correct a recorded visit (its counsellor or a supervisor); refusals as messages."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_visit = sel.visit_get(viewer=user, line=found, public_id=visit)
    form = VisitForm(request.POST, prefix="edit")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _visit_url(the_visit)
    attempt(
        lambda: svc.visit_update(actor=user, visit=the_visit, **form.cleaned_data),
        request=request,
        success=gettext("The visit is corrected."),
    )
    return _visit_url(the_visit)


@require_http_methods(["POST"])
@staff_member_required
def legal_aid(request: HttpRequest, line: UUID, visit: UUID) -> HttpResponse:
    """Record a legal aid referral's outcome; refusals show as messages."""
    user = signed_in_user(request)
    found = selectors.line_get(viewer=user, public_id=line)
    the_visit = sel.visit_get(viewer=user, line=found, public_id=visit)
    form = LegalAidOutcomeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _visit_url(the_visit)
    data = form.cleaned_data
    referral = sel.referral_of(the_visit, data["referral"])
    attempt(
        lambda: svc.referral_outcome(
            actor=user, referral=referral, outcome=data["outcome"], amount=data["amount"]
        ),
        request=request,
        success=gettext("The legal aid outcome is recorded."),
    )
    return _visit_url(the_visit)
