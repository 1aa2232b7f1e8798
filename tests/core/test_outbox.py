"""The outbox: written with its cause, delivered once, retried with backoff, swept."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core import outbox, sms
from core.models import OutboxMessage, OutboxStatus
from core.transactions import on_commit
from tests.core.outage import broker_down

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=2)


def _sms() -> OutboxMessage:
    return outbox.enqueue_sms(to="+8613912345678", text="您好", purpose="test.sms")


def test_a_row_is_delivered_on_commit_and_its_payload_emptied(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = _sms()
    message.refresh_from_db()
    assert [m.to for m in sms.outbox] == ["+8613912345678"]
    assert message.status == OutboxStatus.SENT and message.sent_at is not None
    assert message.payload == {} and message.attempts == 1


def test_delivering_the_same_row_twice_sends_it_once() -> None:
    message = _sms()  # on_commit never runs inside the test's transaction
    assert outbox.deliver(message.pk) is True
    assert outbox.deliver(message.pk) is False
    assert len(sms.outbox) == 1


def test_a_rolled_back_cause_leaves_no_message(django_capture_on_commit_callbacks: Any) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _sms()
        raise RuntimeError
    assert not OutboxMessage.objects.exists() and not sms.outbox


def test_the_dedupe_key_makes_a_repeat_a_no_op() -> None:
    first = outbox.enqueue_email(
        to=["a@example.com"], subject="s", body="b", purpose="t", dedupe_key="k1"
    )
    again = outbox.enqueue_email(
        to=["a@example.com"], subject="s", body="b", purpose="t", dedupe_key="k1"
    )
    assert first.pk == again.pk and OutboxMessage.objects.count() == 1


def test_a_failing_sender_backs_off_then_fails_and_logs_no_payload(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.SMS_BACKEND = "tests.core.outage.FailingSMSBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    caplog.set_level(logging.INFO)
    message = _sms()
    assert outbox.deliver(message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        OutboxStatus.PENDING,
        1,
        "ConnectionError",
    )
    first_wait = message.next_attempt_at - timezone.now()
    outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.next_attempt_at - timezone.now() > first_wait  # doubling
    outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 3
    assert "13912345678" not in caplog.text and "您好" not in caplog.text


def test_the_sweeper_sends_what_the_broker_refused_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        message = _sms()
    assert not sms.outbox
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.queued_at is None

    with broker_down():
        assert outbox.sweep(now=timezone.now() + LATER) == 0  # still down: nothing lost
    assert outbox.sweep(now=timezone.now() + LATER) == 1
    assert outbox.sweep(now=timezone.now() + LATER) == 0
    assert len(sms.outbox) == 1


def test_the_sweeper_leaves_rows_just_queued_and_rows_waiting_their_backoff(
    settings: Any,
) -> None:
    message = _sms()
    assert outbox.sweep() == 0  # too new: its on_commit send is on the way
    settings.SMS_BACKEND = "tests.core.outage.FailingSMSBackend"
    outbox.deliver(message.pk)
    settings.SMS_BACKEND = "core.sms.LocmemSMSBackend"
    message.refresh_from_db()
    before_due = message.next_attempt_at - timedelta(seconds=1)
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - LATER)
    assert outbox.sweep(now=before_due) == 0
    assert outbox.sweep(now=message.next_attempt_at + timedelta(minutes=5)) == 1
    assert len(sms.outbox) == 1


def test_a_row_left_sending_by_a_dead_worker_is_taken_over() -> None:
    message = _sms()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, claimed_at=timezone.now()
    )
    assert outbox.deliver(message.pk) is False  # a live worker may be sending it
    assert outbox.sweep() == 0
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - LATER)
    assert outbox.sweep(now=timezone.now()) == 1
    assert len(sms.outbox) == 1


def _fail() -> None:
    raise ValueError("secret")


def test_a_task_row_runs_its_function_and_what_it_writes_commits_with_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue_task("tests.core.test_outbox._write_mail", kwargs={"to": "x@example.com"})
    assert [m.to for m in mail.outbox] == [["x@example.com"]]
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2


def test_a_failing_task_row_rolls_back_its_writes_and_is_retried() -> None:
    message = outbox.enqueue_task("tests.core.test_outbox._write_then_fail", kwargs={})
    assert outbox.deliver(message.pk) is False
    assert OutboxMessage.objects.count() == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.last_error == "ValueError"


def _write_mail(*, to: str) -> None:
    outbox.enqueue_email(to=[to], subject="s", body="b", purpose="test.email")


def _write_then_fail() -> None:
    _write_mail(to="y@example.com")
    _fail()


def test_an_exception_in_an_on_commit_callback_is_logged_by_class_only(
    django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        on_commit(_fail, what="test one")
        on_commit(lambda: ran.append(1), what="test two")
    assert ran == [1]
    assert "test one" in caplog.text and "ValueError" in caplog.text
    assert "secret" not in caplog.text


def test_the_sweep_command_sends_what_is_left(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    message = _sms()
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - LATER)
    call_command("outbox_sweep")
    assert "1 outbox message(s) sent again" in capsys.readouterr().out
    assert len(sms.outbox) == 1


def test_the_admin_lists_messages_without_their_payload_and_sends_failed_ones_again(
    client: Any, city_admin: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 1
    settings.SMS_BACKEND = "tests.core.outage.FailingSMSBackend"
    message = _sms()
    outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    settings.SMS_BACKEND = "core.sms.LocmemSMSBackend"
    client.force_login(city_admin)

    page = client.get("/admin/core/outboxmessage/").content.decode()
    assert "test.sms" in page and "13912345678" not in page
    detail = client.get(f"/admin/core/outboxmessage/{message.pk}/change/").content.decode()
    assert "13912345678" not in detail and "您好" not in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/outboxmessage/",
            {"action": "send_again", "_selected_action": [message.pk]},
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and len(sms.outbox) == 1


def test_the_sweeper_deletes_sent_rows_after_the_keeping_period(settings: Any) -> None:
    settings.OUTBOX_KEEP_DAYS = 30
    old, recent = _sms(), _sms()
    for message in (old, recent):
        outbox.deliver(message.pk)
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=31))
    outbox.sweep()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_message_held_past_its_use_is_dropped_not_sent() -> None:
    message = outbox.enqueue_sms(
        to="+8613912345678",
        text="您好",
        purpose="test.reminder",
        not_after=timezone.now() + timedelta(minutes=30),
    )
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        assert outbox.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxStatus.EXPIRED and message.payload == {}
    assert sms.outbox == []
    assert outbox.deliver(message.pk) is False  # and stays dropped


def test_a_message_within_its_use_is_sent() -> None:
    message = outbox.enqueue_sms(
        to="+8613912345678",
        text="您好",
        purpose="test.reminder",
        not_after=timezone.now() + timedelta(minutes=30),
    )
    assert outbox.deliver(message.pk) is True
    assert len(sms.outbox) == 1


def test_the_outbox_sends_the_registered_delivery_task_without_importing_it() -> None:
    """core.outbox finds its task by name (no import cycle), and that name is core.tasks'."""
    from core import tasks

    assert outbox.delivery_task() == tasks.deliver_outbox_message  # shared_task is a proxy
    assert outbox.delivery_task().name == outbox.DELIVERY_TASK


def test_a_fresh_process_has_the_delivery_task_registered_once_django_is_set_up() -> None:
    """A web process imports no task module by itself: CoreConfig.ready registers it."""
    probe = (
        "import django; django.setup(); from celery import current_app; "
        "from core import outbox; print(outbox.delivery_task().name)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == outbox.DELIVERY_TASK
