"""The contact-request queue: call-backs from assessments land here; assign, try, close."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from assessments import services as assessment_services
from core.models import OutboxMessage
from hotline import services
from hotline.models import CallerProfile, ContactRequest, ContactStatus, Line
from network.models import AuditEntry, OrgUnit
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def act(contact: ContactRequest, action: str) -> str:
    return reverse(
        "staff:hotline:contact_act", kwargs={"contact": contact.public_id, "action": action}
    )


def desk(line: Line) -> str:
    return reverse("staff:hotline:desk", kwargs={"line": line.public_id})


@pytest.fixture
def waiting(line: Line) -> ContactRequest:
    found = services.request_contact(
        source="lecture", summary="讲座后希望有人联系", phone="13800138000", risk="none"
    )
    assert found is not None
    return found


def test_an_assessment_call_back_lands_in_the_queue(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    callback = assessment_services.callback_request_create(
        submission=None, contact_phone="138 0013 8000", consent=True, preferred_time="晚上"
    )
    queued = ContactRequest.objects.get()
    assert queued.source == "assessment" and queued.reference == str(callback.public_id)
    assert queued.line == line and queued.status == ContactStatus.OPEN
    assert queued.preferred_time == "晚上" and "自我测评" in queued.summary  # in the staff language
    assert queued.caller is not None and "13800138000" not in queued.caller.number_encrypted
    html = login(operator).get(desk(line)).content.decode()
    assert f'data-contact="{queued.public_id}"' in html and "晚上" in html
    # The same request again updates the queued one.
    assessment_services.callback_request_create(
        submission=None, contact_phone="13800138000", consent=True, preferred_time="白天"
    )
    assert ContactRequest.objects.count() == 2  # no submission: a new call-back each time
    assert CallerProfile.objects.count() == 1


def test_without_a_line_the_call_back_still_works(tree: dict[str, OrgUnit]) -> None:
    callback = assessment_services.callback_request_create(
        submission=None, contact_phone="13800138000", consent=True
    )
    assert callback.pk is not None and not ContactRequest.objects.exists()


def test_bad_requests_are_refused(line: Line) -> None:
    with pytest.raises(services.ContactInvalid) as caught:
        services.request_contact(source="nowhere", summary=" ", phone="123", risk="extreme")
    assert set(caught.value.fields) == {"source", "summary", "phone", "risk"}
    assert not ContactRequest.objects.exists() and not CallerProfile.objects.exists()


def test_an_operator_takes_tries_and_closes(
    waiting: ContactRequest, operator: User, login: Login, line: Line
) -> None:
    client = login(operator)
    assert client.post(act(waiting, "take")).status_code == 302
    assert client.post(act(waiting, "attempt")).status_code == 302
    assert client.post(act(waiting, "close"), {"outcome": "reached"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.assigned_to == operator and waiting.attempts == 1
    assert waiting.status == ContactStatus.CLOSED and waiting.outcome == "reached"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "hotline.contact.assigned",
        "hotline.contact.attempted",
        "hotline.contact.closed",
    } <= actions
    assert f'data-contact="{waiting.public_id}"' not in client.get(desk(line)).content.decode()


def test_closing_needs_a_valid_outcome(
    waiting: ContactRequest, operator: User, login: Login, line: Line
) -> None:
    client = login(operator)
    client.post(act(waiting, "close"), {"outcome": "whatever"})
    waiting.refresh_from_db()
    assert waiting.status == ContactStatus.OPEN
    assert "choose a valid option" in client.get(desk(line)).content.decode()


def test_an_operator_cannot_give_a_request_to_someone_else(
    waiting: ContactRequest, operator: User, operator2: User, login: Login
) -> None:
    response = login(operator).post(act(waiting, "assign"), {"assignee": operator2.pk})
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.assigned_to is None


def test_an_operator_cannot_close_a_colleagues_request(
    waiting: ContactRequest, operator: User, operator2: User, login: Login
) -> None:
    login(operator2).post(act(waiting, "take"))
    assert login(operator).post(act(waiting, "close"), {"outcome": "reached"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == ContactStatus.ASSIGNED


def test_a_supervisor_assigns_and_closes_anyones(
    waiting: ContactRequest, operator: User, supervisor: User, login: Login, line: Line
) -> None:
    client = login(supervisor)
    assert "Give to" in client.get(desk(line)).content.decode()
    client.post(act(waiting, "assign"), {"assignee": operator.pk})
    waiting.refresh_from_db()
    assert waiting.assigned_to == operator
    client.post(act(waiting, "close"), {"outcome": "no_answer"})
    waiting.refresh_from_db()
    assert waiting.status == ContactStatus.CLOSED and waiting.closed_by == supervisor


def test_the_assignee_must_be_an_operator_of_the_line(
    waiting: ContactRequest, supervisor: User, operator_b: User, login: Login
) -> None:
    login(supervisor).post(act(waiting, "assign"), {"assignee": operator_b.pk})
    waiting.refresh_from_db()
    assert waiting.assigned_to is None


@pytest.mark.parametrize("who", ["operator_b", "counsellor_a", "cadre_a"])
def test_outsiders_cannot_touch_the_queue(
    who: str, waiting: ContactRequest, login: Login, request: pytest.FixtureRequest, line: Line
) -> None:
    client = login(request.getfixturevalue(who))
    for action in ("take", "attempt"):
        assert client.post(act(waiting, action)).status_code == 404
    assert client.post(act(waiting, "close"), {"outcome": "reached"}).status_code == 404
    number = reverse("staff:hotline:contact_number", kwargs={"contact": waiting.public_id})
    assert client.post(number).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == ContactStatus.OPEN and waiting.attempts == 0


def test_the_number_to_call_back_is_shown_on_purpose_and_audited(
    waiting: ContactRequest, operator: User, login: Login
) -> None:
    number = reverse("staff:hotline:contact_number", kwargs={"contact": waiting.public_id})
    response = login(operator).post(number)
    assert response.status_code == 200 and "+8613800138000" in response.content.decode()
    assert (
        AuditEntry.objects.filter(action="hotline.caller.number_revealed", actor=operator).count()
        == 1
    )


def test_a_request_with_risk_left_waiting_is_flagged_once(
    full_week: None, line: Line, supervisor: User, operator: User, login: Login, settings: Any
) -> None:
    settings.HOTLINE_CONTACT_RISK_MINUTES = 30
    urgent = services.request_contact(source="partner", summary="有轻生念头", risk="high")
    calm = services.request_contact(source="partner", summary="咨询政策", risk="none")
    assert urgent is not None and calm is not None
    assert services.contacts_flag_overdue() == 0
    with time_machine.travel(urgent.created_at + timedelta(minutes=31), tick=False):
        assert services.contacts_flag_overdue() == 1
        assert services.contacts_flag_overdue() == 0  # once
    urgent.refresh_from_db()
    calm.refresh_from_db()
    assert urgent.overdue_flagged_at is not None and calm.overdue_flagged_at is None
    alert = OutboxMessage.objects.get(purpose="hotline.contact_overdue")
    assert alert.payload["to"] == [supervisor.email]
    assert "轻生" not in alert.payload["body"]
    assert "data-overdue" in login(operator).get(desk(line)).content.decode()


def test_a_closed_request_is_never_flagged(line: Line, operator: User) -> None:
    urgent = services.request_contact(source="partner", summary="危机", risk="crisis")
    assert urgent is not None
    services.contact_close(actor=operator, request=urgent, outcome="reached")
    assert services.contacts_flag_overdue(now=urgent.created_at + timedelta(hours=2)) == 0
