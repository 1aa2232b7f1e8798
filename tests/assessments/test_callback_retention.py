"""Call-back contacts do not outlive their use: wiped once handled, and at retention at
the latest; a count-only trace stays. Handled means closed in the hotline's queue."""

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
from hotline.models import ContactRequest, Line
from hotline.services import contact_close
from network.models import OrgUnit, Role
from tests.hotline.factories import LineFactory
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

RISKY = [0] * 8 + [1]  # PHQ-9: item 9 > 0


@pytest.fixture
def line(tree: dict[str, OrgUnit]) -> Line:
    return LineFactory(unit=tree["centre"])


def act(queued: ContactRequest, action: str) -> str:
    return reverse(
        "staff:hotline:contact_act", kwargs={"contact": queued.public_id, "action": action}
    )


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


def test_closing_it_in_the_hotline_queue_wipes_its_contact_and_keeps_a_count(
    login: Login, tree: dict[str, OrgUnit], risky: Submission, line: Line
) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    request = ask(risky)
    assert request.risk_reasons  # the flags came with it
    queued = ContactRequest.objects.get(reference=str(request.public_id))
    client = login(operator)
    assert client.post(act(queued, "take")).status_code == 302
    request.refresh_from_db()
    assert request.status == CallbackStatus.IN_PROGRESS
    assert request.contact_phone == "+8613800138000"  # still needed while being handled

    assert client.post(act(queued, "close"), {"outcome": "reached"}).status_code == 302
    assert_wiped(request)
    assert request.handled_by == operator and request.duty_unit == tree["centre"]
    assert CallbackRequest.objects.filter(status=CallbackStatus.CLOSED).count() == 1

    desk = client.get(reverse("staff:hotline:desk", kwargs={"line": line.public_id}))
    page = desk.content.decode()
    assert "王女士" not in page and str(queued.public_id) not in page  # left the queue


def test_a_handled_request_cannot_be_closed_again(tree: dict[str, OrgUnit], line: Line) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    request = ask(None)
    queued = ContactRequest.objects.get(reference=str(request.public_id))
    contact_close(actor=operator, request=queued, outcome="reached")
    with pytest.raises(DomainError):
        contact_close(actor=operator, request=queued, outcome="no_answer")
    assert_wiped(request)


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
