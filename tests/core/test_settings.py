"""Settings come from the environment and fail loudly when malformed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler

from config.settings import database_from_url, env_bool, env_int, redis_url

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-production-secret-used-only-by-this-test-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "xinling.example.org",
    "HOTLINE_CALLER_KEY": "a-caller-key-used-only-by-this-test-0123456789",
    "FIELD_ENCRYPTION_KEY": "mY3k8y3UZ2aHqk8w9v1a0lXJzQ1rJm2F5b6c7d8e9f0=",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_postgres_url_is_parsed_into_django_settings() -> None:
    db = database_from_url("DATABASE_URL", "postgres://app:s%40cret@db.local:6543/xinling")
    assert db["ENGINE"] == "core.db.postgresql"  # Django's, with a cheaper health check
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "xinling",
        "app",
        "s@cret",
        "db.local",
        "6543",
    )


def _sqlite_settings() -> list[dict[str, Any]]:
    """The embedded default's database settings (when SQLite is in force) and a URL's."""
    from django.conf import settings

    found = [database_from_url("DATABASE_URL", "sqlite:///x.db")]
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        found.append(settings.DATABASES["default"])
    return found


def test_sqlite_holds_concurrent_writers_from_the_default_and_from_a_url(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    """WAL, the write lock taken at BEGIN, and a wait instead of "database is locked";
    tests/core/test_serving.py books from 20 threads at once against this. Checked on
    a real connection opened with these settings, not by reading them back."""
    for number, db in enumerate(_sqlite_settings()):
        path = tmp_path / f"concurrent-{number}.db"
        handler = ConnectionHandler({"default": {**db, "NAME": str(path), "TEST": {}}})
        connection = handler["default"]
        with django_db_blocker.unblock():
            _assert_waits_and_locks_at_begin(connection, path)


def _assert_waits_and_locks_at_begin(connection: BaseDatabaseWrapper, path: Path) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000  # milliseconds of waiting for the lock
        # What transaction.atomic() runs first on SQLite: with IMMEDIATE the write lock is
        # taken at BEGIN, before any read (a deferred BEGIN would hold no lock yet).
        connection.ensure_connection()
        connection._start_transaction_under_autocommit()  # type: ignore[attr-defined]
        other = sqlite3.connect(path, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
        connection.connection.rollback()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/x", "postgres://localhost", "postgres://h:port/db", "nonsense"]
)
def test_malformed_database_url_names_the_variable(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("DATABASE_URL", url)


def test_malformed_values_name_their_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("REDIS_URL", "http://localhost:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        redis_url("REDIS_URL")


def test_bad_database_url_fails_at_start_naming_the_variable() -> None:
    result = manage("check", env={"DATABASE_URL": "mysql://root@localhost/xinling"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_requires_a_secret_key() -> None:
    result = manage("check", env={"DJANGO_ENV": "production", "ALLOWED_HOSTS": "x.example"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", ["HOTLINE_CALLER_KEY", "FIELD_ENCRYPTION_KEY"])
def test_production_requires_the_hotline_keys(key: str) -> None:
    # Production never makes its own keys: a missing one stops the start, by name.
    env = {name: value for name, value in PROD_ENV.items() if name != key}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"The environment variable {key} must be set." in result.stderr


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "no issues" in result.stdout


def test_error_reports_hide_retrieval_codes_and_keys(rf: pytest.FixtureRequest) -> None:
    from django.views.debug import get_default_exception_reporter_filter

    request = rf.get(  # type: ignore[attr-defined]
        "/", HTTP_X_RETRIEVAL_CODE="ABCD-EFGH-JKMN-PQRS", HTTP_AUTHORIZATION="Bearer secret"
    )
    meta = get_default_exception_reporter_filter().get_safe_request_meta(request)
    assert "ABCD" not in str(meta["HTTP_X_RETRIEVAL_CODE"])
    assert "secret" not in str(meta["HTTP_AUTHORIZATION"])
