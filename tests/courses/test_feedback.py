"""Feedback after the lecture: once per phone and nonce, the call-back queue, suppression."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from assessments.models import CallbackRequest
from courses import selectors, services
from courses.errors import ErrorCode
from courses.models import Feedback, Lecture
from hotline.models import ContactRequest, ContactSource
from network.models import Role
from tests.courses.conftest import LECTURE_START
from tests.hotline.factories import LineFactory
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

END = LECTURE_START + timedelta(minutes=90)
AFTER = END + timedelta(minutes=5)


def give(
    lecture: Lecture, n: int, *, rating: int = 4, device: str = "", **extra: object
) -> services.FeedbackResult:
    return services.feedback_create(
        lecture=lecture,
        data=services.FeedbackData(
            rating=rating,
            usefulness="very",
            nonce=f"nonce-{n:05d}",
            wants_next="parenting",
            **extra,
        ),
        code=services.feedback_code(lecture),
        device=services.device_hash(device),
    )


@time_machine.travel(AFTER, tick=False)
def test_feedback_with_the_same_nonce_counts_once_and_one_per_phone(lecture: Lecture) -> None:
    first = give(lecture, 1, device="phone-1")
    again = give(lecture, 1, device="phone-1")
    assert first.created and not again.created
    with pytest.raises(services.SignInRefused) as refused:
        give(lecture, 2, device="phone-1")
    assert refused.value.code == ErrorCode.FEEDBACK_DUPLICATE
    assert Feedback.objects.count() == 1


def test_feedback_opens_near_the_end_and_closes_a_week_after(lecture: Lecture) -> None:
    with (
        time_machine.travel(END - timedelta(minutes=16), tick=False),
        pytest.raises(services.SignInRefused) as early,
    ):
        give(lecture, 1)
    assert early.value.code == ErrorCode.FEEDBACK_NOT_OPEN
    with (
        time_machine.travel(END + timedelta(days=7, minutes=1), tick=False),
        pytest.raises(services.SignInRefused) as late,
    ):
        give(lecture, 2)
    assert late.value.code == ErrorCode.FEEDBACK_CLOSED
    with time_machine.travel(END - timedelta(minutes=15), tick=False):
        assert give(lecture, 3).created
    assert Feedback.objects.count() == 1


@time_machine.travel(AFTER, tick=False)
def test_a_bad_rating_is_refused_on_its_field(lecture: Lecture) -> None:
    with pytest.raises(services.FeedbackInvalid) as refused:
        give(lecture, 1, rating=6)
    assert "rating" in refused.value.fields
    assert not Feedback.objects.exists()


@time_machine.travel(AFTER, tick=False)
def test_asking_to_be_contacted_lands_in_the_hotline_call_back_queue(
    lecture: Lecture, login: Login, tree: dict
) -> None:
    line = LineFactory(unit=tree["centre"])
    give(
        lecture,
        1,
        contact_requested=True,
        contact_phone="13912345678",
        contact_name="王女士",
        consent=True,
    )
    request = CallbackRequest.objects.get()
    assert request.contact_phone == "+8613912345678"
    assert request.submission is None and request.duty_unit == tree["centre"]
    feedback = Feedback.objects.get()
    assert feedback.contact_requested
    assert "139" not in feedback.comment  # the number lives only in the call-back request
    queued = ContactRequest.objects.get()
    assert (queued.line, queued.source) == (line, ContactSource.LECTURE)
    assert queued.reference == str(request.public_id)
    operator = factories.staff("operator@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    desk = reverse("staff:hotline:desk", kwargs={"line": line.public_id})
    html = login(operator).get(desk, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("zh-hans"):  # handed in in the staff's language
        summary = gettext("Lecture feedback: asks to be contacted.")
    assert queued.summary == summary and summary in html and "王女士" in html
    assert "13912345678" not in html  # shown only on purpose, audited (hotline tests)


@time_machine.travel(AFTER, tick=False)
def test_a_contact_without_consent_or_number_changes_nothing(lecture: Lecture) -> None:
    from assessments.services import CallbackInvalid

    with pytest.raises(CallbackInvalid) as refused:
        give(lecture, 1, contact_requested=True, contact_phone="12", consent=False)
    assert set(refused.value.fields) == {"contact_phone", "consent"}
    assert not Feedback.objects.exists() and not CallbackRequest.objects.exists()


@time_machine.travel(AFTER, tick=False)
def test_feedback_under_ten_responses_is_hidden_from_the_expert_and_the_unit(
    lecture: Lecture, login: Login, lecturer: User, room_admin: User
) -> None:
    for n in range(9):
        give(lecture, n, rating=5 if n % 2 else 3)
    summary = selectors.feedback_summary(lecture)
    assert summary.responses == 9 and summary.withheld
    assert summary.mean_rating is None
    assert all(count is None for count in summary.ratings.counts)
    for person in (lecturer, room_admin):
        page = login(person).get(
            reverse("staff:courses:lecture", kwargs={"public_id": lecture.public_id})
        )
        html = page.content.decode()
        assert "data-withheld" in html and "data-mean-rating" not in html
    give(lecture, 9, rating=5)
    summary = selectors.feedback_summary(lecture)
    assert not summary.withheld and summary.responses == 10
    assert summary.mean_rating is not None
    assert summary.ratings.total == 10


@time_machine.travel(AFTER, tick=False)
def test_the_feedback_page_takes_an_answer_from_the_signed_in_link(
    client, lecture: Lecture
) -> None:
    url = reverse("courses:lecture_feedback", kwargs={"public_id": lecture.public_id})
    page = client.get(url, {"c": services.feedback_code(lecture)}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    hidden = {k: str(page.context["form"].initial[k]) for k in ("code", "ticket", "nonce")}
    response = client.post(
        url, {**hidden, "rating": "5", "usefulness": "very", "comment": "很实用"}
    )
    assert response.status_code == 302 and response["Location"].endswith("/feedback/thanks/")
    assert Feedback.objects.get().rating == 5
    bad = client.get(url, {"c": "f.made-up"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and bad.context["form"] is None
