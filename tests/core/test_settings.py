"""Settings come from the environment and fail loudly when malformed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import database_from_url, env_bool, env_int, redis_url

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-production-secret-used-only-by-this-test-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "xinling.example.org",
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
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "xinling",
        "app",
        "s@cret",
        "db.local",
        "6543",
    )


def test_sqlite_holds_concurrent_writers_from_the_default_and_from_a_url() -> None:
    # WAL, the write lock taken at BEGIN, and a wait instead of "database is locked";
    # tests/core/test_serving.py books from 20 threads at once against this.
    from django.conf import settings

    for db in (settings.DATABASES["default"], database_from_url("DATABASE_URL", "sqlite:///x.db")):
        if db["ENGINE"] != "django.db.backends.sqlite3":
            continue
        assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert db["OPTIONS"]["timeout"] >= 5
        assert "PRAGMA journal_mode=WAL" in db["OPTIONS"]["init_command"]


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
