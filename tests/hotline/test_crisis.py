"""Crisis escalation: the alert reaches the supervisor on duty, escalates along the chain
frozen at the start, an acknowledged-but-open crisis lapses after an unconfirmed
reminder, and resolving needs the protocol checklist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from core.errors import NotFound
from core.models import OutboxMessage
from hotline import services
from hotline.models import (
    CallOutcome,
    CallTopic,
    CrisisIncident,
    EscalationChain,
    EscalationStep,
    Line,
    RiskLevel,
    StepKind,
    StepTarget,
)
from network.models import AuditEntry
from tests.hotline.case_helpers import open_case
from tests.hotline.conftest import at
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("on_duty_now")

Frozen = Callable[[datetime], time_machine.travel]
START = at(2026, 6, 10, 10, 0)


def sent_to(address: str) -> list[OutboxMessage]:
    return [
        m
        for m in OutboxMessage.objects.order_by("pk")
        if address in (m.payload.get("to") or []) or m.payload.get("to") == address
    ]


def crisis_request(line: Line) -> CrisisIncident:
    found = services.request_contact(source="lecture", summary="想结束生命", risk=RiskLevel.CRISIS)
    assert found is not None
    return CrisisIncident.objects.get(contact_request=found)


def checklist(**kw: object) -> services.Checklist:
    values: dict[str, object] = {
        "safety_assessed": True,
        "emergency_contacted": False,
        "emergency_reason": "来电人已在家属陪同下",
        "person_informed": "家属",
        "followup_arranged": True,
        **kw,
    }
    return services.Checklist(**values)  # type: ignore[arg-type]


def test_a_crisis_request_alerts_the_supervisor_on_duty_by_sms_and_email(
    line: Line, supervisor: User
) -> None:
    supervisor.phone = "+8613800000001"
    supervisor.save(update_fields=["phone"])
    incident = crisis_request(line)
    assert incident.step == 0 and incident.notified_at is not None
    messages = sent_to(supervisor.email) + sent_to("+8613800000001")
    assert {m.kind for m in messages} == {"sms", "email"}
    assert all("想结束生命" not in str(m.payload) for m in OutboxMessage.objects.all())
    # The same source again: the same incident, no second alert.
    services.crisis_open(line=line, contact_request=incident.contact_request)
    assert CrisisIncident.objects.count() == 1 and len(sent_to(supervisor.email)) == 1


def test_a_case_raised_to_crisis_opens_one_incident(
    line: Line, operator: User, supervisor: User
) -> None:
    case = open_case(line, operator)
    for _ in range(2):
        services.case_update(
            actor=operator, case=case, concern=case.concern, notes="", risk="crisis", status="open"
        )
    assert CrisisIncident.objects.filter(case=case).count() == 1
    assert sent_to(supervisor.email)


def test_escalation_follows_the_chain_frozen_at_the_start(
    line: Line, supervisor: User, supervisor2: User, operator2: User, frozen: Frozen
) -> None:
    chain = EscalationChain.objects.create(line=line)
    EscalationStep.objects.create(
        chain=chain, position=0, target=StepTarget.ON_DUTY_SUPERVISOR, wait_minutes=5
    )
    EscalationStep.objects.create(
        chain=chain, position=1, target=StepTarget.USER, user=supervisor2, wait_minutes=10
    )
    incident = crisis_request(line)
    # A later edit of the chain does not change the running incident.
    chain.steps.all().delete()
    EscalationStep.objects.create(chain=chain, target=StepTarget.USER, user=operator2)
    assert services.crisis_tick(now=START + timedelta(minutes=4)) == 0
    assert not sent_to(supervisor2.email)
    with frozen(START + timedelta(minutes=5)):
        assert services.crisis_tick() == 1
    incident.refresh_from_db()
    assert incident.step == 1 and len(sent_to(supervisor2.email)) == 1
    assert not sent_to(operator2.email)
    # The last step is alerted again after its wait until someone acknowledges.
    assert services.crisis_tick(now=START + timedelta(minutes=14)) == 0
    assert services.crisis_tick(now=START + timedelta(minutes=15)) == 1
    assert len(sent_to(supervisor2.email)) == 2
    with frozen(START + timedelta(minutes=16)):
        services.crisis_acknowledge(actor=supervisor2, incident=incident)
    assert services.crisis_tick(now=START + timedelta(minutes=30)) == 0
    incident.refresh_from_db()
    assert incident.time_to_acknowledge == timedelta(minutes=16)


def test_an_acknowledged_open_crisis_lapses_after_an_unconfirmed_reminder(
    line: Line, supervisor: User, frozen: Frozen
) -> None:
    incident = crisis_request(line)
    with frozen(START + timedelta(minutes=2)):
        services.crisis_acknowledge(actor=supervisor, incident=incident)
    remind = settings.HOTLINE_CRISIS_REMIND_MINUTES
    confirm = settings.HOTLINE_CRISIS_CONFIRM_MINUTES
    alerts = len(sent_to(supervisor.email))
    assert services.crisis_tick(now=START + timedelta(minutes=2 + remind - 1)) == 0
    reminded = START + timedelta(minutes=2 + remind)
    assert services.crisis_tick(now=reminded) == 1
    incident.refresh_from_db()
    assert incident.reminder_sent_at == reminded and incident.acknowledged_at is not None
    assert len(sent_to(supervisor.email)) == alerts + 1
    assert services.crisis_tick(now=reminded + timedelta(minutes=confirm)) == 1
    incident.refresh_from_db()
    assert incident.acknowledged_at is None and incident.acknowledged_by is None
    assert incident.reverted_count == 1
    assert len(sent_to(supervisor.email)) == alerts + 2  # alerted again: escalation resumes
    assert incident.time_to_acknowledge == timedelta(minutes=2)  # the KPI keeps the first
    assert AuditEntry.objects.filter(action="hotline.crisis.acknowledgement_lapsed").exists()


def test_a_confirmed_reminder_keeps_the_acknowledgement(
    line: Line, supervisor: User, frozen: Frozen
) -> None:
    incident = crisis_request(line)
    services.crisis_acknowledge(actor=supervisor, incident=incident)
    remind = settings.HOTLINE_CRISIS_REMIND_MINUTES
    services.crisis_tick(now=START + timedelta(minutes=remind))
    with frozen(START + timedelta(minutes=remind + 1)):
        services.crisis_confirm_reminder(actor=supervisor, incident=incident)
    assert services.crisis_tick(now=START + timedelta(minutes=remind + 20)) == 0
    incident.refresh_from_db()
    assert incident.acknowledged_by == supervisor and incident.reminder_sent_at is None


def test_resolve_refuses_without_the_checklist(
    line: Line, supervisor: User, frozen: Frozen
) -> None:
    incident = crisis_request(line)
    for missing in (
        {"safety_assessed": False},
        {"emergency_contacted": None},
        {"emergency_reason": " "},
        {"person_informed": ""},
        {"followup_arranged": False},
    ):
        with pytest.raises(services.CrisisInvalid) as error:
            services.crisis_resolve(actor=supervisor, incident=incident, data=checklist(**missing))
        assert set(error.value.fields) == set(missing)
    incident.refresh_from_db()
    assert incident.resolved_at is None and not incident.safety_assessed
    with frozen(START + timedelta(minutes=40)):
        services.crisis_resolve(actor=supervisor, incident=incident, data=checklist())
    incident.refresh_from_db()
    assert incident.time_to_resolve == timedelta(minutes=40)
    assert incident.person_informed == "家属" and incident.emergency_contacted is False
    assert AuditEntry.objects.filter(action="hotline.crisis.resolved").count() == 1
    assert services.crisis_tick(now=START + timedelta(hours=3)) == 0


def test_an_outsider_cannot_acknowledge(line: Line, operator_b: User) -> None:
    incident = crisis_request(line)
    with pytest.raises(NotFound):
        services.crisis_acknowledge(actor=operator_b, incident=incident)
    incident.refresh_from_db()
    assert incident.acknowledged_at is None


def test_the_beat_job_runs_every_minute() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["hotline-crisis-tick"]
    assert entry == {"task": "hotline.crisis_tick", "schedule": 60.0}
    from hotline import tasks

    assert tasks.crisis_tick.name == "hotline.crisis_tick"


def alerts_html(login: Login, user: User) -> str:
    response = login(user).get(reverse("staff:hotline:crisis_alerts"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_alert_fragment_lists_the_crisis_for_the_line_only(
    line: Line, supervisor: User, operator: User, operator_b: User, login: Login
) -> None:
    incident = crisis_request(line)
    marker = f'data-crisis="{incident.public_id}"'
    assert marker in alerts_html(login, supervisor)
    assert marker in alerts_html(login, operator)
    assert marker not in alerts_html(login, operator_b)
    page = reverse("staff:hotline:crisis", kwargs={"incident": incident.public_id})
    assert login(operator_b).get(page).status_code == 404
    # Every hotline page polls the fragment.
    desk = login(operator).get(reverse("staff:hotline:desk", kwargs={"line": line.public_id}))
    assert reverse("staff:hotline:crisis_alerts") in desk.content.decode()
    assert "every 12s" in desk.content.decode()
    services.crisis_acknowledge(actor=supervisor, incident=incident)
    assert marker not in alerts_html(login, supervisor)


def test_the_incident_page_acknowledges_and_resolves(
    line: Line, supervisor: User, login: Login
) -> None:
    incident = crisis_request(line)
    client = login(supervisor)
    page = reverse("staff:hotline:crisis", kwargs={"incident": incident.public_id})
    assert "data-incident" in client.get(page).content.decode()

    def act(action: str, **data: str) -> Any:
        url = reverse(
            "staff:hotline:crisis_act", kwargs={"incident": incident.public_id, "action": action}
        )
        return client.post(url, data)

    assert act("acknowledge").status_code == 302
    incident.refresh_from_db()
    assert incident.acknowledged_by == supervisor
    refused = act("resolve", emergency_contacted="no", person_informed="家属")
    assert refused.status_code == 400 and 'data-error="safety_assessed"' in refused.content.decode()
    incident.refresh_from_db()
    assert incident.resolved_at is None
    done = act(
        "resolve",
        safety_assessed="on",
        emergency_contacted="yes",
        emergency_reason="已报警110",
        person_informed="家属",
        followup_arranged="on",
    )
    assert done.status_code == 302
    incident.refresh_from_db()
    assert incident.resolved_by == supervisor and incident.emergency_contacted is True
    assert act("explode").status_code == 404


def test_a_supervisor_sets_the_chain_up_in_the_admin(
    line: Line, supervisor: User, supervisor2: User, login: Login
) -> None:
    client = login(supervisor)
    url = reverse("admin:hotline_escalationchain_add")

    def post(**step: object) -> Any:
        return client.post(
            url,
            {
                "line": line.pk,
                "steps-TOTAL_FORMS": "1",
                "steps-INITIAL_FORMS": "0",
                "steps-MIN_NUM_FORMS": "0",
                "steps-MAX_NUM_FORMS": "1000",
                "steps-0-position": "0",
                "steps-0-wait_minutes": "3",
                **{f"steps-0-{k}": v for k, v in step.items()},
            },
        )

    refused = post(target=StepTarget.USER)
    assert refused.status_code in (200, 400), refused.status_code
    assert not EscalationStep.objects.exists()
    post(target=StepTarget.USER, user=supervisor2.pk)
    step = EscalationStep.objects.get()
    assert step.user == supervisor2 and step.chain.line == line
    assert AuditEntry.objects.filter(action="hotline.escalationstep.created").exists()
    incident = crisis_request(line)
    assert incident.chain == [{"target": "user", "user": supervisor2.pk, "wait_minutes": 3}]


def test_a_crisis_call_opens_an_incident_and_its_case_joins_it(
    line: Line, operator: User, supervisor: User
) -> None:
    call = services.call_start(actor=operator, line=line)
    data = services.CallData(
        started_at=START - timedelta(minutes=10),
        caller_type="worker",
        topics=list(CallTopic.objects.all()[:1]),
        risk=RiskLevel.CRISIS,
        summary="说想跳楼",
        outcome=CallOutcome.CASE_OPENED,
    )
    services.call_log(actor=operator, call=call, data=data)
    incident = CrisisIncident.objects.get(call=call)
    assert incident.line == line and sent_to(supervisor.email)
    assert all("跳楼" not in str(m.payload) for m in OutboxMessage.objects.all())
    case = services.case_open_from_call(
        actor=operator,
        call=call,
        concern="想跳楼",
        next_kind=StepKind.FOLLOW_UP_CALL,
        next_due_on=(START + timedelta(days=1)).date(),
    )
    incident.refresh_from_db()
    assert incident.case == case and CrisisIncident.objects.count() == 1


def test_the_board_shows_the_acknowledgement_time(
    line: Line, supervisor: User, login: Login, frozen: Frozen
) -> None:
    incident = crisis_request(line)
    with frozen(START + timedelta(minutes=7)):
        services.crisis_acknowledge(actor=supervisor, incident=incident)
        board = reverse("staff:hotline:board", kwargs={"line": line.public_id})
        html = login(supervisor).get(board).content.decode()
    row = html.split(f'data-board-crisis="{incident.public_id}"')[1].split("</tr>")[0]
    assert "<td data-ack-minutes>7</td>" in row


def test_the_operators_screen_lists_open_crises_until_resolved(
    line: Line, supervisor: User, operator: User, operator_b: User, login: Login
) -> None:
    waiting, acknowledged = crisis_request(line), crisis_request(line)
    services.crisis_acknowledge(actor=supervisor, incident=acknowledged)
    desk = reverse("staff:hotline:desk", kwargs={"line": line.public_id})
    html = login(operator).get(desk).content.decode()
    section = html.split("data-desk-crises")[1].split("</section>")[0]
    first = section.split(f'data-desk-crisis="{waiting.public_id}"')[1]
    assert "data-unacknowledged" in first.split("</li>")[0]
    assert f'data-desk-crisis="{acknowledged.public_id}"' in first  # unacknowledged first
    later = first.split(f'data-desk-crisis="{acknowledged.public_id}"')[1].split("</li>")[0]
    assert "data-unacknowledged" not in later and "still open" in later
    services.crisis_resolve(actor=supervisor, incident=acknowledged, data=checklist())
    html = login(operator).get(desk).content.decode()
    assert f'data-desk-crisis="{acknowledged.public_id}"' not in html
    zh = login(operator).get(desk, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "危机警报" in zh and "尚未确认" in zh
