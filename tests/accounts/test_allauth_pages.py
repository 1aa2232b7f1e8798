"""Sign-in, sign-up, password and two-factor pages: the portal's layout, proper Chinese."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# Half-width punctuation next to Chinese text, 你 (we say 您), 代码 for a code.
WRONG = re.compile(r"[\u4e00-\u9fff][:,.?!;()]|[:,;]\s*$|你|代码", re.M)


def main_text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", "", main, flags=re.S)
    main = re.sub(r"<[^>]+>", "\n", main)
    return "\n".join(line.strip() for line in main.splitlines() if line.strip())


def assert_portal_page(response: object, *, status: int = 200) -> None:
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == status  # type: ignore[attr-defined]
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    text = main_text(response)
    assert not WRONG.search(text), WRONG.findall(text)


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password", "account_request_login_code"],
)
def test_entrance_pages_use_the_portal_layout_and_proper_chinese(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert_portal_page(response)
    assert 'class="auth-form"' in response.content.decode()


def test_signup_errors_and_password_rules_say_nin(client: Client) -> None:
    response = client.post(reverse("account_signup"), {"password1": "1", "password2": "2"})
    assert_portal_page(response, status=400)  # an invalid form answers 400 (core.web)
    text = main_text(response)
    assert "您的密码" in text or "密码" in text


def test_a_wrong_authenticator_code_reads_yanzhengma_cuowu(
    client: Client, city_admin: User
) -> None:
    client.post(reverse("account_login"), {"login": city_admin.email, "password": PASSWORD})
    page = client.get(reverse("mfa_authenticate"))
    assert_portal_page(page)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert_portal_page(response, status=400)
    text = main_text(response)
    assert "验证码错误" in text
    assert "错误代码" not in text


def test_the_totp_set_up_and_recovery_pages_use_the_portal_layout(
    client: Client, staff_without_totp: User
) -> None:
    client.post(reverse("account_login"), {"login": staff_without_totp.email, "password": PASSWORD})
    assert_portal_page(client.get(reverse("mfa_activate_totp")))


def test_labels_end_in_a_full_width_colon(client: Client) -> None:
    html = client.get(reverse("account_login")).content.decode()
    assert re.search(r'<label for="id_password">密码：</label>', html)
