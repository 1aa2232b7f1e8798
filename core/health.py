"""Checks behind GET /api/v1/health/. Each returns a small dict, never raises."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def _timed(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result: dict[str, Any] = {"status": "ok", **check()}
    except Exception as exc:  # a health probe reports, it does not crash
        result = {"status": "error", "error": exc.__class__.__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"backend": connection.vendor}


def _cache() -> dict[str, Any]:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)
    backend = str(settings.CACHES["default"]["BACKEND"]).rsplit(".", 1)[-1]
    return {"backend": backend}


def _broker() -> dict[str, Any]:
    # The project's app (config.celery) is Celery's current app; core does not import config.
    from celery import current_app as app

    if app.conf.task_always_eager:
        return {"backend": "eager"}
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return {"backend": conn.transport_cls}


def check_all() -> dict[str, dict[str, Any]]:
    return {"database": _timed(_database), "cache": _timed(_cache), "broker": _timed(_broker)}
