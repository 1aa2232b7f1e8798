"""Staff pages of the training: programmes with their trainees' progress, enrolment,
issuing certificates, the register of certified backbone staff, revoke, backbone role."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import clock
from core.query_params import uuid_or_none, year_or_none
from core.web import attempt, render, signed_in_user
from learning import selectors, services
from learning.forms.training import RevokeForm, StaffEnrolForm
from learning.models import Programme
from network import access
from network.access import Viewer
from network.models import OrgUnit


def _enrol_units(viewer: Viewer, programme: Programme) -> QuerySet[OrgUnit]:
    return (
        access.units_visible_to(viewer, access.Perm.MANAGE_MEMBERS)
        .filter(path__startswith=programme.unit.path, is_active=True)
        .order_by("path")
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@staff_member_required
def programmes(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage_training(request.user):
        raise Http404
    rows = selectors.programmes_for_staff(viewer=request.user)
    return render(request, "learning/staff/programmes.html", {"programmes": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def programme_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    programme = selectors.programme_for_staff(viewer=viewer, public_id=public_id)
    form = StaffEnrolForm(request.POST or None, units=_enrol_units(viewer, programme))
    if form.is_valid():
        data = services.EnrolmentData(
            sign_in_name=form.cleaned_data["sign_in_name"],
            sign_in_unit_name=form.cleaned_data["sign_in_unit_name"],
            employee_number=form.cleaned_data["employee_number"],
        )
        outcome = attempt(
            lambda: services.enrolment_create(
                actor=viewer,
                programme=programme,
                person=form.cleaned_data["person"],
                unit=form.cleaned_data["unit"],
                data=data,
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("The person is enrolled."))
            return redirect("staff:learning:programme", public_id=programme.public_id)
    context = {
        "programme": programme,
        "progress": selectors.programme_progress(viewer=viewer, programme=programme),
        "form": form,
    }
    return render(request, "learning/staff/programme.html", context)


@require_POST
@staff_member_required
def certificate_issue(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    progress = selectors.enrolment_for_staff(viewer=viewer, public_id=public_id)
    attempt(
        lambda: services.certificate_issue(actor=viewer, enrolment=progress.enrolment),
        request=request,
        success=_("The certificate has been issued."),
    )
    return redirect("staff:learning:programme", public_id=progress.enrolment.programme.public_id)


def _register_unit(request: HttpRequest) -> OrgUnit | None:
    """`?unit=`: a unit's public id (the KPI dashboard's links) or its primary key (older
    links); a value that is neither is no filter, a unit outside the reach is not found."""
    value = request.GET.get("unit", "")
    public_id = uuid_or_none(value)
    if public_id is not None:
        lookup: dict[str, object] = {"public_id": public_id}
    elif value.isascii() and value.isdigit() and len(value) <= 18:  # int() fails past 4,300
        lookup = {"pk": int(value)}
    else:
        return None
    reach = access.units_visible_to(request.user, access.Perm.MANAGE_MEMBERS)
    unit = reach.filter(**lookup).first()
    if unit is None:
        raise Http404  # outside the reach (or no such unit) reads as not found
    return unit


def _register_query(unit: OrgUnit | None, year: int | None, counted: bool, all_: bool) -> str:
    """The page's filters as read (never the raw query), for the export link."""
    query: dict[str, str | int] = {}
    if unit is not None:
        query["unit"] = str(unit.public_id)
    if year is not None:
        query["year"] = year
    if counted:
        query["counted"] = 1
    elif all_:
        query["all"] = 1
    return urlencode(query)


@require_safe
@staff_member_required
def register(request: HttpRequest) -> HttpResponse:
    """The register; `?unit=<public id>` (its subtree), `?year=<yyyy>` (issued that year),
    `?counted=1` (the people the KPI `backbone_certified` counts), `?all=1`, `?format=xlsx`."""
    viewer = signed_in_user(request)
    if not selectors.may_manage_training(viewer):
        raise Http404
    unit = _register_unit(request)
    year = year_or_none(request.GET.get("year"))
    counted = request.GET.get("counted") == "1"
    include_all = request.GET.get("all") == "1"
    rows = selectors.certificate_register(
        viewer=viewer, unit=unit, include_all=include_all, year=year, counted=counted
    )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(services.register_export(rows), content_type=XLSX)
        name = f"backbone-register-{clock.today():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    units = access.units_visible_to(viewer, access.Perm.MANAGE_MEMBERS).order_by("path")
    context = {
        "rows": rows,
        "unit": unit,
        "units": units,
        "year": year,
        "counted": counted,
        "include_all": include_all,
        "query": _register_query(unit, year, counted, include_all),
    }
    return render(request, "learning/staff/register.html", context)


@require_POST
@staff_member_required
def certificate_revoke(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    cert = selectors.certificate_for_staff(viewer=viewer, public_id=public_id)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        lambda: services.certificate_revoke(actor=viewer, certificate=cert, reason=reason),
        request=request,
        success=_("The certificate has been revoked."),
    )
    return redirect("staff:learning:register")


@require_POST
@staff_member_required
def backbone_grant(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    cert = selectors.certificate_for_staff(viewer=viewer, public_id=public_id)
    attempt(
        lambda: services.certificate_grant_backbone(actor=viewer, certificate=cert),
        request=request,
        success=_("The person now holds the backbone staff role at their unit."),
    )
    return redirect("staff:learning:register")
