"""Staff pages of lectures: the list, a lecture's page with its live sign-in count, the
printable sign-in sheet (PDF), the QR poster, the projector page with the rotating code,
the lecture record and attendance corrections.

Each view reads the lecture through `selectors.lecture_for_staff` (outside the viewer's
reach: 404), calls one service or selector and renders.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import clock
from core.pdf import render_pdf
from core.qr import qr_svg
from core.query_params import uuid_or_none, year_or_none
from core.web import attempt, render, signed_in_user
from courses import selectors, services
from courses.forms import AttendanceForm, LectureRecordForm
from courses.models import Lecture, LectureStatus

PAGE_SIZE = 30
SHEET_MIN_ROWS = 30
SHEET_MAX_ROWS = 300


def _lecture(request: HttpRequest, public_id: uuid.UUID) -> Lecture:
    return selectors.lecture_for_staff(public_id, viewer=signed_in_user(request))


def _no_store(response: HttpResponse) -> HttpResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


@require_safe
@staff_member_required
def lectures(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    within, year = uuid_or_none(request.GET.get("unit")), year_or_none(request.GET.get("year"))
    for_cadres = request.GET.get("cadres") == "1"
    qs = selectors.lectures_for(
        signed_in_user(request), status=status, within=within, year=year, for_cadres=for_cadres
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": LectureStatus.choices,
        "filtered": within is not None or year is not None or for_cadres,
        "for_cadres": for_cadres,
    }
    return render(request, "courses/staff/lectures/list.html", context)


def _detail_context(request: HttpRequest, lecture: Lecture) -> dict[str, Any]:
    viewer = signed_in_user(request)
    opens, closes = services.sign_in_window(lecture)
    record = selectors.lecture_record(lecture)
    may_file = selectors.may_file_record(viewer, lecture)
    return {
        "lecture": lecture,
        "count": services.sign_in_count(lecture),
        "sign_in_opens": clock.local(opens),
        "sign_in_closes": clock.local(closes),
        "sign_in_open": services.sign_in_is_open(lecture),
        "record": record,
        "may_file": may_file and record is None and lecture.status != LectureStatus.CANCELLED,
        "may_adjust": may_file and record is not None,
        "attendance_form": AttendanceForm(initial={"attendance": record.attendance})
        if record is not None
        else None,
        "summary": selectors.feedback_summary(lecture),
    }


@require_safe
@staff_member_required
def lecture_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    lecture = _lecture(request, public_id)
    return render(request, "courses/staff/lectures/detail.html", _detail_context(request, lecture))


@require_safe
@staff_member_required
def lecture_count(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The live count, polled by htmx from the lecture page and the projector."""
    lecture = _lecture(request, public_id)
    context = {"lecture": lecture, "count": services.sign_in_count(lecture)}
    return _no_store(render(request, "courses/staff/lectures/_count.html", context))


@require_safe
@staff_member_required
def lecture_sheet(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The sign-in sheet (签到表) as a PDF: the QR sign-ins, then empty numbered rows."""
    viewer = signed_in_user(request)
    lecture = _lecture(request, public_id)
    people = selectors.sign_ins_of(lecture)
    services.sign_in_sheet_viewed(actor=viewer, lecture=lecture, shown=len(people))
    rows = max(SHEET_MIN_ROWS, min(lecture.capacity, SHEET_MAX_ROWS), len(people))
    context = {
        "lecture": lecture,
        "starts": clock.local(lecture.starts_at),
        "ends": clock.local(lecture.ends_at),
        "people": people,
        "blank_rows": range(len(people) + 1, rows + 1),
    }
    response = HttpResponse(
        render_pdf("pdf/courses_sign_in_sheet.html", context), content_type="application/pdf"
    )
    filename = f"sign-in-{clock.local(lecture.starts_at):%Y%m%d}-{lecture.public_id.hex[:8]}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _no_store(response)


def _sign_in_url(request: HttpRequest, lecture: Lecture, code: str) -> str:
    path = reverse("courses:lecture_sign_in", kwargs={"public_id": lecture.public_id})
    return request.build_absolute_uri(f"{path}?c={code}")


@require_safe
@staff_member_required
def lecture_poster(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A printable poster with the lecture's fixed code (for a room without a projector)."""
    lecture = _lecture(request, public_id)
    url = _sign_in_url(request, lecture, services.poster_code(lecture))
    context = {
        "lecture": lecture,
        "starts": clock.local(lecture.starts_at),
        "qr": qr_svg(url, label=_("QR code to sign in")),
        "url": url,
    }
    return render(request, "courses/staff/lectures/poster.html", context)


@require_safe
@staff_member_required
def lecture_projector(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    lecture = _lecture(request, public_id)
    context = {**_projector_code(request, lecture), "count": services.sign_in_count(lecture)}
    return _no_store(render(request, "courses/staff/lectures/projector.html", context))


def _projector_code(request: HttpRequest, lecture: Lecture) -> dict[str, Any]:
    url = _sign_in_url(request, lecture, services.rotating_code(lecture))
    return {
        "lecture": lecture,
        "qr": qr_svg(url, label=_("QR code to sign in")),
        "url": url,
        "sign_in_open": services.sign_in_is_open(lecture),
        "window_seconds": services.WINDOW_SECONDS,
    }


@require_safe
@staff_member_required
def lecture_projector_code(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The current rotating code, polled by the projector page every few seconds."""
    lecture = _lecture(request, public_id)
    context = _projector_code(request, lecture)
    return _no_store(render(request, "courses/staff/lectures/_projector_code.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def lecture_record_file(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    lecture = _lecture(request, public_id)
    if not selectors.may_file_record(viewer, lecture):
        raise Http404
    counted = services.sign_in_count(lecture)
    form = LectureRecordForm(
        request.POST or None,
        request.FILES or None,
        initial={"attendance": counted, "duration_minutes": lecture.topic.length_minutes},
    )
    if form.is_valid():
        outcome = attempt(
            lambda: services.lecture_record_file(
                actor=viewer,
                lecture=lecture,
                data=form.data_for_service(),
                photos=form.cleaned_data["photos"],
            ),
            form=form,
            request=request,
            success=_("The lecture record has been filed."),
        )
        if outcome.ok:
            return redirect("staff:courses:lecture", public_id=lecture.public_id)
    context = {"lecture": lecture, "form": form, "count": counted}
    return render(request, "courses/staff/lectures/record.html", context)


@require_POST
@staff_member_required
def lecture_attendance(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = signed_in_user(request)
    lecture = _lecture(request, public_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        outcome = attempt(
            lambda: services.lecture_attendance_adjust(
                actor=viewer,
                lecture=lecture,
                attendance=form.cleaned_data["attendance"],
                reason=form.cleaned_data["reason"],
            ),
            form=form,
            request=request,
            success=_("The attendance has been corrected."),
        )
        if outcome.ok:
            return redirect("staff:courses:lecture", public_id=lecture.public_id)
    context = {**_detail_context(request, lecture), "attendance_form": form}
    return render(request, "courses/staff/lectures/detail.html", context)
