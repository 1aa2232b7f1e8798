"""core.sessions reads a session with one SELECT written once, answering as Django's `db`
engine does: the same data, and an empty session without a key when it is missing or expired."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends import db
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def saved(data: dict[str, object], *, expiry: int = 3600) -> str:
    store = db.SessionStore()
    store.update(data)
    store.set_expiry(expiry)
    store.save()
    assert store.session_key is not None
    return store.session_key


def test_the_project_uses_it() -> None:
    assert settings.SESSION_ENGINE == "core.sessions"


def test_a_session_reads_as_djangos_in_one_select() -> None:
    key = saved({"flows": {"phq9": {"answers": {"phq9": {"1": 2}}}}, "n": 3})
    with CaptureQueriesContext(connection) as queries:
        ours = SessionStore(key)
        data = dict(ours.items())
    assert data == dict(db.SessionStore(key).items())
    assert data["n"] == 3
    assert ours.session_key == key
    assert len(queries) == 1 and queries[0]["sql"].startswith("SELECT")


@pytest.mark.parametrize("case", ["expired", "unknown", "malformed"])
def test_a_missing_or_expired_session_is_empty_and_loses_its_key(case: str) -> None:
    key = {"expired": None, "unknown": "x" * 32, "malformed": "short"}[case]
    if case == "expired":
        key = saved({"n": 1}, expiry=60)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        ours, django = SessionStore(key), db.SessionStore(key)
        assert dict(ours.items()) == dict(django.items()) == {}
        assert ours.session_key is None and django.session_key is None


def test_a_visitors_answers_survive_between_requests(client: Client) -> None:
    from assessments import services

    services.instrument_load_files()
    client.post("/assessments/take/phq9/")
    client.post("/assessments/take/phq9/1/", {"q1": "2", "q2": "0", "q3": "3"})
    page = client.get("/assessments/take/phq9/1/").content.decode()
    assert 'id="id_q1_2" required checked' in page
