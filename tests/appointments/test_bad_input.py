"""Bad input on the case pages: length limits, invisible characters, dates out of bounds.
Each is refused with a 400 and the form, and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appointments import services
from appointments.models import Case, FollowUp, Referral, SessionNote
from tests.appointments.factories import today

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"staff:appointments:{name}", kwargs=kwargs)


@pytest.fixture
def referral(case: Case, counsellor_a: User) -> Referral:
    return services.referral_create(
        actor=counsellor_a, case=case, target="legal_aid", organisation="区法律援助中心"
    )


def test_megabytes_of_referral_feedback_are_refused(
    login: Login, counsellor_a: User, referral: Referral
) -> None:
    response = login(counsellor_a).post(
        url("referral_update", referral_id=referral.pk),
        {"status": "completed", "feedback": "反馈" * 400_000},
    )
    assert response.status_code == 400
    assert "feedback" in response.context["form"].errors
    referral.refresh_from_db()
    assert referral.feedback == ""


@pytest.mark.parametrize(
    "body", ["正常\u202e记录", "a\u2066b", "bell\x07", "null\x00byte", "broken \ufffd utf-8"]
)
def test_notes_with_control_or_bidi_characters_are_refused(
    login: Login, counsellor_a: User, case: Case, body: str
) -> None:
    response = login(counsellor_a).post(url("note_add", public_id=case.public_id), {"body": body})
    assert response.status_code == 400
    message = response.context["form"].errors["body"][0]
    assert "character" in message
    assert not SessionNote.objects.filter(case=case).exists()


def test_notes_keep_newlines_and_tabs(login: Login, counsellor_a: User, case: Case) -> None:
    body = "第一行\n\t第二行\r\n第三行"
    response = login(counsellor_a).post(url("note_add", public_id=case.public_id), {"body": body})
    assert response.status_code == 302
    assert SessionNote.objects.filter(case=case).exists()


def test_a_one_line_field_refuses_a_newline(login: Login, counsellor_a: User, case: Case) -> None:
    response = login(counsellor_a).post(
        url("referral_add", public_id=case.public_id),
        {"target": "legal_aid", "organisation": "区法律\n援助中心", "status": "sent"},
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


@time_machine.travel("2026-06-10 10:00 +0800", tick=False)
@pytest.mark.parametrize(
    ("due", "accepted"),
    [
        ("9999-12-31", False),
        ("0001-01-01", False),
        ("2028-06-12", False),  # past today + 2 years
        ("2028-06-01", True),
        ("2026-07-01", True),
    ],
)
def test_follow_up_due_dates_have_sane_bounds(
    login: Login, counsellor_a: User, case: Case, due: str, accepted: bool
) -> None:
    before = FollowUp.objects.count()
    response = login(counsellor_a).post(
        url("followup_add", public_id=case.public_id), {"kind": "visit", "due_on": due}
    )
    if accepted:
        assert response.status_code == 302
        assert FollowUp.objects.count() == before + 1
    else:
        assert response.status_code == 400
        assert "Enter a date between" in response.context["form"].errors["due_on"][0]
        assert FollowUp.objects.count() == before


def test_bounds_follow_the_clock() -> None:
    from core import dates

    with time_machine.travel("2026-06-10 10:00 +0800", tick=False):
        low, high = dates.entry_bounds()
    assert low == today().__class__(2025, 6, 9)
    assert high - low == timedelta(days=3 * 366)


def test_invalid_utf8_in_a_form_body_is_refused(
    login: Login, counsellor_a: User, case: Case
) -> None:
    response = login(counsellor_a).post(
        url("note_add", public_id=case.public_id),
        b"body=%E8%AE%B0%E5%BD%95%FF%FE",  # "记录" then two bytes that are not UTF-8
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert not SessionNote.objects.filter(case=case).exists()
