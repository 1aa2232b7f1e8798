"""The analysts' counts page: counts over the lines in reach, small cells hidden, never a
narrative, a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from hotline.models import (
    Call,
    CallOutcome,
    CallStatus,
    CallTopic,
    CrisisIncident,
    Line,
    PetitionHearing,
    PetitionVisit,
)
from hotline.selectors.counts import hotline_counts
from network.models import OrgUnit
from tests.hotline.case_helpers import CONCERN, open_case
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")
COUNTS = reverse("staff:hotline:counts")
NARRATIVE = "工资被拖欠，老板威胁我"


def calls(line: Line, operator: User, n: int, *, channel: str = "phone", **extra: Any) -> None:
    topic = CallTopic.objects.get(code="labour-dispute")
    now = timezone.now()
    for _ in range(n):
        call = Call.objects.create(
            line=line,
            operator=operator,
            status=CallStatus.LOGGED,
            started_at=now - timedelta(hours=1),
            logged_at=now,
            caller_type="worker",
            outcome=CallOutcome.COUNSELLED,
            channel=channel,
            summary=NARRATIVE,
            **extra,
        )
        call.topics.add(topic)


def table(figures: Any, key: str) -> Any:
    return next(t for t in figures.tables if t.key == key)


def test_counts_by_month_with_small_cells_hidden_and_no_narrative(
    line: Line, operator: User, analyst: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    calls(line, operator, 12, gig_worker=True, district=tree["district_a"])
    calls(line, operator, 3, channel="chat")
    open_case(line, operator)
    visit = PetitionVisit.objects.create(
        line=line,
        counsellor=operator,
        day=date(2026, 6, 9),
        starts="09:00",
        ends="12:00",
        people_counselled=4,
    )
    PetitionHearing.objects.create(visit=visit, category="wages", summary=NARRATIVE)
    figures = hotline_counts(viewer=analyst)
    june = 5  # index of June
    channels = table(figures, "channel")
    chat = channels.columns.index("online chat")
    assert channels.rows[june].cells[chat] is None  # 3 calls: hidden
    assert channels.rows[0].cells[chat] == 0  # zeros are shown
    topics = table(figures, "topic")
    assert topics.rows[june].cells == (15,) and not topics.totals
    assert table(figures, "key_group").rows[june].cells == (12, 0, 0)
    assert table(figures, "cases_opened").rows[june].cells == (None,)  # one case
    assert figures.petition.visits == 1
    assert figures.petition.cases_heard is None and figures.petition.people_counselled is None

    page = login(analyst).get(COUNTS, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200 and "data-hidden" in html and ">15<" in html
    for narrative in (NARRATIVE, CONCERN, operator.email):
        assert narrative not in html


def test_the_median_acknowledgement_time_shows_from_ten_crises(
    line: Line, operator: User, analyst: User
) -> None:
    calls(line, operator, 10)
    now = timezone.now()
    for n, call in enumerate(Call.objects.order_by("pk")):
        CrisisIncident.objects.create(
            line=line,
            call=call,
            opened_at=now - timedelta(minutes=30),
            chain=[],
            first_acknowledged_at=now - timedelta(minutes=30 - (n + 1)),
        )
    figures = hotline_counts(viewer=analyst)
    assert figures.crises.total == 10 and figures.crises.median_ack_minutes == 5.5
    CrisisIncident.objects.filter(pk=CrisisIncident.objects.first().pk).delete()  # type: ignore[union-attr]
    figures = hotline_counts(viewer=analyst)
    assert figures.crises.total is None and figures.crises.median_ack_minutes is None


@pytest.mark.parametrize("who", ["counsellor_a", "worker"])
def test_others_cannot_open_the_counts(
    who: str, login: Login, request: pytest.FixtureRequest, line: Line
) -> None:
    response = login(request.getfixturevalue(who)).get(COUNTS)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "/login" in response["Location"] or "login" in response["Location"]


def test_a_district_lines_operator_counts_only_their_own_line(
    line: Line, operator: User, operator_b: User, login: Login
) -> None:
    calls(line, operator, 12)
    figures = hotline_counts(viewer=operator_b)
    assert all(cell in (0, None) for row in table(figures, "topic").rows for cell in row.cells)
    assert login(operator_b).get(COUNTS).status_code == 200


@pytest.mark.parametrize("size", [3, 40])
def test_the_counts_page_keeps_its_query_budget(
    line: Line,
    operator: User,
    analyst: User,
    login: Login,
    tree: dict[str, OrgUnit],
    size: int,
    django_assert_max_num_queries: Any,
) -> None:
    calls(line, operator, size, district=tree["district_a"])
    calls(line, operator, size, channel="chat", woman_worker=True)
    for _ in range(size // 3 + 1):
        open_case(line, operator)
    client = login(analyst)
    with django_assert_max_num_queries(16):
        response = client.get(COUNTS)
    assert response.status_code == 200


def test_the_staff_home_links_the_counts_for_analysts(analyst: User, login: Login) -> None:
    home = login(analyst).get(reverse("staff:home")).content.decode()
    assert COUNTS in home and reverse("staff:hotline:queue") not in home
