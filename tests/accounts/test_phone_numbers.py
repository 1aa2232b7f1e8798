"""Sign-up, the admin and the data migration store one E.164 form of a mobile number."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("written", ["139 1234 5678", "13912345678", "+86 139-1234-5678"])
def test_signup_with_a_number_as_people_write_it_stores_e164(client: Client, written: str) -> None:
    response = client.post(
        reverse("account_signup"),
        {"phone": written, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get().phone == "+8613912345678"


def test_signup_refuses_an_invalid_number_with_a_clear_message(client: Client) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        reverse("account_signup"),
        {"phone": "12345", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 400
    assert "not a valid phone number" in response.content.decode()
    assert not User.objects.exists()


def test_signing_in_by_code_finds_the_account_however_the_number_is_written(
    client: Client, worker: User, django_capture_on_commit_callbacks: Any
) -> None:
    from core import sms

    with django_capture_on_commit_callbacks(execute=True):  # the code is an outbox row
        response = client.post(reverse("account_request_login_code"), {"phone": "138 0000 1234"})
    assert response.status_code == 302
    assert sms.outbox and sms.outbox[-1].to == "+8613800001234"


def test_the_admin_stores_a_typed_number_in_e164(
    client: Client, city_admin: User, worker: User
) -> None:
    from django.contrib.admin import site

    admin = site._registry[User]
    field = admin.formfield_for_dbfield(User._meta.get_field("phone"), request=None)
    assert field.clean("138 0000 5555") == "+8613800005555"
    assert field.clean("") is None


def test_the_migration_normalises_numbers_and_leaves_invalid_or_clashing_ones() -> None:
    migration = importlib.import_module("accounts.migrations.0002_normalise_phone_numbers")
    spaced = make_user("spaced@example.com", phone="139 1234 5678")
    national = make_user("national@example.com", phone="13900001111")
    broken = make_user("broken@example.com", phone="12345")
    clash = make_user("clash@example.com", phone="0086 139 0000 1111")
    migration.normalise(apps, None)
    values = dict(User.objects.values_list("email", "phone"))
    assert values[spaced.email] == "+8613912345678"
    assert values[national.email] == "+8613900001111"
    assert values[broken.email] == "12345"
    assert values[clash.email] == "0086 139 0000 1111"  # E.164 taken: left for staff


@pytest.mark.django_db(transaction=True)
def test_the_call_back_migrations_normalise_then_encrypt_numbers() -> None:
    """From plain, unnormalised numbers (before 0004) to E.164 (0004) to Fernet tokens
    (0006): run on a database taken back to 0003, then forward again."""
    from assessments.models import CallbackRequest
    from tests.network import factories

    before = [("assessments", "0003_submission_expires_on")]
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    tree = factories.small_tree()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("assessments", "CallbackRequest")
        for pk, phone in ((1, "138 0013 8000"), (2, "12")):
            old.objects.create(
                pk=pk,
                instrument_code="phq9",
                band_code="severe",
                contact_phone=phone,
                consent=True,
                duty_unit_id=tree["centre"].pk,
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    good, bad = CallbackRequest.objects.order_by("pk")
    assert (good.contact_phone, bad.contact_phone) == ("+8613800138000", "12")
    assert "13800138000" not in good.contact_phone_token  # stored only as a token
