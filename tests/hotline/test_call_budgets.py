"""Query budgets of the operator's screen and the call form: the count does not grow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from hotline import services
from hotline.models import Call, CallTopic, Line
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("on_duty_now")

DESK_BUDGET = 25
CALL_BUDGET = 25


def grow(line: Line, operator: User, n: int) -> Call:
    """n logged calls from one returning caller, n drafts, n contact requests."""
    topics = list(CallTopic.objects.all()[:2])
    for i in range(n):
        call = services.call_start(actor=operator, line=line)
        data = services.CallData(
            started_at=timezone.now() - timedelta(hours=i + 1),
            caller_type="worker",
            topics=topics,
            risk="high",
            outcome="counselled",
            caller_number="13912345678",
        )
        services.call_log(actor=operator, call=call, data=data)
        services.call_start(actor=operator, line=line)
        services.request_contact(source="partner", summary=f"请求 {i}", phone="13912345678")
    current = services.call_start(actor=operator, line=line)
    services.call_draft_save(
        actor=operator, call=current, data=services.CallData(caller_number="13912345678")
    )
    return current


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_desk_and_the_call_form_keep_their_budget(
    line: Line, operator: User, supervisor: User, login: Login
) -> None:
    desk = reverse("staff:hotline:desk", kwargs={"line": line.public_id})
    figures = []
    for n in (1, 7):
        current = grow(line, operator, n)
        call = reverse(
            "staff:hotline:call", kwargs={"line": line.public_id, "call": current.public_id}
        )
        client = login(operator)
        figures.append((count(client, desk), count(client, call)))
        figures.append((count(login(supervisor), desk), 0))
    assert figures[0] == figures[2] and figures[1] == figures[3], figures
    assert all(d <= DESK_BUDGET and c <= CALL_BUDGET for d, c in figures), figures
