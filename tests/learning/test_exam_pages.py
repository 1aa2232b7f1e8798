"""The worker's exam pages: start, answer and submit on one phone page, then the result."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from learning.models import Attempt, Exam, Option
from tests.conftest import make_user
from tests.network.personas import Login


def start(login: Login, worker: User, exam: Exam) -> tuple[Attempt, Client]:
    client = login(worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"  # the portal's language
    response = client.post(reverse("learning:exam", args=[exam.public_id]))
    attempt = Attempt.objects.get(worker=worker)
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:attempt", args=[attempt.public_id])
    return attempt, client


def test_a_worker_answers_submits_and_then_sees_explanations(
    login: Login, worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt, client = start(login, worker, open_exam)
    page = client.get(reverse("learning:attempt", args=[attempt.public_id])).content.decode()
    assert "data-submit-exam" in page
    assert "深呼吸能让身体" not in page  # no explanation before submission
    answers = {
        f"q{row.pk}": [
            str(o)
            for o in Option.objects.filter(question=row.question, is_correct=True).values_list(
                "id", flat=True
            )
        ]
        for row in attempt.questions.all()
    }
    response = client.post(reverse("learning:attempt", args=[attempt.public_id]), answers)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (4, True)
    result = client.get(response["Location"]).content.decode()
    assert "得分：4 / 4" in result and "data-passed" in result
    assert "深呼吸能让身体" in result


def test_a_form_sent_after_the_time_limit_saves_nothing(
    login: Login, worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt, client = start(login, worker, open_exam)
    answers = {f"q{row.pk}": [str(row.option_order[0])] for row in attempt.questions.all()}
    during.shift(timedelta(minutes=30))
    response = client.post(
        reverse("learning:attempt", args=[attempt.public_id]), answers, follow=True
    )
    assert "作答时间已到" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 0 and attempt.is_submitted
    assert not attempt.questions.exclude(chosen=[]).exists()


def test_another_worker_gets_404_for_my_attempt(
    login: Login, worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt, _client = start(login, worker, open_exam)
    other = login(make_user("other@example.com"))
    for name in ("learning:attempt", "learning:attempt_result"):
        assert other.get(reverse(name, args=[attempt.public_id])).status_code == 404


def test_the_exam_page_asks_an_anonymous_visitor_to_sign_in(
    client: Client, open_exam: Exam
) -> None:
    response = client.get(reverse("learning:exam", args=[open_exam.public_id]))
    assert response.status_code == 302 and "login" in response["Location"]
