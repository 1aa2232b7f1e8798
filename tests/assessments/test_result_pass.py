"""An anonymous result taken by a signed-in worker is not linked to the login session:
its access lives in a signed cookie of its own for a few hours, and no stored time of
the submission is finer than a day."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments import access, services
from assessments.models import Report, Submission
from assessments.services import reports
from tests.assessments.portal import PHQ9_MILD, result_url, take

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.timezone(timedelta(hours=8)))


@pytest.fixture
def signed_in(client: Client, worker: User) -> Client:
    services.instrument_load_files()
    client.force_login(worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def every_session() -> list[str]:
    return [repr(row.get_decoded()) for row in Session.objects.all()]


@time_machine.travel(NOON, tick=False)
def test_a_signed_in_workers_anonymous_result_is_in_no_session_row(signed_in: Client) -> None:
    response = take(signed_in, "phq9", {"phq9": PHQ9_MILD})
    submission = Submission.objects.get()
    assert signed_in.get(response["Location"]).status_code == 200  # the code is shown once

    sessions = every_session()
    assert sessions and any("_auth_user_id" in s for s in sessions)
    assert not any(str(submission.public_id) in s for s in sessions)
    assert not any("assessments.access" in s or "new_codes" in s for s in sessions)
    assert not any("assessments.flows" in s and "phq9" in s for s in sessions)

    cookie = signed_in.cookies[access.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == access.RESULT_PASS_HOURS * 3600 <= 6 * 3600


@time_machine.travel(NOON, tick=False)
def test_the_submission_row_keeps_no_time_finer_than_a_day(signed_in: Client) -> None:
    take(signed_in, "phq9", {"phq9": PHQ9_MILD})
    row = Submission.objects.values().get()
    assert not [k for k, v in row.items() if isinstance(v, dt.datetime)]
    assert row["submitted_on"] == dt.date(2026, 6, 10)
    assert row["expires_on"] == dt.date(2026, 6, 10) + timedelta(days=365)


def test_the_worker_sees_the_result_and_asks_for_the_report_while_the_pass_lasts(
    signed_in: Client,
) -> None:
    with time_machine.travel(NOON, tick=False) as clock:
        take(signed_in, "phq9", {"phq9": PHQ9_MILD})
        submission = Submission.objects.get()
        assert signed_in.get(result_url(submission)).status_code == 200
        clock.shift(timedelta(hours=access.RESULT_PASS_HOURS) - timedelta(minutes=5))
        asked = signed_in.post(reverse("assessments:report_request", args=[submission.public_id]))
        assert asked.status_code in {200, 302}
        assert Report.objects.filter(submission=submission).exists()
        clock.shift(timedelta(minutes=10))
        assert signed_in.get(result_url(submission)).status_code == 404  # the pass has run out


def test_a_tampered_pass_opens_nothing(client: Client, signed_in: Client) -> None:
    take(signed_in, "phq9", {"phq9": PHQ9_MILD})
    submission = Submission.objects.get()
    forged = access.encode(access.ResultPass(ids=[str(submission.public_id)]))[:-2] + "xx"
    client.cookies[access.COOKIE_NAME] = forged
    assert client.get(result_url(submission)).status_code == 404


def test_the_retention_job_works_by_the_day(signed_in: Client) -> None:
    with time_machine.travel(NOON, tick=False) as clock:
        take(signed_in, "phq9", {"phq9": PHQ9_MILD})
        clock.move_to(NOON + timedelta(days=364, hours=11))
        assert reports.purge_expired().answers_emptied == 0
        clock.move_to(NOON + timedelta(days=365) - timedelta(hours=11, minutes=59))
        assert timezone.localdate() == dt.date(2027, 6, 10)
        assert reports.purge_expired().answers_emptied == 1


def test_the_pass_is_secure_where_the_session_cookie_is(signed_in: Client, settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = True
    take(signed_in, "phq9", {"phq9": PHQ9_MILD})
    assert signed_in.cookies[access.COOKIE_NAME]["secure"]


def test_signing_out_drops_the_pass(signed_in: Client) -> None:
    assert access.COOKIE_NAME in apps.get_app_config("assessments").sign_out_cookies
    take(signed_in, "phq9", {"phq9": PHQ9_MILD})
    submission = Submission.objects.get()
    signed_in.post(reverse("account_logout"))
    assert signed_in.cookies[access.COOKIE_NAME].value == ""
    assert signed_in.get(result_url(submission)).status_code == 404
