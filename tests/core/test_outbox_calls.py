"""Outbox task rows name a function by its dotted path: every path the code writes resolves,
and rows written before a move are pointed at the new place (a migration), not lost."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.utils.module_loading import import_string

from core import outbox
from core.models import OutboxMessage, OutboxStatus

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "network", "assessments", "appointments", "courses", "hotline", "learning", "kpis")
MOVE = importlib.import_module("appointments.migrations.0007_outbox_calls_after_the_move")


def _written_calls() -> set[str]:
    calls = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute | ast.Name)
                    and getattr(node.func, "attr", getattr(node.func, "id", "")) == "enqueue_task"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    calls.add(node.args[0].value)
    return calls


def test_every_call_the_code_queues_resolves_to_a_function() -> None:
    calls = _written_calls()

    assert "appointments.services.slot_freed" in calls  # the scan sees the real calls
    assert all(callable(import_string(call)) for call in calls)


def test_the_moved_paths_point_where_the_functions_now_live() -> None:
    for old, new in MOVE.MOVED.items():
        with pytest.raises(ImportError):
            import_string(old)
        assert callable(import_string(new))


@pytest.mark.django_db
def test_rows_queued_before_the_move_get_the_new_path_and_sent_rows_keep_theirs(
    django_capture_on_commit_callbacks: object,
) -> None:
    pending = outbox.enqueue_task("appointments.waitlist.slot_freed", kwargs={"slot_id": 1})
    failed = outbox.enqueue_task("appointments.cases.supervisors_alert", kwargs={"case_id": 2})
    sent = outbox.enqueue_task("appointments.waitlist.slot_freed", kwargs={"slot_id": 3})
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED)
    OutboxMessage.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT)

    MOVE.rename_calls(django_apps, None)

    calls = dict(OutboxMessage.objects.values_list("pk", "payload__call"))
    assert calls == {
        pending.pk: "appointments.services.slot_freed",
        failed.pk: "appointments.notifications.supervisors_alert",
        sent.pk: "appointments.waitlist.slot_freed",
    }
    assert OutboxMessage.objects.get(pk=pending.pk).payload["kwargs"] == {"slot_id": 1}

    MOVE.restore_calls(django_apps, None)

    assert OutboxMessage.objects.get(pk=pending.pk).payload["call"] == (
        "appointments.waitlist.slot_freed"
    )
