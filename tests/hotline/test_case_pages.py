"""Hotline case pages: open from the call, the case page (audited), changes, the desk."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from core import clock
from hotline.models import CaseStatus, HotlineCase, Line, RiskLevel
from hotline.services import cases as svc
from network.models import AuditEntry
from tests.hotline.case_helpers import CONCERN, logged_call, open_case
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def case_url(case: HotlineCase, action: str = "") -> str:
    kwargs = {"line": case.line.public_id, "case": case.public_id}
    if action:
        return reverse("staff:hotline:case_act", kwargs={**kwargs, "action": action})
    return reverse("staff:hotline:case", kwargs=kwargs)


def test_the_call_page_opens_a_case(line: Line, operator: User, login: Login) -> None:
    call = logged_call(line, operator)
    client = login(operator)
    view = reverse("staff:hotline:call", kwargs={"line": line.public_id, "call": call.public_id})
    assert "data-case-new-link" in client.get(view).content.decode()
    url = reverse("staff:hotline:case_new", kwargs={"line": line.public_id, "call": call.public_id})
    refused = client.post(url, {"concern": CONCERN, "next_kind": "follow_up_call"})
    assert refused.status_code == 400 and HotlineCase.objects.count() == 0
    assert 'data-error="next_due_on"' in refused.content.decode()
    due = (clock.today() + timedelta(days=2)).isoformat()
    response = client.post(
        url, {"concern": CONCERN, "next_kind": "follow_up_call", "next_due_on": due}
    )
    case = HotlineCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(case)


def test_the_case_page_is_audited_and_the_desk_lists_my_cases(
    line: Line, operator: User, operator_b: User, login: Login
) -> None:
    case = open_case(line, operator)
    page = login(operator).get(case_url(case))
    assert page.status_code == 200 and CONCERN in page.content.decode()
    assert AuditEntry.objects.filter(action="hotline.case.viewed", actor=operator).count() == 1
    assert login(operator_b).get(case_url(case)).status_code == 404
    desk = login(operator).get(reverse("staff:hotline:desk", kwargs={"line": line.public_id}))
    assert f'data-case="{case.public_id}"' in desk.content.decode()


def test_changes_through_the_page(line: Line, operator: User, login: Login) -> None:
    case = open_case(line, operator)
    client = login(operator)
    step = case.steps.get()
    client.post(case_url(case, "done"), {"step": step.pk})
    step.refresh_from_db()
    assert step.done_at is None  # the last step: refused, nothing changed
    client.post(
        case_url(case, "update"),
        {"concern": "新的描述", "notes": "", "risk": RiskLevel.CRISIS, "status": "open"},
    )
    case.refresh_from_db()
    assert case.concern == "新的描述" and case.steps.filter(is_crisis_followup=True).count() == 3
    client.post(case_url(case, "close"), {"outcome": "resolved"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_bad_input_changes_nothing(line: Line, operator: User, login: Login) -> None:
    case = open_case(line, operator)
    client = login(operator)
    response = client.post(case_url(case, "close"), {"outcome": "nonsense"}, follow=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert "Outcome" in response.content.decode() or "结案" in response.content.decode()
    past = (clock.today() - timedelta(days=1)).isoformat()
    client.post(case_url(case, "step"), {"next_kind": "visit", "next_due_on": past})
    assert case.steps.count() == 1


def test_every_label_of_the_case_page_points_at_its_own_field(
    line: Line, operator: User, supervisor: User, login: Login
) -> None:
    """The page holds a form per open step and per referral besides the others, with
    fields of the same names: each keeps its own ids, so a label (and a screen reader, or
    a click on it) reaches its own form's field."""
    due = clock.today() + timedelta(days=3)
    case = open_case(line, operator, next_kind="referral", next_due_on=due, referral_to="legal_aid")
    svc.step_add(actor=operator, case=case, kind="visit", due_on=due, referral_to="")
    page = login(supervisor).get(case_url(case)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    targets = re.findall(r'<label for="([^"]+)"', page)
    assert len(targets) > 20 and set(targets) <= set(ids)
    assert len(targets) == len(set(targets))  # one label per field
    assert 'id="update_risk"' in page and 'for="update_risk"' in page
