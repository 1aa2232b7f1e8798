"""Call-back contacts do not outlive their use: wiped once handled, and at retention at
the latest; a count-only trace stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import CallbackRequest, CallbackStatus, Submission
from assessments.services import reports
from core import clock
from core.errors import DomainError
from network.models import OrgUnit, Role
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

RISKY = [0] * 8 + [1]  # PHQ-9: item 9 > 0
CALLBACKS = reverse("staff:assessments:callbacks")


@pytest.fixture
def risky(tree: dict[str, OrgUnit]) -> Submission:
    services.instrument_load_files()
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=RISKY, language="zh-hans"
    )
    return submission


def ask(submission: Submission | None, phone: str = "13800138000") -> CallbackRequest:
    return services.callback_request_create(
        submission=submission,
        contact_phone=phone,
        consent=True,
        contact_name="王女士",
        preferred_time="晚上",
    )


def assert_wiped(request: CallbackRequest) -> None:
    request.refresh_from_db()
    assert (request.contact_phone, request.contact_name, request.preferred_time) == ("", "", "")
    assert request.submission_id is None and request.risk_reasons == [] and not request.band_code
    assert request.status == CallbackStatus.CLOSED


def test_marking_a_request_handled_wipes_its_contact_and_keeps_a_count(
    login: Login, tree: dict[str, OrgUnit], risky: Submission
) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    request = ask(risky)
    assert request.risk_reasons  # the flags came with it
    services.callback_request_set_status(
        actor=operator, request=request, status=CallbackStatus.IN_PROGRESS
    )
    request.refresh_from_db()
    assert request.contact_phone == "+8613800138000"  # still needed while being handled

    url = reverse("staff:assessments:callback_status", args=[request.public_id])
    client = login(operator)
    assert client.post(url, {"status": "closed"}).status_code == 302
    assert_wiped(request)
    assert request.handled_by == operator and request.duty_unit == tree["centre"]
    assert CallbackRequest.objects.filter(status=CallbackStatus.CLOSED).count() == 1

    page = client.get(CALLBACKS, {"status": "closed"}).content.decode()
    assert "13800138000" not in page and "王女士" not in page
    assert "the contact has been removed" in page


def test_a_handled_request_cannot_be_reopened(tree: dict[str, OrgUnit]) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    request = ask(None)
    services.callback_request_set_status(
        actor=operator, request=request, status=CallbackStatus.CLOSED
    )
    with pytest.raises(DomainError):
        services.callback_request_set_status(
            actor=operator, request=request, status=CallbackStatus.OPEN
        )


def test_retention_wipes_contacts_of_expired_results_and_of_old_requests(
    tree: dict[str, OrgUnit], risky: Submission
) -> None:
    of_expired = ask(risky, "13800138001")
    old = ask(None, "13800138002")
    recent = ask(None, "13800138003")
    Submission.objects.filter(pk=risky.pk).update(expires_on=clock.today())
    QuerySet.update(
        CallbackRequest.objects.filter(pk=old.pk), created_at=timezone.now() - timedelta(days=366)
    )

    result = reports.purge_expired()
    assert result.callbacks_wiped == 2
    assert_wiped(of_expired)
    assert_wiped(old)
    recent.refresh_from_db()
    assert recent.contact_phone == "+8613800138003" and recent.status == CallbackStatus.OPEN
    assert CallbackRequest.objects.count() == 3  # the trace stays
    assert reports.purge_expired().callbacks_wiped == 0  # idempotent


def test_the_number_is_stored_only_encrypted(tree: dict[str, OrgUnit]) -> None:
    # Like the hotline's caller profiles: the column holds a Fernet token, never the number.
    request = services.callback_request_create(
        submission=None, contact_phone="138 0013 8000", consent=True
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone_token FROM assessments_callbackrequest")
        (stored,) = cursor.fetchone()
    assert "13800138000" not in stored and stored.startswith("gAAAA")
    request.refresh_from_db()
    assert request.contact_phone == "+8613800138000"
