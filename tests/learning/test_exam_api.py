"""The exams API: a verified worker's attempt for partner apps with the learning:write scope
(X-Worker-Phone header): open exams, the paper without answers, answers, the result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from learning.models import Attempt, Exam, Option
from network import services as network_services
from network.models import Scope
from tests.learning.factories import exam, verified_worker
from tests.learning.schema import check
from tests.network import factories

pytestmark = pytest.mark.django_db
PHONE = "+8613900003333"
JSON = "application/json"


@pytest.fixture
def make_key(db: None) -> Callable[..., str]:
    root = factories.superuser()

    def make(scopes: tuple[str, ...] = (Scope.LEARNING_WRITE,)) -> str:
        _app, key = network_services.partner_app_create(
            actor=root, name="工会App", scopes=list(scopes)
        )
        return key

    return make


@pytest.fixture
def spec(client: Client) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(client.get("/api/v1/schema/").content)


def headers(key: str, phone: str = PHONE) -> dict[str, str]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {key}",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "HTTP_X_WORKER_PHONE": phone,
    }


def start_url(exam: Exam) -> str:
    return reverse("api-exam-start", args=[exam.public_id])


def url(name: str, attempt_id: str) -> str:
    return reverse(name, args=[attempt_id])


def right_answers(paper: dict[str, Any]) -> list[dict[str, Any]]:
    given = []
    for question in paper["questions"]:
        ids = [o["id"] for o in question["options"]]
        good = list(Option.objects.filter(id__in=ids, is_correct=True).values_list("id", flat=True))
        given.append({"question": question["id"], "options": good})
    return given


def test_a_partner_takes_an_exam_for_a_worker(
    client: Client,
    make_key: Callable[..., str],
    open_exam: Exam,
    during: time_machine.Traveller,
    spec: dict[str, Any],
) -> None:
    verified_worker(phone=PHONE)
    key = make_key()
    exam(opens_at=open_exam.closes_at, lines=[], title="还没开始")
    listed = client.get(reverse("api-exams"), **headers(key))
    check(spec, "get", reverse("api-exams"), listed)
    assert [(e["id"], e["attempts_left"], e["question_count"]) for e in listed.json()] == [
        (str(open_exam.public_id), 2, 4)
    ]
    started = client.post(start_url(open_exam), **headers(key))
    check(spec, "post", start_url(open_exam), started)
    paper = started.json()
    assert len(paper["questions"]) == 4 and paper["score"] is None
    # No correct answer, no mark and no explanation leaks before submission.
    assert all(o["is_correct"] is None for q in paper["questions"] for o in q["options"])
    assert all(q["is_correct"] is None and q["explanation"] == "" for q in paper["questions"])
    read = client.get(url("api-exam-attempt", paper["id"]), **headers(key))
    assert read.json()["questions"] == paper["questions"]
    given = right_answers(paper)
    saved = client.post(
        url("api-exam-answers", paper["id"]), {"answers": given[:2]}, JSON, **headers(key)
    )
    assert saved.status_code == 200, saved.json()
    assert sum(o["chosen"] for q in saved.json()["questions"] for o in q["options"]) >= 2
    assert all(o["is_correct"] is None for q in saved.json()["questions"] for o in q["options"])
    done = client.post(
        url("api-exam-submit", paper["id"]), {"answers": given[2:]}, JSON, **headers(key)
    )
    check(spec, "post", url("api-exam-submit", paper["id"]), done)
    result = done.json()
    assert (result["score"], result["max_score"], result["passed"]) == (4, 4, True)
    assert all(q["explanation"] and q["is_correct"] for q in result["questions"])
    again = client.get(url("api-exam-attempt", paper["id"]), **headers(key)).json()
    assert again["score"] == 4 and again["questions"][0]["explanation"]
    after = client.get(reverse("api-exams"), **headers(key)).json()
    assert after[0]["attempts_left"] == 1


def test_an_answer_after_the_deadline_is_refused_and_the_saved_ones_are_marked(
    client: Client,
    make_key: Callable[..., str],
    open_exam: Exam,
    during: time_machine.Traveller,
    spec: dict[str, Any],
) -> None:
    verified_worker(phone=PHONE)
    key = make_key()
    paper = client.post(start_url(open_exam), **headers(key)).json()
    given = right_answers(paper)
    client.post(url("api-exam-answers", paper["id"]), {"answers": given[:1]}, JSON, **headers(key))
    during.shift(timedelta(minutes=21))
    late = client.post(
        url("api-exam-answers", paper["id"]), {"answers": given[1:]}, JSON, **headers(key)
    )
    check(spec, "post", url("api-exam-answers", paper["id"]), late)
    assert (late.status_code, late.json()["error"]["code"]) == (409, "time_up")
    done = client.post(url("api-exam-submit", paper["id"]), {}, JSON, **headers(key)).json()
    assert (done["score"], done["passed"]) == (1, False)


def test_the_attempt_limit_is_kept(
    client: Client,
    make_key: Callable[..., str],
    open_exam: Exam,
    during: time_machine.Traveller,
    spec: dict[str, Any],
) -> None:
    verified_worker(phone=PHONE)
    key = make_key()
    for _ in range(open_exam.max_attempts):
        paper = client.post(start_url(open_exam), **headers(key)).json()
        client.post(url("api-exam-submit", paper["id"]), {}, JSON, **headers(key))
    refused = client.post(start_url(open_exam), **headers(key))
    check(spec, "post", start_url(open_exam), refused)
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "attempts_used")
    assert Attempt.objects.count() == open_exam.max_attempts
    listed = client.get(reverse("api-exams"), **headers(key)).json()
    assert listed[0]["attempts_left"] == 0


@pytest.mark.parametrize(
    "scopes,phone,verified,status,code",
    [
        ((Scope.BOOKINGS_WRITE,), PHONE, True, 403, "scope_missing"),
        ((Scope.LEARNING_WRITE,), PHONE, False, 400, "validation_error"),
        ((Scope.LEARNING_WRITE,), "+8613900004444", True, 400, "validation_error"),
    ],
)
def test_attempts_need_the_scope_and_a_verified_worker(
    client: Client,
    make_key: Callable[..., str],
    open_exam: Exam,
    during: time_machine.Traveller,
    scopes: tuple[str, ...],
    phone: str,
    verified: bool,
    status: int,
    code: str,
) -> None:
    verified_worker(phone=PHONE, phone_verified=verified)
    key = make_key(scopes)
    for response in (
        client.post(start_url(open_exam), **headers(key, phone)),
        client.get(reverse("api-exams"), **headers(key, phone)),
    ):
        assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert not Attempt.objects.exists()


def test_another_worker_s_attempt_is_not_found_and_anonymous_callers_are_refused(
    client: Client, make_key: Callable[..., str], open_exam: Exam, during: time_machine.Traveller
) -> None:
    verified_worker(phone=PHONE)
    other = verified_worker(phone="+8613900005555")
    key = make_key()
    theirs = client.post(start_url(open_exam), **headers(key, other.phone)).json()
    mine = client.get(url("api-exam-attempt", theirs["id"]), **headers(key))
    assert mine.status_code == 404
    anonymous = client.get(reverse("api-exams"), HTTP_X_WORKER_PHONE=PHONE)
    assert anonymous.status_code in {401, 403}
    assert client.post(start_url(open_exam), HTTP_X_WORKER_PHONE=PHONE).status_code in {401, 403}


@pytest.mark.parametrize("exams", [1, 6])
def test_the_exam_list_keeps_a_query_budget(
    client: Client,
    make_key: Callable[..., str],
    open_exam: Exam,
    during: time_machine.Traveller,
    django_assert_max_num_queries: Any,
    exams: int,
) -> None:
    for n in range(exams):
        exam(opens_at=open_exam.opens_at, lines=[("stress", "easy", 1)], title=f"考试{n}")
    verified_worker(phone=PHONE)
    key = make_key()
    client.get(reverse("api-contests"), **headers(key))  # the key is cached from here on
    with django_assert_max_num_queries(8):
        listed = client.get(reverse("api-exams"), **headers(key))
    assert len(listed.json()) == exams + 1


@pytest.mark.parametrize("others", [1, 8])
def test_start_and_submit_keep_a_query_budget(
    client: Client,
    make_key: Callable[..., str],
    open_exam: Exam,
    during: time_machine.Traveller,
    django_assert_max_num_queries: Any,
    others: int,
) -> None:
    from learning import services

    for _ in range(others):
        other = verified_worker()
        services.attempt_submit(
            actor=other, attempt=services.attempt_start(actor=other, exam=open_exam)
        )
    verified_worker(phone=PHONE)
    key = make_key()
    client.get(reverse("api-contests"), **headers(key))  # the key is cached from here on
    # The worker's row locked, the draw per blueprint cell, the paper written and read back.
    with django_assert_max_num_queries(20):
        paper = client.post(start_url(open_exam), **headers(key)).json()
    with django_assert_max_num_queries(12):
        done = client.post(url("api-exam-submit", paper["id"]), {}, JSON, **headers(key))
    assert done.json()["max_score"] == 4
