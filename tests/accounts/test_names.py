"""Names: family name first in Chinese; workers addressed as they chose to be called."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.names import display_name, full_name
from accounts.services import user_set_nickname
from appointments.selectors.counsellors import counsellor_name
from core.errors import PermissionDenied
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_chinese_names_read_family_name_first_and_latin_names_given_name_first() -> None:
    assert full_name(given="静", family="陈") == "陈静"
    assert full_name(given="Jing", family="Chen") == "Jing Chen"
    assert full_name(given="", family="陈") == "陈"
    assert User(first_name="静", last_name="陈").get_full_name() == "陈静"


def test_a_counsellor_without_a_public_profile_is_named_family_name_first() -> None:
    counsellor = make_user("chen.jing@example.com", staff=True, first_name="静", last_name="陈")
    assert counsellor_name(counsellor) == "陈静"
    assert str(counsellor) == "陈静"


def test_the_portal_greets_the_worker_by_the_chosen_name(client: Client, worker: User) -> None:
    worker.nickname = "小王"
    worker.first_name, worker.last_name = "伟", "王"
    worker.save()
    client.force_login(worker)
    page = client.get("/").content.decode()
    assert "您好，小王" in page
    assert worker.username not in page


def test_without_a_chosen_name_the_real_name_and_never_the_username(
    client: Client, worker: User
) -> None:
    worker.first_name, worker.last_name = "伟", "王"
    worker.save()
    assert display_name(worker) == "王伟"
    worker.first_name = worker.last_name = ""
    worker.save()
    client.force_login(worker)
    page = client.get("/").content.decode()
    assert "您好，职工" in page
    assert f"您好，{worker.username}" not in page and "您好，worker" not in page


def test_signing_in_says_the_chosen_name_not_the_username(client: Client, worker: User) -> None:
    worker.nickname = "小王"
    worker.save()
    response = client.post(reverse("account_login"), {"login": worker.email, "password": PASSWORD})
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("小王" in text for text in texts), texts
    assert not any(worker.username in text for text in texts)


def test_a_worker_changes_what_the_portal_calls_them(client: Client, worker: User) -> None:
    client.force_login(worker)
    url = reverse("accounts:profile")
    assert client.get(url).status_code == 200
    response = client.post(url, {"nickname": "  王师傅 "})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.nickname == "王师傅"
    assert "您好，王师傅" in client.get("/").content.decode()
    assert client.post(url, {"nickname": "x" * 41}).status_code == 400


def test_nobody_changes_what_the_portal_calls_someone_else(worker: User) -> None:
    other = make_user("other@example.com")
    with pytest.raises(PermissionDenied):
        user_set_nickname(actor=other, user=worker, nickname="外号")
    worker.refresh_from_db()
    assert worker.nickname == ""


def test_the_profile_page_needs_a_signed_in_worker(client: Client) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_staff_pages_name_a_person_as_they_chose(worker: User) -> None:
    worker.nickname = "小王"
    worker.save()
    assert str(worker) == "小王"
