"""The printable sign-in sheet (签到表): unit, topic, expert, date and numbered rows."""

from __future__ import annotations

import io
import logging
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from pdfminer.high_level import extract_text

from accounts.models import User
from courses import services
from courses.models import Lecture
from network.models import AuditEntry
from tests.courses.conftest import LECTURE_START
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


def sheet(login: Login, user: User, lecture: Lecture) -> str:
    url = reverse("staff:courses:lecture_sheet", kwargs={"public_id": lecture.public_id})
    response = login(user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return " ".join(extract_text(io.BytesIO(response.content)).split())


def test_the_blank_sheet_names_the_lecture_in_chinese_with_numbered_rows(
    login: Login, lecture: Lecture, room_admin: User, caplog: pytest.LogCaptureFixture
) -> None:
    lecture.capacity = 40
    lecture.save()
    with caplog.at_level(logging.INFO):
        text = sheet(login, room_admin, lecture)
    assert "甲一企业服务室" in text  # host unit
    assert "职场压力识别与应对" in text  # topic
    assert "李老师" in text  # expert
    assert "2026-06-10" in text
    assert "甲一企业职工之家报告厅" in text
    # Numbered rows up to the venue's capacity.
    assert " 1 " in f" {text} " and " 40 " in f" {text} "
    assert not [r for r in caplog.records if "fontTools" in r.getMessage()]
    # No names were shown: no read of personal data to record.
    assert not AuditEntry.objects.filter(action="courses.lecture.sign_ins_viewed").exists()


def test_the_sheet_lists_the_qr_sign_ins_first_and_the_read_is_audited(
    login: Login, lecture: Lecture, room_admin: User
) -> None:
    with time_machine.travel(LECTURE_START - timedelta(minutes=5), tick=False):
        for number, name in enumerate(("王芳", "陈静")):
            services.sign_in_create(
                lecture=lecture,
                data=services.SignInData(
                    identity=name, unit_name="青岛港集团", nonce=f"nonce-000{number}"
                ),
                code=services.poster_code(lecture),
            )
    text = sheet(login, room_admin, lecture)
    assert "王芳" in text and "陈静" in text and "青岛港集团" in text
    assert text.index("王芳") < text.index("陈静")
    entry = AuditEntry.objects.get(action="courses.lecture.sign_ins_viewed")
    assert entry.actor == room_admin and entry.details == {"shown": 2}
    assert "王芳" not in str(entry.details)
