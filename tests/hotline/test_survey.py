"""The post-contact satisfaction survey: sent by SMS with consent, one anonymous answer per
link, expiring, counted per line and month for the line's supervisors and the KPIs."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from core.errors import DomainError
from core.models import OutboxKind, OutboxMessage
from hotline import selectors, services
from hotline.errors import ErrorCode
from hotline.models import (
    Call,
    CallTopic,
    ContactRequest,
    Line,
    SurveyAnswer,
    SurveyInvitation,
)
from network.models import AuditEntry, OrgUnit
from tests.hotline.conftest import at
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("on_duty_now")
LINK = re.compile(r"/hotline/survey/([A-Za-z0-9_-]+)/")


def new_call(client: Any, line: Line) -> Call:
    response = client.post(reverse("staff:hotline:call_new", kwargs={"line": line.public_id}))
    assert response.status_code == 302
    return Call.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def complete(tree: dict[str, OrgUnit], **extra: Any) -> dict[str, Any]:
    """A complete call form (as tests/hotline/test_calls.py fills it)."""
    topic = CallTopic.objects.get(code="labour-dispute")
    return {
        "channel": "phone",
        "caller_type": "worker",
        "topics": [topic.pk],
        "risk": "low",
        "summary": "欠薪三个月，情绪低落",
        "outcome": "counselled",
        "started_at": "2026-06-10T09:52",
        "duration_seconds": "310",
        **extra,
    }


def sms_token() -> str:
    message = OutboxMessage.objects.filter(purpose="hotline.survey").latest("pk")
    assert message.kind == OutboxKind.SMS and message.payload["to"] == "+8613800138000"
    found = LINK.search(message.payload["text"])
    assert found is not None
    return found.group(1)


def log_call(client: Any, line: Line, tree: dict[str, OrgUnit], **extra: Any) -> Call:
    call = new_call(client, line)
    url = reverse("staff:hotline:call", kwargs={"line": line.public_id, "call": call.public_id})
    client.post(url, complete(tree, caller_number="13800138000", **extra))
    call.refresh_from_db()
    return call


def answer(token: str, helped: int = 4, again: bool = True, comment: str = "") -> SurveyAnswer:
    return services.survey_answer(
        token=token,
        data=services.SurveyData(helped=helped, would_call_again=again, comment=comment),
    )


def test_a_logged_call_with_consent_queues_the_survey_sms(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    call = log_call(login(operator), line, tree, survey_consent="on")
    assert call.status == "logged"
    invitation = SurveyInvitation.objects.get()
    assert (invitation.line, invitation.sent_on) == (line, date(2026, 6, 10))
    token = sms_token()
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    entry = AuditEntry.objects.get(action="hotline.survey.sent")
    assert entry.actor == operator and not entry.target_id and not entry.details


def test_without_consent_no_survey_is_sent(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    assert log_call(login(operator), line, tree).status == "logged"
    assert not SurveyInvitation.objects.exists()
    assert not OutboxMessage.objects.filter(purpose="hotline.survey").exists()


def test_consent_without_a_number_is_refused_and_nothing_is_logged(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    call = new_call(client, line)
    url = reverse("staff:hotline:call", kwargs={"line": line.public_id, "call": call.public_id})
    response = client.post(url, complete(tree, survey_consent="on"))
    assert response.status_code == 400
    assert "No number to send the survey to." in response.content.decode()
    call.refresh_from_db()
    assert call.status == "draft" and not SurveyInvitation.objects.exists()


def test_closing_a_contact_request_with_consent_sends_the_survey(
    line: Line, operator: User, login: Login
) -> None:
    waiting = services.request_contact(source="lecture", summary="请联系我", phone="13800138000")
    assert isinstance(waiting, ContactRequest)
    url = reverse(
        "staff:hotline:contact_act", kwargs={"contact": waiting.public_id, "action": "close"}
    )
    login(operator).post(url, {"outcome": "reached", "survey_consent": "on"})
    waiting.refresh_from_db()
    assert waiting.status == "closed"
    assert SurveyInvitation.objects.filter(line=line).count() == 1
    assert sms_token()


def test_a_link_is_answered_once_and_stores_no_identity(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit], client: Any
) -> None:
    log_call(login(operator), line, tree, survey_consent="on")
    token = sms_token()
    client.logout()
    url = reverse("hotline:survey", kwargs={"token": token})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Did we help you?" in page.content.decode()
    response = client.post(url, {"helped": "5", "would_call_again": "yes", "comment": "谢谢"})
    assert response.status_code == 302 and response["Location"] == reverse("hotline:survey_thanks")
    saved = SurveyAnswer.objects.get()
    assert (saved.line, saved.month, saved.helped, saved.would_call_again) == (
        line,
        date(2026, 6, 1),
        5,
        True,
    )
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 410
    assert "already been answered" in again.content.decode()
    with pytest.raises(DomainError) as refused:
        answer(token)
    assert refused.value.code == ErrorCode.SURVEY_USED
    assert SurveyAnswer.objects.count() == 1
    # No number, token, call or request anywhere in the survey's tables.
    call = Call.objects.get()
    for table in ("hotline_surveyinvitation", "hotline_surveyanswer"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            names = [column[0] for column in cursor.description]
            text = " ".join(str(value) for row in cursor.fetchall() for value in row)
        assert "13800138000" not in text and token not in text and str(call.public_id) not in text
        assert not {"call_id", "contact_request_id", "caller_id", "phone"} & set(names)


def test_a_link_expires_after_seven_days(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit], client: Any
) -> None:
    log_call(login(operator), line, tree, survey_consent="on")
    token = sms_token()
    url = reverse("hotline:survey", kwargs={"token": token})
    with time_machine.travel(at(2026, 6, 18, 0, 5), tick=False):
        with pytest.raises(DomainError) as refused:
            answer(token)
        assert refused.value.code == ErrorCode.SURVEY_EXPIRED
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "This survey link has expired" in page
        zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        with translation.override("zh-hans"):
            expired = gettext("This survey link has expired (links are valid for %(days)s days).")
        assert expired % {"days": 7} in zh
    with time_machine.travel(at(2026, 6, 17, 23, 50), tick=False):
        assert answer(token).helped == 4  # the seventh day still counts


def test_unknown_links_and_bad_answers_are_refused(client: Any, line: Line) -> None:
    page = client.get(
        reverse("hotline:survey", kwargs={"token": "made-up"}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 410 and "not valid" in page.content.decode()
    zh = client.get(
        reverse("hotline:survey", kwargs={"token": "made-up"}), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert zh.status_code == 410 and 'lang="zh-Hans"' in zh.content.decode()
    invitation = SurveyInvitation.objects.create(
        line=line,
        token_hash=services.survey.token_hash("t0k"),
        sent_on=date(2026, 6, 10),
        expires_on=date(2026, 6, 17),
    )
    with pytest.raises(services.SurveyRefused) as refused:
        answer("t0k", helped=6, comment="x" * 501)
    assert set(refused.value.fields) == {"helped", "comment"}
    invitation.refresh_from_db()
    assert not invitation.used and not SurveyAnswer.objects.exists()


def _sent(line: Line, day: date, count: int) -> list[str]:
    tokens = []
    for n in range(count):
        token = f"{line.pk}-{day}-{n}"
        SurveyInvitation.objects.create(
            line=line,
            token_hash=services.survey.token_hash(token),
            sent_on=day,
            expires_on=day + timedelta(days=7),
        )
        tokens.append(token)
    return tokens


def test_counts_per_month_hide_the_mean_of_small_groups(
    line: Line, supervisor: User, operator: User, login: Login, other_line: Line
) -> None:
    may = _sent(line, date(2026, 5, 20), 12)
    june = _sent(line, date(2026, 6, 8), 4)
    _sent(other_line, date(2026, 6, 2), 3)
    with time_machine.travel(at(2026, 5, 21, 9), tick=False):
        for n, token in enumerate(may[:10]):
            answer(token, helped=5 if n % 2 else 4)
    for token in june[:2]:
        answer(token, helped=1)
    counts = selectors.survey_monthly_counts(since=date(2026, 1, 1), until=date(2026, 12, 31))
    by = {(row.line_id, row.month): row for row in counts}
    assert (by[(line.pk, date(2026, 5, 1))].sent, by[(line.pk, date(2026, 5, 1))].answered) == (
        12,
        10,
    )
    assert str(by[(line.pk, date(2026, 5, 1))].mean_helped) == "4.5"
    assert by[(line.pk, date(2026, 6, 1))].answered == 2
    assert by[(other_line.pk, date(2026, 6, 1))].sent == 3

    months = {m.month: m for m in selectors.survey_months(viewer=supervisor, line=line)}
    assert months[date(2026, 5, 1)].mean_helped is not None
    assert months[date(2026, 6, 1)].mean_helped is None and months[date(2026, 6, 1)].withheld
    page = login(supervisor).get(reverse("staff:hotline:board", kwargs={"line": line.public_id}))
    html = page.content.decode()
    assert 'data-survey-month="2026-05"' in html and "<span data-mean>4.5</span>" in html
    assert "data-withheld" in html
    with pytest.raises(Exception):  # noqa: B017 - NotFound
        selectors.survey_months(viewer=operator, line=line)
