"""The call form: drafts autosaved, logging checked, keyboard-first markup, who may."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from hotline.models import Call, CallStatus, CallTopic, Line, RiskLevel, WelfareEvent
from network.models import AuditEntry, OrgUnit
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("on_duty_now")


def new_call(client: Any, line: Line) -> Call:
    response = client.post(reverse("staff:hotline:call_new", kwargs={"line": line.public_id}))
    assert response.status_code == 302
    return Call.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def call_url(call: Call, name: str = "call") -> str:
    return reverse(
        f"staff:hotline:{name}", kwargs={"line": call.line.public_id, "call": call.public_id}
    )


def desk_url(line: Line) -> str:
    return reverse("staff:hotline:desk", kwargs={"line": line.public_id})


def complete(tree: dict[str, OrgUnit], **extra: Any) -> dict[str, Any]:
    topics = CallTopic.objects.filter(code__in=["work-stress", "labour-dispute"])
    data = {
        "channel": "phone",
        "caller_type": "worker",
        "topics": [t.pk for t in topics],
        "gig_worker": "on",
        "district": tree["district_a"].pk,
        "risk": "low",
        "summary": "欠薪三个月，情绪低落",
        "outcome": "counselled",
        "started_at": "2026-06-10T09:52",
        "duration_seconds": "310",
    }
    data.update(extra)
    return data


def test_topics_are_seeded_and_editable_in_the_admin(db: None) -> None:
    codes = set(CallTopic.objects.values_list("code", flat=True))
    assert {"emotions", "work-stress", "labour-dispute", "crisis", "other"} <= codes
    assert CallTopic.objects.count() == 9


def test_new_call_opens_a_draft_with_the_time_prefilled(
    line: Line, operator: User, login: Login
) -> None:
    client = login(operator)
    call = new_call(client, line)
    assert call.status == CallStatus.DRAFT and call.operator == operator
    html = client.get(call_url(call)).content.decode()
    assert 'value="2026-06-10T10:00"' in html  # the time, prefilled
    assert "data-timer" in html and "data-autosave-url" in html


def test_the_form_is_keyboard_first(line: Line, operator: User, login: Login) -> None:
    client = login(operator)
    html = client.get(call_url(new_call(client, line))).content.decode()
    focused = re.findall(r"<input[^>]* autofocus[^>]*>", html)
    assert len(focused) == 1 and 'name="channel"' in focused[0] and 'value="phone"' in focused[0]
    assert 'accesskey="n"' in html and 'aria-keyshortcuts="N"' in html
    assert 'aria-keyshortcuts="Control+Enter"' in html
    assert "js/hotline.js" in html
    # Tab order follows the page: channel, caller, number, topics … outcome, then time.
    order = [
        html.index(f'name="{n}"')
        for n in (
            "channel",
            "caller_type",
            "caller_number",
            "topics",
            "district",
            "risk",
            "summary",
            "outcome",
            "started_at",
        )
    ]
    assert order == sorted(order)
    assert not re.search(r'tabindex="[1-9]', html)  # no tab order forced out of the page's


def test_a_complete_call_is_logged(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    call = new_call(client, line)
    response = client.post(call_url(call), complete(tree))
    assert response.status_code == 302 and response["Location"] == desk_url(line)
    call.refresh_from_db()
    assert call.status == CallStatus.LOGGED and call.logged_at is not None
    assert call.duration_seconds == 310 and call.gig_worker and call.district == tree["district_a"]
    assert {t.code for t in call.topics.all()} == {"work-stress", "labour-dispute"}
    entry = AuditEntry.objects.get(action="hotline.call.logged")
    assert "欠薪" not in json.dumps(entry.details, ensure_ascii=False)
    assert "The call is logged." in client.get(desk_url(line)).content.decode()


def test_a_call_whose_outcome_is_case_opened_goes_on_to_the_case_form(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    call = new_call(client, line)
    response = client.post(call_url(call), complete(tree, outcome="case_opened"))
    assert response.status_code == 302 and response["Location"] == call_url(call, "case_new")
    page = client.get(response["Location"]).content.decode()
    assert "The call is logged." in page and "data-case-new" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"caller_type": ""}, "caller_type", "This field is required."),
        ({"topics": []}, "topics", "This field is required."),
        ({"outcome": "maybe"}, "outcome", "Select a valid choice."),
        ({"started_at": "2026-06-11T10:00"}, "started_at", "cannot be in the future"),
        ({"caller_number": "12345"}, "caller_number", "not a valid phone number"),
        ({"district": "999999"}, "district", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    change: dict[str, Any],
    field: str,
    message: str,
    line: Line,
    operator: User,
    login: Login,
    tree: dict[str, OrgUnit],
) -> None:
    client = login(operator)
    call = new_call(client, line)
    response = client.post(call_url(call), complete(tree, **change))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-error="{field}"' in html and message in html
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT and call.summary == ""


def test_a_station_is_not_a_district(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    call = new_call(client, line)
    response = client.post(call_url(call), complete(tree, district=tree["station_a1"].pk))
    assert response.status_code == 400 and "Select a valid choice." in response.content.decode()


def test_the_draft_autosaves_and_reopens(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    call = new_call(client, line)
    partial = {"channel": "chat", "summary": "说到一半", "duration_seconds": "42", "risk": "none"}
    response = client.post(call_url(call, "call_autosave"), partial)
    assert response.status_code == 200 and response.json()["saved"] is True
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT and call.summary == "说到一半"
    assert call.channel == "chat" and call.duration_seconds == 42
    # The browser closed: the desk lists the draft, reopening shows what was typed.
    desk = client.get(desk_url(line)).content.decode()
    assert f'data-draft="{call.public_id}"' in desk
    assert "说到一半" in client.get(call_url(call)).content.decode()


def test_a_bad_autosave_answers_400_and_keeps_the_draft(
    line: Line, operator: User, login: Login
) -> None:
    client = login(operator)
    call = new_call(client, line)
    client.post(call_url(call, "call_autosave"), {"summary": "第一版"})
    response = client.post(
        call_url(call, "call_autosave"), {"summary": "第二版", "duration_seconds": "-3"}
    )
    assert response.status_code == 400 and "duration_seconds" in response.json()["errors"]
    call.refresh_from_db()
    assert call.summary == "第一版"


def test_a_crisis_call_counts_in_the_operators_welfare(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    call = new_call(client, line)
    client.post(call_url(call), complete(tree, risk=RiskLevel.CRISIS))
    call.refresh_from_db()
    assert call.is_crisis
    assert WelfareEvent.objects.filter(person=operator, source=f"call:{call.pk}").count() == 1


def test_another_operators_draft_is_refused(
    line: Line, operator: User, operator2: User, login: Login, tree: dict[str, OrgUnit], client: Any
) -> None:
    call = new_call(login(operator), line)
    other = login(operator2)
    assert other.post(call_url(call, "call_autosave"), {"summary": "x"}).status_code == 403
    assert other.post(call_url(call), complete(tree)).status_code == 403
    call.refresh_from_db()
    assert call.summary == "" and call.status == CallStatus.DRAFT


@pytest.mark.parametrize("who", ["operator_b", "counsellor_a", "cadre_a"])
def test_outsiders_reach_no_call_page(
    who: str,
    line: Line,
    operator: User,
    login: Login,
    request: pytest.FixtureRequest,
    tree: dict[str, OrgUnit],
) -> None:
    call = new_call(login(operator), line)
    client = login(request.getfixturevalue(who))
    assert client.get(desk_url(line)).status_code == 404
    assert client.get(call_url(call)).status_code == 404
    assert client.post(call_url(call, "call_autosave"), {"summary": "x"}).status_code == 404
    assert client.post(call_url(call), complete(tree)).status_code == 404
    assert (
        client.post(reverse("staff:hotline:call_new", kwargs={"line": line.public_id})).status_code
        == 404
    )
    call.refresh_from_db()
    assert call.summary == "" and Call.objects.count() == 1


def test_a_draft_is_discarded(line: Line, operator: User, login: Login) -> None:
    client = login(operator)
    call = new_call(client, line)
    assert client.post(call_url(call, "call_discard")).status_code == 302
    assert not Call.objects.filter(pk=call.pk).exists()


def test_supervisors_edit_the_topic_list_in_the_admin(
    operator: User, supervisor: User, login: Login
) -> None:
    url = reverse("admin:hotline_calltopic_add")
    data = {"code": "housing", "name": "住房", "position": "20", "is_active": "on"}
    assert login(operator).post(url, data).status_code == 403
    assert not CallTopic.objects.filter(code="housing").exists()
    assert login(supervisor).post(url, data).status_code == 302
    assert CallTopic.objects.filter(code="housing", name="住房").exists()
    assert AuditEntry.objects.filter(action="hotline.topic.created", actor=supervisor).exists()


def test_a_logged_call_is_read_only_and_each_reading_audited(
    line: Line, operator: User, operator2: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    call = new_call(client, line)
    client.post(call_url(call), complete(tree))
    html = login(operator2).get(call_url(call)).content.decode()
    assert "data-call-view" in html and "欠薪三个月" in html and "data-call-form" not in html
    assert AuditEntry.objects.filter(action="hotline.call.viewed", actor=operator2).count() == 1
    assert login(operator).post(call_url(call), complete(tree, summary="改")).status_code == 404
    saved = login(operator).post(call_url(call, "call_autosave"), {"summary": "改"})
    assert saved.status_code == 400
    call.refresh_from_db()
    assert call.summary == "欠薪三个月，情绪低落"
