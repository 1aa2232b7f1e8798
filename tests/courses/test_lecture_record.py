"""The lecture record (巡讲登记表): filing, attendance adjusted only with a reason, audit."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from core.errors import NotFound
from courses import services
from courses.errors import ErrorCode
from courses.models import AttendanceAdjustment, Lecture, LectureRecord, LectureStatus
from network.models import AuditEntry, OrgUnit
from tests.courses.conftest import LECTURE_START
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

AFTER = LECTURE_START + timedelta(hours=2)


def signed_in(lecture: Lecture, n: int) -> None:
    with time_machine.travel(LECTURE_START - timedelta(minutes=5), tick=False):
        for i in range(n):
            services.sign_in_create(
                lecture=lecture,
                data=services.SignInData(
                    identity=f"职工{i}", unit_name="港口", nonce=f"nonce-{i:04d}"
                ),
                code=services.poster_code(lecture),
            )


def photo(name: str = "a.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def data(attendance: int, reason: str = "") -> services.RecordData:
    return services.RecordData(attendance=attendance, duration_minutes=90, reason=reason)


@time_machine.travel(AFTER, tick=False)
def test_filing_with_the_qr_count_makes_the_lecture_held(lecture: Lecture, lecturer: User) -> None:
    signed_in(lecture, 3)
    record = services.lecture_record_file(
        actor=lecturer, lecture=lecture, data=data(3), photos=[photo()]
    )
    lecture.refresh_from_db()
    assert lecture.status == LectureStatus.HELD
    assert (record.signed_in, record.attendance) == (3, 3)
    assert record.photos.count() == 1
    assert not AttendanceAdjustment.objects.exists()
    assert AuditEntry.objects.filter(action="courses.lecture.record_filed", actor=lecturer).exists()


@time_machine.travel(AFTER, tick=False)
def test_another_attendance_needs_a_reason_and_nothing_is_filed_without(
    lecture: Lecture, room_admin: User
) -> None:
    signed_in(lecture, 2)
    with pytest.raises(services.RecordInvalid) as refused:
        services.lecture_record_file(actor=room_admin, lecture=lecture, data=data(40))
    assert refused.value.code == ErrorCode.RECORD_REASON_REQUIRED
    assert "reason" in refused.value.fields
    assert not LectureRecord.objects.exists()
    lecture.refresh_from_db()
    assert lecture.status == LectureStatus.SCHEDULED


@time_machine.travel(AFTER, tick=False)
def test_attendance_adjusted_with_a_reason_is_audit_logged(
    lecture: Lecture, room_admin: User
) -> None:
    signed_in(lecture, 2)
    reason = "多数职工使用纸质签到表"
    record = services.lecture_record_file(
        actor=room_admin, lecture=lecture, data=data(40, reason=reason)
    )
    assert (record.signed_in, record.attendance) == (2, 40)
    change = AttendanceAdjustment.objects.get()
    assert (change.previous, change.attendance, change.reason) == (2, 40, reason)
    entry = AuditEntry.objects.get(action="courses.lecture.attendance_adjusted")
    assert entry.actor == room_admin and entry.unit == lecture.unit
    assert entry.details["previous"] == 2 and entry.details["attendance"] == 40
    # A later correction: again only with a reason, again in the log.
    with pytest.raises(services.RecordInvalid):
        services.lecture_attendance_adjust(
            actor=room_admin, lecture=lecture, attendance=42, reason=" "
        )
    services.lecture_attendance_adjust(
        actor=room_admin, lecture=lecture, attendance=42, reason="补登两人"
    )
    record.refresh_from_db()
    assert record.attendance == 42
    assert AuditEntry.objects.filter(action="courses.lecture.attendance_adjusted").count() == 2


@time_machine.travel(AFTER, tick=False)
def test_the_record_is_filed_once(lecture: Lecture, lecturer: User) -> None:
    services.lecture_record_file(actor=lecturer, lecture=lecture, data=data(0))
    with pytest.raises(services.RecordRefused) as refused:
        services.lecture_record_file(actor=lecturer, lecture=lecture, data=data(0))
    assert refused.value.code == ErrorCode.RECORD_ALREADY_FILED


def test_the_record_waits_for_the_lecture_to_begin(lecture: Lecture, lecturer: User) -> None:
    with (
        time_machine.travel(LECTURE_START - timedelta(minutes=1), tick=False),
        pytest.raises(services.RecordRefused) as refused,
    ):
        services.lecture_record_file(actor=lecturer, lecture=lecture, data=data(0))
    assert refused.value.code == ErrorCode.RECORD_TOO_EARLY


@time_machine.travel(AFTER, tick=False)
def test_an_outsider_cannot_file(lecture: Lecture, cadre_b: User) -> None:
    with pytest.raises(NotFound):
        services.lecture_record_file(actor=cadre_b, lecture=lecture, data=data(0))
    assert not LectureRecord.objects.exists()


@time_machine.travel(AFTER, tick=False)
def test_a_file_that_is_not_a_photo_is_refused(lecture: Lecture, lecturer: User) -> None:
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(services.RecordInvalid) as refused:
        services.lecture_record_file(actor=lecturer, lecture=lecture, data=data(0), photos=[fake])
    assert refused.value.code == ErrorCode.RECORD_PHOTO_INVALID
    assert not LectureRecord.objects.exists()


@time_machine.travel(AFTER, tick=False)
def test_the_record_form_files_and_the_page_shows_the_count(
    login: Login, lecture: Lecture, room_admin: User, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    signed_in(lecture, 2)
    client = login(room_admin)
    url = reverse("staff:courses:lecture_record", kwargs={"public_id": lecture.public_id})
    form = client.get(url)
    assert form.status_code == 200 and form.context["form"].initial["attendance"] == 2
    refused = client.post(url, {"attendance": 5, "duration_minutes": 90})
    assert refused.status_code == 400
    assert "Give a reason" in refused.content.decode()
    response = client.post(
        url,
        {
            "attendance": 2,
            "duration_minutes": 80,
            "notes": "互动热烈",
            "photos": [photo()],
            "for_cadres": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert 'data-attendance="2"' in page.content.decode()
    assert LectureRecord.objects.get().photos.count() == 1
    assert LectureRecord.objects.get().for_cadres is True
    assert "data-for-cadres" in page.content.decode()
    adjust = reverse("staff:courses:lecture_attendance", kwargs={"public_id": lecture.public_id})
    assert client.post(adjust, {"attendance": 3, "reason": ""}).status_code == 400
    assert client.post(adjust, {"attendance": 3, "reason": "补登"}).status_code == 302
    assert LectureRecord.objects.get().attendance == 3


@time_machine.travel(AFTER, tick=False)
def test_a_district_counsellor_sees_no_record_form(
    login: Login, lecture: Lecture, counsellor_a: User
) -> None:
    url = reverse("staff:courses:lecture_record", kwargs={"public_id": lecture.public_id})
    assert login(counsellor_a).get(url).status_code == 404


@time_machine.travel(AFTER, tick=False)
def test_the_lecture_list_filters_by_subtree_and_year_for_the_annual_targets(
    login: Login, lecture: Lecture, lecturer: User, tree: dict[str, OrgUnit]
) -> None:
    services.lecture_record_file(actor=lecturer, lecture=lecture, data=data(0))
    client = login(lecturer)
    url = reverse("staff:courses:lectures")
    year = LECTURE_START.year

    def shown(**params: object) -> int:
        page = client.get(url, {"status": "held", **params})
        assert page.status_code == 200
        return len(page.context["page"].object_list)

    assert shown(unit=tree["district_a"].public_id, year=year) == 1  # the room is in its subtree
    assert shown(unit=tree["district_b"].public_id, year=year) == 0
    assert shown(unit=tree["district_a"].public_id, year=year - 1) == 0
    assert shown(unit="not-a-unit", year="twenty") == 1  # a bad filter is ignored, not a 500
    page = client.get(url, {"unit": tree["district_a"].public_id}).content.decode()
    assert "data-filtered" in page


@time_machine.travel(AFTER, tick=False)
def test_the_lecture_list_shows_only_cadre_lectures_when_asked(
    login: Login, lecture: Lecture, lecturer: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(lecturer)
    url = reverse("staff:courses:lectures")
    query = {"status": "held", "unit": tree["district_a"].public_id, "year": LECTURE_START.year}

    def shown(**params: object) -> int:
        return len(client.get(url, {**query, **params}).context["page"].object_list)

    services.lecture_record_file(actor=lecturer, lecture=lecture, data=data(0))
    assert (shown(), shown(cadres="1")) == (1, 0)  # held, but not recorded as for cadres
    LectureRecord.objects.filter(lecture=lecture).update(for_cadres=True)
    page = client.get(url, {**query, "cadres": "1"})
    assert len(page.context["page"].object_list) == 1
    assert "data-for-cadres" in page.content.decode()
    assert shown(cadres="yes") == 1  # anything but "1" is no filter
