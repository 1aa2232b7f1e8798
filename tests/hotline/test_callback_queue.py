"""Assessments' call-backs are handled in the hotline queue: a call-back lands there,
and taking or closing it there moves the call-back request too (one list)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from assessments.models import CallbackRequest, CallbackStatus
from assessments.services import callback_request_create
from hotline.models import ContactRequest, ContactSource, ContactStatus, Line
from hotline.services import ContactInvalid, contact_assign, contact_close
from network.models import AuditEntry
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def ask() -> CallbackRequest:
    return callback_request_create(
        submission=None,
        contact_phone="13800138000",
        consent=True,
        contact_name="王女士",
        source="phq9",
    )


def test_a_call_back_from_an_assessment_lands_in_the_queue(line: Line) -> None:
    callback = ask()
    queued = ContactRequest.objects.get()
    assert (queued.line, queued.source) == (line, ContactSource.ASSESSMENT)
    assert queued.reference == str(callback.public_id) and queued.contact_name == "王女士"
    assert queued.status == ContactStatus.OPEN and queued.caller is not None


def test_taking_and_closing_in_the_queue_moves_the_call_back(line: Line, operator: User) -> None:
    callback = ask()
    queued = ContactRequest.objects.get()
    contact_assign(actor=operator, request=queued, assignee=operator)
    callback.refresh_from_db()
    assert (callback.status, callback.handled_by) == (CallbackStatus.IN_PROGRESS, operator)
    assert callback.contact_phone == "+8613800138000"  # still needed while being handled

    contact_close(actor=operator, request=queued, outcome="reached")
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.CLOSED and callback.handled_by == operator
    assert callback.contact_phone == "" and callback.contact_name == ""  # wiped when handled
    entry = AuditEntry.objects.get(action="assessments.callback.closed")
    assert entry.details == {"from": "hotline"}


def test_a_refused_close_leaves_the_call_back_open(line: Line, operator: User) -> None:
    callback = ask()
    queued = ContactRequest.objects.get()
    with pytest.raises(ContactInvalid):
        contact_close(actor=operator, request=queued, outcome="nonsense")
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.OPEN and callback.contact_phone


# --- the queue page, where the old call-back list's staff now work ----------------------


def test_another_lines_operator_cannot_handle_the_call_back(
    line: Line, operator_b: User, login: Login
) -> None:
    callback = ask()
    queued = ContactRequest.objects.get()
    url = reverse(
        "staff:hotline:contact_act", kwargs={"contact": queued.public_id, "action": "close"}
    )
    assert login(operator_b).post(url, {"outcome": "reached"}).status_code == 404
    desk = reverse("staff:hotline:desk", kwargs={"line": line.public_id})
    assert login(operator_b).get(desk).status_code == 404
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.OPEN and callback.contact_phone


@pytest.mark.parametrize("size", [3, 30])
def test_the_queue_with_call_backs_keeps_its_query_budget(
    line: Line, operator: User, login: Login, size: int, django_assert_max_num_queries: Any
) -> None:
    for index in range(size):
        callback_request_create(
            submission=None, contact_phone=f"1380013{index:04d}", consent=True, source="phq9"
        )
    client = login(operator)
    desk = reverse("staff:hotline:desk", kwargs={"line": line.public_id})
    with django_assert_max_num_queries(30):
        response = client.get(desk)
    assert response.content.decode().count("data-contact=") == size
