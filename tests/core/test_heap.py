"""core.heap: a web worker's heap is frozen after its 1st, 10th, 100th and 1,000th request,
right after a full collection, and never after that."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator

import pytest
from django.core.signals import request_finished

from core import heap

# Finishing a request closes old database connections too (Django's own receiver).
pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A fresh schedule; what the collector was asked to do, in order."""
    calls: list[str] = []
    monkeypatch.setattr(heap, "_state", {"finished": 0, "freezes": 0})
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    yield calls
    request_finished.disconnect(dispatch_uid="core.heap")


def finish(requests: int) -> None:
    for _ in range(requests):
        request_finished.send(sender=None)


def test_the_heap_is_frozen_on_a_geometric_schedule_then_left_alone(worker: list[str]) -> None:
    heap.freeze_after_warmup()
    finish(1)
    assert worker == ["collect", "freeze"] and heap.freezes() == 1
    finish(8)
    assert heap.freezes() == 1  # 9 requests
    finish(1)
    assert heap.freezes() == 2
    finish(990)
    assert heap.freezes() == 4
    assert worker == ["collect", "freeze"] * 4  # each freeze right after a collection
    finish(5000)
    assert heap.freezes() == 4  # never again: the receiver is gone
    assert request_finished.disconnect(dispatch_uid="core.heap") is False


def test_only_the_web_entry_points_start_it(worker: list[str]) -> None:
    finish(10)  # a test process, a command, a Celery worker: the collector as Python has it
    assert worker == [] and heap.freezes() == 0


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_the_web_entry_points_start_it(worker: list[str], entry_point: str) -> None:
    assert request_finished.disconnect(dispatch_uid="core.heap") is False
    importlib.reload(importlib.import_module(entry_point))
    assert request_finished.disconnect(dispatch_uid="core.heap") is True
