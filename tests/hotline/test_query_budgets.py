"""Query budgets of the roster pages, at two data sizes: the count must not grow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from hotline import services
from hotline.models import Duty, Line
from network.models import OrgUnit, Role
from tests.hotline.case_helpers import open_case
from tests.hotline.conftest import Weekly, at
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

ROSTER_BUDGET = 15
BOARD_BUDGET = 29  # roster blocks 20 + calls by hour, case ages, overdue, petition (6) + crises (1)
# + the satisfaction survey's months (2)
CASE_LIST_BUDGET = 12  # session, user, line, on duty (5), cases, next steps, people


@pytest.fixture(autouse=True)
def _wednesday() -> Iterator[None]:
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=False):
        yield


def grow(line: Line, weekly: Weekly, tree: dict[str, OrgUnit], supervisor: User, n: int) -> None:
    """n more people on overlapping shifts, and n changed occurrences."""
    people = [
        factories.staff(f"extra{i}@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
        for i in range(n)
    ]
    for i, person in enumerate(people):
        weekly(time(i % 24), time((i + 4) % 24), [(person, Duty.OPERATOR)], name=f"加{i}")
    for i in range(n):
        start = at(2026, 6, 12, 0) + timedelta(days=i, hours=1)
        services.shift_add_extra(
            actor=supervisor,
            line=line,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            people=[(supervisor, Duty.SUPERVISOR)],
        )


def pages(line: Line) -> list[tuple[str, int]]:
    return [
        (reverse("staff:hotline:roster", kwargs={"line": line.public_id}), ROSTER_BUDGET),
        (reverse("staff:hotline:board", kwargs={"line": line.public_id}), BOARD_BUDGET),
    ]


@pytest.mark.parametrize("size", [0, 6])
def test_the_roster_pages_keep_their_budget(
    size: int,
    full_week: None,
    line: Line,
    weekly: Weekly,
    tree: dict[str, OrgUnit],
    supervisor: User,
    login: Login,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    grow(line, weekly, tree, supervisor, size)
    client = login(supervisor)
    for url, budget in pages(line):
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200


def _case_pages_queries(line: Line, operator: User, supervisor: User, login: Login) -> list[int]:
    counts = []
    for user, name in ((supervisor, "case_list"), (operator, "desk")):
        client = login(user)
        url = reverse(f"staff:hotline:{name}", kwargs={"line": line.public_id})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    return counts


def test_the_case_list_and_the_operators_screen_do_not_grow_with_the_cases(
    line: Line, operator: User, operator2: User, supervisor: User, login: Login
) -> None:
    """The supervisor's list of open cases (with a give-to list per row) and the
    operator's screen (my open cases): the same queries for 2 cases as for 12."""
    for owner in (operator, operator2):
        open_case(line, owner)
    few = _case_pages_queries(line, operator, supervisor, login)
    for i in range(10):
        open_case(line, (operator, operator2)[i % 2])
    assert _case_pages_queries(line, operator, supervisor, login) == few
    assert few[0] <= CASE_LIST_BUDGET
