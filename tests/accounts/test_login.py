"""Workers sign up and in with a mobile number or an e-mail; limits on failures."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core import sms
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_signup_with_a_mobile_number_sends_a_code_by_sms(
    client: Client, caplog: pytest.LogCaptureFixture, django_capture_on_commit_callbacks: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):  # the SMS is an outbox row
        response = client.post(
            reverse("account_signup"),
            {"phone": "+8613912345678", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    user = User.objects.get(phone="+8613912345678")
    assert user.phone_verified is False
    assert len(sms.outbox) == 1
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", sms.outbox[0].text)
    assert code is not None
    # The full number never reaches the logs.
    assert "13912345678" not in caplog.text

    response = client.post(response["Location"], {"code": code.group(1)})
    user.refresh_from_db()
    assert user.phone_verified is True


def test_signup_needs_a_mobile_number_or_an_e_mail(client: Client) -> None:
    response = client.post(
        reverse("account_signup"), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400
    assert "手机号码或电子邮箱" in response.content.decode()
    assert not User.objects.exists()


def test_worker_signs_in_with_a_code_sent_to_the_phone(
    client: Client, worker: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the SMS is an outbox row
        response = client.post(reverse("account_request_login_code"), {"phone": worker.phone})
    assert response.status_code == 302
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", sms.outbox[-1].text)
    assert code is not None
    response = client.post(reverse("account_confirm_login_code"), {"code": code.group(1)})
    assert response.status_code == 302
    assert client.get("/").context["user"] == worker


def test_worker_signs_in_with_e_mail_and_password(client: Client, worker: User) -> None:
    response = client.post(reverse("account_login"), {"login": worker.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == worker


def test_failed_logins_are_rate_limited_with_a_clear_message(client: Client, worker: User) -> None:
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": worker.email, "password": "wrong-password"}
        )
        assert response.status_code == 400
    response = client.post(reverse("account_login"), {"login": worker.email, "password": PASSWORD})
    assert response.status_code in (400, 429)
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_mail(
    client: Client, worker: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the mail is an outbox row
        response = client.post(reverse("account_reset_password"), {"email": worker.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert worker.email in mail.outbox[0].to
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_staff_login_stops_at_the_totp_step(client: Client, city_admin: User) -> None:
    response = client.post(
        reverse("account_login"), {"login": city_admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
