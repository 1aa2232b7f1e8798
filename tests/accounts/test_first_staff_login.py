"""A staff member's first sign-in: password once, set up TOTP, recovery codes, staff home."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_first_staff_login_asks_the_password_once_and_ends_on_the_staff_home(
    client: Client, staff_without_totp: User
) -> None:
    response = client.post(
        reverse("account_login"), {"login": staff_without_totp.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")

    # No second password: the set-up page opens at once.
    page = client.get(response["Location"])
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=staff_without_totp, type=Authenticator.Type.TOTP
    ).exists()

    codes = client.get(response["Location"])
    assert codes.status_code == 200
    html = codes.content.decode()
    assert f'data-continue href="{reverse("staff:home")}"' in html
    assert client.get(reverse("staff:home")).status_code == 200


def test_staff_reaching_the_staff_site_before_totp_set_up_no_second_password(
    client: Client, staff_without_totp: User
) -> None:
    client.post(
        f"{reverse('account_login')}?next=/staff/",
        {"login": staff_without_totp.email, "password": PASSWORD},
    )
    response = client.get("/staff/")
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(response["Location"]).status_code == 200


def test_removing_an_authenticator_still_asks_to_reauthenticate(
    client: Client, staff_without_totp: User
) -> None:
    client.post(reverse("account_login"), {"login": staff_without_totp.email, "password": PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert (
        reverse("account_reauthenticate") in response["Location"]
        or "reauthenticate" in (response["Location"])
    )
