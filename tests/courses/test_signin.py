"""QR sign-in: the rotating code, the window, duplicates and replays counted once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import translation

from courses import services
from courses.errors import ErrorCode
from courses.models import Lecture, LectureStatus, SignIn
from network.models import AuditEntry
from tests.courses.conftest import LECTURE_START

pytestmark = pytest.mark.django_db

DURING = LECTURE_START - timedelta(minutes=15)  # 13:45, sign-in open


def data(
    identity: str = "张伟", unit: str = "青岛港集团", nonce: str = "nonce-0001"
) -> services.SignInData:
    return services.SignInData(identity=identity, unit_name=unit, nonce=nonce)


def sign_in(
    lecture: Lecture, *, device: str = "", code: str | None = None, **kwargs: str
) -> services.SignInResult:
    return services.sign_in_create(
        lecture=lecture,
        data=data(**kwargs),
        code=services.rotating_code(lecture) if code is None else code,
        device=services.device_hash(device),
    )


@time_machine.travel(DURING, tick=False)
def test_a_sign_in_counts_and_is_audited_without_the_name(lecture: Lecture) -> None:
    result = sign_in(lecture, device="phone-1")
    assert result.created
    assert services.sign_in_count(lecture) == 1
    entry = AuditEntry.objects.get(action="courses.lecture.signed_in")
    assert "张伟" not in str(entry.details)


@time_machine.travel(DURING, tick=False)
def test_a_replayed_submission_with_the_same_nonce_counts_once(lecture: Lecture) -> None:
    first = sign_in(lecture, device="phone-1")
    again = sign_in(lecture, device="phone-1")
    assert first.created and not again.created
    assert again.sign_in.pk == first.sign_in.pk
    assert SignIn.objects.filter(lecture=lecture).count() == 1


@time_machine.travel(DURING, tick=False)
def test_a_replay_counts_once_even_after_the_code_has_expired(lecture: Lecture) -> None:
    code = services.rotating_code(lecture)
    sign_in(lecture, device="phone-1", code=code)
    with time_machine.travel(DURING + timedelta(minutes=5), tick=False):
        again = sign_in(lecture, device="phone-1", code=code)
    assert not again.created
    assert services.sign_in_count(lecture) == 1


@time_machine.travel(DURING, tick=False)
def test_a_second_sign_in_from_the_same_phone_is_refused_kindly(lecture: Lecture) -> None:
    sign_in(lecture, device="phone-1")
    with translation.override("en"), pytest.raises(services.SignInRefused) as refused:
        sign_in(lecture, device="phone-1", identity="李娜", nonce="nonce-0002")
    assert refused.value.code == ErrorCode.SIGN_IN_DUPLICATE_DEVICE
    # gettext ran when the refusal was raised, in English.
    assert "already signed in" in str(refused.value.message)
    assert services.sign_in_count(lecture) == 1


@time_machine.travel(DURING, tick=False)
def test_the_same_name_and_unit_from_another_phone_is_refused(lecture: Lecture) -> None:
    sign_in(lecture, device="phone-1")
    with pytest.raises(services.SignInRefused) as refused:
        # Spacing and full-width letters do not make another person.
        sign_in(
            lecture, device="phone-2", identity=" 张 伟 ", unit="青岛港集团 ", nonce="nonce-0002"
        )
    assert refused.value.code == ErrorCode.SIGN_IN_DUPLICATE_PERSON
    assert services.sign_in_count(lecture) == 1


@time_machine.travel(DURING, tick=False)
def test_the_same_name_at_another_unit_is_another_person(lecture: Lecture) -> None:
    sign_in(lecture, device="phone-1")
    sign_in(lecture, device="phone-2", unit="青岛啤酒厂", nonce="nonce-0002")
    assert services.sign_in_count(lecture) == 2


@time_machine.travel(DURING, tick=False)
def test_the_previous_window_code_is_accepted(lecture: Lecture) -> None:
    code = services.rotating_code(lecture, at=DURING - timedelta(seconds=services.WINDOW_SECONDS))
    assert sign_in(lecture, code=code).created


@time_machine.travel(DURING, tick=False)
def test_an_expired_rotating_code_is_refused(lecture: Lecture) -> None:
    old = services.rotating_code(lecture, at=DURING - timedelta(seconds=61))
    with pytest.raises(services.CodeExpired) as refused:
        sign_in(lecture, code=old)
    assert refused.value.code == ErrorCode.SIGN_IN_CODE_EXPIRED
    assert services.sign_in_count(lecture) == 0


@time_machine.travel(DURING, tick=False)
def test_a_code_of_another_lecture_or_a_made_up_code_is_refused(
    lecture: Lecture, tree: dict
) -> None:
    other = Lecture.objects.create(
        topic=lecture.topic,
        expert=lecture.expert,
        unit=tree["room_ar"],
        starts_at=lecture.starts_at + timedelta(days=1),
        ends_at=lecture.ends_at + timedelta(days=1),
        venue="别处",
        capacity=50,
        status=LectureStatus.SCHEDULED,
    )
    for code in (services.rotating_code(other), services.poster_code(other), "123.abc", "", "x"):
        with pytest.raises(services.CodeInvalid):
            sign_in(lecture, code=code)
    assert services.sign_in_count(lecture) == 0


@time_machine.travel(DURING, tick=False)
def test_a_ticket_bound_to_one_phone_does_not_work_on_another(lecture: Lecture) -> None:
    phone = services.device_hash("phone-1")
    ticket = services.ticket_issue(lecture, device=phone)
    with time_machine.travel(DURING + timedelta(minutes=10), tick=False):
        with pytest.raises(services.CodeInvalid):
            services.sign_in_create(
                lecture=lecture, data=data(), ticket=ticket, device=services.device_hash("phone-2")
            )
        result = services.sign_in_create(lecture=lecture, data=data(), ticket=ticket, device=phone)
    assert result.created


@pytest.mark.parametrize(
    ("moment", "allowed", "code"),
    [
        (LECTURE_START - timedelta(minutes=31), False, ErrorCode.SIGN_IN_NOT_OPEN),
        (LECTURE_START - timedelta(minutes=30), True, None),
        (LECTURE_START + timedelta(minutes=120), True, None),  # ends 15:30, closes 16:00
        (LECTURE_START + timedelta(minutes=121), False, ErrorCode.SIGN_IN_CLOSED),
    ],
)
def test_sign_in_opens_and_closes_around_the_lecture(
    lecture: Lecture, moment: object, allowed: bool, code: ErrorCode | None
) -> None:
    with time_machine.travel(moment, tick=False):
        if allowed:
            assert sign_in(lecture, code=services.poster_code(lecture)).created
        else:
            with pytest.raises(services.SignInRefused) as refused:
                sign_in(lecture, code=services.poster_code(lecture))
            assert refused.value.code == code
    assert services.sign_in_count(lecture) == (1 if allowed else 0)


@time_machine.travel(DURING, tick=False)
def test_a_cancelled_or_held_lecture_takes_no_sign_in(lecture: Lecture) -> None:
    for status in (LectureStatus.CANCELLED, LectureStatus.HELD):
        lecture.status = status
        with pytest.raises(services.SignInRefused) as refused:
            sign_in(lecture)
        assert refused.value.code == ErrorCode.SIGN_IN_CLOSED
    assert services.sign_in_count(lecture) == 0


@time_machine.travel(DURING, tick=False)
def test_missing_fields_are_named_and_nothing_is_stored(lecture: Lecture) -> None:
    with pytest.raises(services.SignInInvalid) as refused:
        sign_in(lecture, identity=" ", unit="", nonce="short")
    assert set(refused.value.fields) == {"identity", "unit_name", "nonce"}
    assert services.sign_in_count(lecture) == 0
