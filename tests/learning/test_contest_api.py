"""The contests API: running contests (public) and a verified worker's entry for partner
apps with the learning:write scope (X-Worker-Phone header)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from learning.models import Contest, ContestEntry
from network import services as network_services
from network.models import AuditEntry, Scope
from tests.learning.contest_helpers import answers
from tests.learning.factories import verified_worker
from tests.network import factories

pytestmark = pytest.mark.django_db
PHONE = "+8613900001111"


@pytest.fixture
def make_key(db: None) -> Callable[..., str]:
    root = factories.superuser()

    def make(scopes: tuple[str, ...] = (Scope.LEARNING_WRITE,)) -> str:
        _app, key = network_services.partner_app_create(
            actor=root, name="工会App", scopes=list(scopes)
        )
        return key

    return make


def headers(key: str, phone: str = PHONE) -> dict[str, str]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {key}",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "HTTP_X_WORKER_PHONE": phone,
    }


def entry_url(contest: Contest, submit: bool = False) -> str:
    name = "api-contest-entry-submit" if submit else "api-contest-entry"
    return reverse(name, args=[contest.public_id])


def test_running_contests_are_listed_for_anyone(
    client: Client, running_contest: Contest, during: time_machine.Traveller
) -> None:
    Contest.objects.create(
        title="未发布", starts_at=running_contest.starts_at, ends_at=running_contest.ends_at
    )
    body = client.get(reverse("api-contests")).json()
    assert [(c["id"], c["question_count"]) for c in body] == [(str(running_contest.public_id), 3)]


def test_a_partner_opens_submits_and_reads_a_worker_s_entry(
    client: Client,
    make_key: Callable[..., str],
    running_contest: Contest,
    during: time_machine.Traveller,
) -> None:
    worker = verified_worker(phone=PHONE)
    key = make_key()
    opened = client.post(
        entry_url(running_contest), {"nickname": "小鲸鱼"}, "application/json", **headers(key)
    )
    assert opened.status_code == 200, opened.json()
    paper = opened.json()
    assert paper["score"] is None and len(paper["questions"]) == 3
    assert all(o["is_correct"] is None for q in paper["questions"] for o in q["options"])
    again = client.post(
        entry_url(running_contest), {"nickname": "别的"}, "application/json", **headers(key)
    )
    assert again.json()["id"] == paper["id"] and ContestEntry.objects.count() == 1
    entry = ContestEntry.objects.get(worker=worker)
    given = [{"question": pk, "options": chosen} for pk, chosen in answers(entry).items()]
    during.shift(timedelta(seconds=95))
    done = client.post(
        entry_url(running_contest, submit=True),
        {"answers": given},
        "application/json",
        **headers(key),
    )
    assert done.status_code == 200, done.json()
    result = done.json()
    assert (result["score"], result["rank"], result["time_taken_seconds"]) == (3, 1, 95.0)
    assert all(q["explanation"] for q in result["questions"])
    read = client.get(entry_url(running_contest), **headers(key)).json()
    assert read["score"] == 3
    audit = AuditEntry.objects.get(action="learning.contest_entry.submitted")
    assert audit.partner_app is not None and PHONE not in str(audit.details)
    late = client.post(
        entry_url(running_contest, submit=True),
        {"answers": given},
        "application/json",
        **headers(key),
    )
    assert late.status_code == 409 and late.json()["error"]["code"] == "entry_submitted"


def test_a_submission_after_the_deadline_is_refused(
    client: Client,
    make_key: Callable[..., str],
    running_contest: Contest,
    during: time_machine.Traveller,
) -> None:
    verified_worker(phone=PHONE)
    key = make_key()
    client.post(
        entry_url(running_contest), {"nickname": "迟到"}, "application/json", **headers(key)
    )
    during.shift(timedelta(minutes=11))
    late = client.post(
        entry_url(running_contest, submit=True), {"answers": []}, "application/json", **headers(key)
    )
    assert late.status_code == 409 and late.json()["error"]["code"] == "time_up"


@pytest.mark.parametrize(
    "scopes,phone,verified,status,code",
    [
        ((Scope.BOOKINGS_WRITE,), PHONE, True, 403, "scope_missing"),
        ((Scope.LEARNING_WRITE,), PHONE, False, 400, "validation_error"),
        ((Scope.LEARNING_WRITE,), "+8613900002222", True, 400, "validation_error"),
        ((Scope.LEARNING_WRITE,), "not a phone", True, 400, "validation_error"),
    ],
)
def test_entries_need_the_scope_and_a_verified_worker(
    client: Client,
    make_key: Callable[..., str],
    running_contest: Contest,
    during: time_machine.Traveller,
    scopes: tuple[str, ...],
    phone: str,
    verified: bool,
    status: int,
    code: str,
) -> None:
    verified_worker(phone=PHONE, phone_verified=verified)
    response = client.post(
        entry_url(running_contest),
        {"nickname": "小鲸鱼"},
        "application/json",
        **headers(make_key(scopes), phone),
    )
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert not ContestEntry.objects.exists()


def test_entries_are_not_for_anonymous_callers_nor_phones_in_the_query(
    client: Client,
    make_key: Callable[..., str],
    running_contest: Contest,
    during: time_machine.Traveller,
) -> None:
    verified_worker(phone=PHONE)
    anonymous = client.get(entry_url(running_contest), HTTP_X_WORKER_PHONE=PHONE)
    assert anonymous.status_code in {401, 403}
    in_query = client.get(entry_url(running_contest) + f"?phone={PHONE}", **headers(make_key()))
    assert in_query.status_code == 400
    assert in_query.json()["error"]["code"] == "phone_in_query"


def test_an_unknown_contest_is_404(
    client: Client, make_key: Callable[..., str], during: time_machine.Traveller
) -> None:
    verified_worker(phone=PHONE)
    for contest_id in ("not-a-uuid", "6f1c2b4e-0000-4000-8000-000000000000"):
        url = reverse("api-contest-entry", args=[contest_id])
        assert client.get(url, **headers(make_key())).status_code == 404


@pytest.mark.parametrize("entrants", [1, 15])
def test_open_and_submit_keep_a_query_budget(
    client: Client,
    make_key: Callable[..., str],
    running_contest: Contest,
    during: time_machine.Traveller,
    django_assert_max_num_queries: Any,
    entrants: int,
) -> None:
    from learning import services

    for _ in range(entrants):
        other = verified_worker()
        entry = services.contest_open(actor=other, contest=running_contest, nickname="别人")
        services.contest_entry_submit(actor=other, entry=entry, answers=answers(entry))
    worker = verified_worker(phone=PHONE)
    key = make_key()
    client.get(reverse("api-contests"), **headers(key))  # the key is cached from here on
    # 9 statements and the entry's savepoint pair: the worker, the contest, an existing
    # entry, the blueprint; the entry, the bank's cells, the drawn questions with their
    # options, the paper, the audit entry. No usage counters, no reading the paper back.
    with django_assert_max_num_queries(11):
        client.post(
            entry_url(running_contest), {"nickname": "小鲸鱼"}, "application/json", **headers(key)
        )
    entry = ContestEntry.objects.get(worker=worker)
    given = [{"question": pk, "options": chosen} for pk, chosen in answers(entry).items()]
    # The worker, the entry with its contest, the paper and its options; the guarded
    # UPDATE and the audit entry in a savepoint pair; the rank.
    with django_assert_max_num_queries(9):
        response = client.post(
            entry_url(running_contest, submit=True),
            {"answers": given},
            "application/json",
            **headers(key),
        )
    assert response.json()["score"] == 3
