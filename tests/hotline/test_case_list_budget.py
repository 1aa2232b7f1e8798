"""The supervisor's list of all open cases reads a fixed number of queries: the same at
5 cases as at 50 (owners, next steps, overdue flags and the filters' people included)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from hotline.models import HotlineCase, Line
from tests.hotline.case_helpers import open_case
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")
BUDGET = 20


def cases(line: Line, owners: list[User], n: int) -> None:
    for i in range(n):
        case = open_case(line, owners[i % len(owners)])
        if i % 3 == 0:  # some overdue, some with a crisis follow-up plan
            case.steps.update(due_at=timezone.now() - timedelta(hours=i + 1))


def count_queries(client: Any, url: str, **params: Any) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_case_list_reads_as_many_queries_at_5_and_at_50_cases(
    line: Line,
    operator: User,
    operator2: User,
    supervisor: User,
    login: Login,
    django_assert_max_num_queries: Any,
) -> None:
    url = reverse("staff:hotline:case_list", kwargs={"line": line.public_id})
    client = login(supervisor)
    cases(line, [operator, operator2], 5)
    client.get(url)  # the session and the memberships are read once per client
    small, html = count_queries(client, url)
    assert html.count("data-case-row=") == 5
    cases(line, [operator, operator2, supervisor], 45)
    assert HotlineCase.objects.count() == 50
    large, html = count_queries(client, url)
    assert html.count("data-case-row=") == 50
    assert large == small
    with django_assert_max_num_queries(BUDGET):
        client.get(url, {"overdue": "1"})
    filtered, _html = count_queries(client, url, owner=operator.pk)
    assert filtered <= small + 1
