"""A reused connection's health check sends no `SELECT 1` when it can tell without one
(core.db.postgresql), and a connection the server dropped is still replaced, not used.

On PostgreSQL, outside a test transaction (as served: autocommit between requests).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg2
import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_postgresql

from core.db.postgresql import base

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def selects(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every `SELECT 1` of Django's health check (its `is_usable`)."""
    calls: list[int] = []
    usable = django_postgresql.DatabaseWrapper.is_usable

    def counting(self: Any) -> bool:
        calls.append(1)
        return usable(self)

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", counting)
    wrapper = connections["default"]
    assert isinstance(wrapper, base.DatabaseWrapper)
    wrapper.health_check_enabled = True
    yield calls
    connection.close()  # the next test starts from a fresh, unpatched connection


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _next_request() -> None:
    """What Django does between two requests (close_old_connections)."""
    connection.close_if_unusable_or_obsolete()


def test_the_settings_use_the_quiet_health_check() -> None:
    assert isinstance(connections["default"], base.DatabaseWrapper)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_connection_reused_at_once_is_checked_without_a_round_trip(
    selects: list[int],
) -> None:
    pid = _backend_pid()
    for _request in range(3):
        _next_request()
        assert _backend_pid() == pid

    assert selects == []


def test_a_connection_left_quiet_gets_the_select_1(selects: list[int]) -> None:
    pid = _backend_pid()
    _next_request()
    wrapper = connections["default"]
    assert isinstance(wrapper, base.DatabaseWrapper)
    wrapper._last_checked -= base.QUIET_CHECK_SECONDS + 1

    assert _backend_pid() == pid
    assert selects == [1]


def test_a_connection_the_server_ended_is_replaced_before_it_is_used(
    selects: list[int],
) -> None:
    pid = _backend_pid()
    _next_request()
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            # Waits (up to 5 s) until the backend has gone: its FATAL notice is on our socket.
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()

    replacement = _backend_pid()  # the request's first query: no error

    assert replacement != pid
    assert selects == [1]  # the socket showed something: Django's check, which failed
