"""The roster's staff pages: what each persona sees, the swap flow through the web."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from hotline import selectors
from hotline.models import Duty, Line, Shift, SwapRequest, SwapStatus
from network.models import OrgUnit, Role
from tests.hotline.conftest import Weekly, at
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _wednesday() -> Iterator[None]:
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=False):
        yield


def roster_url(line: Line) -> str:
    return reverse("staff:hotline:roster", kwargs={"line": line.public_id})


def board_url(line: Line) -> str:
    return reverse("staff:hotline:board", kwargs={"line": line.public_id})


def test_the_roster_shows_four_weeks_gaps_and_who_is_on_duty(
    weekly: Weekly, line: Line, operator: User, supervisor: User, login: Login
) -> None:
    weekly(
        time(8), time(0), [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)], name="白班"
    )
    response = login(operator).get(roster_url(line))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-day=") == 28
    assert 'class="gap" data-gap' in html and "⚠" in html and "Gap" in html  # not colour alone
    assert "27 gaps in the next four weeks." in html
    assert "data-on-duty" in html
    assert response.context["on_duty"].operators == [operator]


def test_every_hotline_page_shows_on_duty_now(
    full_week: None, line: Line, supervisor: User, login: Login
) -> None:
    client = login(supervisor)
    for url in (roster_url(line), board_url(line)):
        assert "data-on-duty" in client.get(url).content.decode()


def test_the_board_lists_gaps_welfare_and_swaps(
    weekly: Weekly, line: Line, operator: User, supervisor: User, login: Login
) -> None:
    line.night_shift_limit = 2
    line.save()
    weekly(time(0), time(8), [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)])
    html = login(supervisor).get(board_url(line)).content.decode()
    assert "Roster gaps in the next four weeks" in html and "data-gap" in html
    assert "data-welfare-warning" in html and "Too many night shifts" in html


def test_the_nav_links_the_roster_for_hotline_roles_only(
    line: Line, operator: User, counsellor_a: User, login: Login
) -> None:
    url = reverse("staff:hotline:lines")
    assert url in login(operator).get(reverse("staff:home")).content.decode()
    assert url not in login(counsellor_a).get(reverse("staff:home")).content.decode()


def test_one_line_opens_its_operators_screen_directly(
    line: Line, operator: User, login: Login
) -> None:
    response = login(operator).get(reverse("staff:hotline:lines"))
    desk = reverse("staff:hotline:desk", kwargs={"line": line.public_id})
    assert response.status_code == 302 and response["Location"] == desk


@pytest.mark.parametrize("who", ["operator_b", "counsellor_a", "cadre_a"])
def test_outsiders_cannot_see_the_roster(
    who: str, line: Line, full_week: None, request: pytest.FixtureRequest, login: Login
) -> None:
    client = login(request.getfixturevalue(who))
    assert client.get(roster_url(line)).status_code == 404
    assert client.get(board_url(line)).status_code == 404
    ref = selectors.roster_shifts(line, at(2026, 6, 11, 8), at(2026, 6, 11, 9))[0].ref
    cancel = reverse("staff:hotline:shift_cancel", kwargs={"line": line.public_id})
    assert client.post(cancel, {"ref": ref}).status_code == 404
    assert not Shift.objects.exists()


def test_a_worker_is_sent_to_sign_in(line: Line, worker: User, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(worker)
    response = client.get(roster_url(line))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_operator_cannot_open_the_board_or_cancel_shifts(
    full_week: None, line: Line, operator: User, login: Login
) -> None:
    client = login(operator)
    assert client.get(board_url(line)).status_code == 404
    ref = selectors.roster_shifts(line, at(2026, 6, 11, 8), at(2026, 6, 11, 9))[0].ref
    cancel = reverse("staff:hotline:shift_cancel", kwargs={"line": line.public_id})
    assert client.post(cancel, {"ref": ref}).status_code == 404
    assert not Shift.objects.exists()


def test_an_operator_of_another_line_cannot_act_on_its_swaps(
    full_week: None, line: Line, operator: User, operator2: User, operator_b: User, login: Login
) -> None:
    from hotline import services

    ref = selectors.roster_shifts(line, at(2026, 6, 11, 8), at(2026, 6, 11, 9))[0].ref
    swap = services.swap_request_create(actor=operator, line=line, ref=ref, colleague=operator2)
    url = reverse("staff:hotline:swap_act", kwargs={"swap": swap.public_id, "action": "accept"})
    assert login(operator_b).post(url).status_code == 404
    swap.refresh_from_db()
    assert swap.status == SwapStatus.PENDING


def test_the_swap_flow_through_the_pages(
    full_week: None,
    line: Line,
    operator: User,
    supervisor: User,
    tree: dict[str, OrgUnit],
    login: Login,
    client,  # type: ignore[no-untyped-def]
) -> None:
    spare = factories.staff("spare@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    ref = selectors.roster_shifts(line, at(2026, 6, 11, 8), at(2026, 6, 11, 9))[0].ref
    new = reverse("staff:hotline:swap_new", kwargs={"line": line.public_id}) + f"?shift={ref}"
    login(operator)
    assert client.get(new).status_code == 200
    response = client.post(new, {"colleague": spare.pk, "counter_ref": "", "note": ""})
    assert response.status_code == 302
    swap = SwapRequest.objects.get()
    login(spare)
    accept = reverse("staff:hotline:swap_act", kwargs={"swap": swap.public_id, "action": "accept"})
    client.post(accept)
    login(supervisor)
    approve = reverse(
        "staff:hotline:swap_act", kwargs={"swap": swap.public_id, "action": "approve"}
    )
    client.post(approve)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    html = client.get(roster_url(line)).content.decode()
    assert "spare" in html or spare.display_name in html


def test_a_refused_swap_says_why(
    weekly: Weekly, line: Line, operator: User, operator2: User, login: Login
) -> None:
    weekly(time(8), time(16), [(operator, Duty.OPERATOR)], name="早")
    weekly(time(12), time(20), [(operator2, Duty.OPERATOR)], name="中")
    ref = selectors.roster_shifts(line, at(2026, 6, 11, 8), at(2026, 6, 11, 9))[0].ref
    new = reverse("staff:hotline:swap_new", kwargs={"line": line.public_id}) + f"?shift={ref}"
    response = login(operator).post(new, {"colleague": operator2.pk})
    assert response.status_code == 400
    assert "is already on an overlapping shift" in response.content.decode()
    assert not SwapRequest.objects.exists()


def test_only_ones_own_upcoming_shift_can_be_offered(
    full_week: None, line: Line, operator2: User, login: Login
) -> None:
    ref = selectors.roster_shifts(line, at(2026, 6, 11, 8), at(2026, 6, 11, 9))[0].ref
    new = reverse("staff:hotline:swap_new", kwargs={"line": line.public_id}) + f"?shift={ref}"
    assert login(operator2).get(new).status_code == 404


def test_the_pages_are_translated(
    full_week: None, line: Line, supervisor: User, login: Login
) -> None:
    client = login(supervisor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    html = client.get(board_url(line)).content.decode()
    assert "值班" in html and "未来四周的排班空缺" in html
    html = client.get(roster_url(line)).content.decode()
    assert "排班表" in html
