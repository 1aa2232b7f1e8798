"""The supervisor's board: calls today by hour, open cases by age, overdue next steps,
the petition-desk figures; supervisors only; a query count that does not grow."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from hotline.models import Call, CallStatus, HotlineCase, Line, NextStep
from hotline.selectors import board
from hotline.services import petition as petition_svc
from tests.hotline.case_helpers import open_case
from tests.hotline.conftest import at
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")

BOARD_BUDGET = 26  # as tests/hotline/test_query_budgets.py


def board_url(line: Line) -> str:
    return reverse("staff:hotline:board", kwargs={"line": line.public_id})


def call_at(line: Line, operator: User, hh: int, mm: int = 0, day: int = 10) -> Call:
    moment = at(2026, 6, day, hh, mm)
    return Call.objects.create(
        line=line,
        operator=operator,
        status=CallStatus.LOGGED,
        started_at=moment,
        logged_at=moment,
        caller_type="worker",
        outcome="counselled",
    )


def grow(line: Line, operator: User, n: int) -> None:
    """n calls today, n open cases of various ages with overdue steps, n visits."""
    for i in range(n):
        call_at(line, operator, i % 9, i)
        case = open_case(line, operator)
        HotlineCase.objects.filter(pk=case.pk).update(
            created_at=timezone.now() - timedelta(days=i * 5)
        )
        NextStep.objects.filter(case=case).update(due_at=timezone.now() - timedelta(hours=i + 1))
        visit = petition_svc.visit_log(
            actor=operator,
            line=line,
            day=date(2026, 6, 1 + i),
            starts=time(9),
            ends=time(11),
            people_counselled=1,
        )
        petition_svc.hearing_add(
            actor=operator, visit=visit, category="wages", summary="欠薪", one_to_one=True
        )


def test_the_blocks_count_what_they_say(line: Line, operator: User, supervisor: User) -> None:
    call_at(line, operator, 0, 5)
    call_at(line, operator, 8, 10)
    call_at(line, operator, 8, 40)
    call_at(line, operator, 23, 50, day=9)  # yesterday: not today
    hours = board.calls_today_by_hour(viewer=supervisor, line=line)
    assert [(h.hour, h.calls) for h in hours if h.calls] == [(0, 1), (8, 2)]
    assert hours[8].percent == 100 and hours[0].percent == 50 and len(hours) == 24
    fresh = open_case(line, operator)
    old = open_case(line, operator)
    HotlineCase.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    ages = board.open_cases_by_age(viewer=supervisor, line=line)
    assert ages == {"under_1": 1, "1_to_3": 0, "3_to_7": 0, "7_to_30": 1, "over_30": 0}
    assert board.overdue_next_steps(viewer=supervisor, line=line).total == 0
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        overdue = board.overdue_next_steps(viewer=supervisor, line=line)
    assert overdue.total == 2 and {s.case for s in overdue.shown} == {fresh, old}


def test_the_board_is_for_supervisors_only(
    line: Line, operator: User, supervisor: User, operator_b: User, login: Login
) -> None:
    assert login(operator).get(board_url(line)).status_code == 404
    assert login(operator_b).get(board_url(line)).status_code == 404
    page = login(supervisor).get(board_url(line))
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-calls-by-hour" in html and "data-case-ages" in html
    assert "data-petition-figures" in html


def test_the_board_keeps_its_budget(
    line: Line,
    operator: User,
    supervisor: User,
    login: Login,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    """The same number of queries with 1 and with 7 of everything, within the budget."""
    client = login(supervisor)
    counts = []
    for size, total in ((1, 1), (6, 7)):
        grow(line, operator, size)
        with django_assert_max_num_queries(BOARD_BUDGET) as captured:
            response = client.get(board_url(line))
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("data-overdue-step=") == total
        assert f"<td data-visits>{total}</td>" in html
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_board_is_in_chinese(line: Line, supervisor: User, login: Login) -> None:
    client = login(supervisor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    html = client.get(board_url(line)).content.decode()
    assert "今日各时段来电" in html and "未结案件(按时长)" in html and "没有逾期的下一步" in html
