"""Repeat callers: recognised by a keyed HMAC, the number only ever encrypted, reveals audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import User
from core import crypto
from hotline import services
from hotline.models import Call, CallerFlag, CallerProfile, CallTopic, Line
from network.models import AuditEntry, OrgUnit
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("on_duty_now")

NUMBER = "139 1234 5678"
DIGITS = "13912345678"


def log_call(client: Any, line: Line, tree: dict[str, OrgUnit], **extra: Any) -> Call:
    response = client.post(reverse("staff:hotline:call_new", kwargs={"line": line.public_id}))
    call = Call.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])
    data = {
        "channel": "phone",
        "caller_type": "worker",
        "topics": [CallTopic.objects.get(code="emotions").pk],
        "risk": "none",
        "outcome": "counselled",
        "started_at": "2026-06-10T09:55",
        "caller_number": NUMBER,
        **extra,
    }
    url = reverse("staff:hotline:call", kwargs={"line": line.public_id, "call": call.public_id})
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    return call


def every_text_in_the_database() -> list[str]:
    """Every value of every column of every table, as text (a raw SQL scan)."""
    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                found.extend(
                    bytes(v).decode(errors="ignore")
                    if isinstance(v, bytes | memoryview)
                    else str(v)
                    for v in row
                    if v is not None
                )
    return found


def test_a_returning_caller_is_recognised_by_the_keyed_hash(
    line: Line, operator: User, operator2: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    first = log_call(login(operator), line, tree, risk="high")
    second = log_call(login(operator2), line, tree, caller_number="+86 139-1234-5678")
    assert first.caller is not None and first.caller == second.caller
    profile = CallerProfile.objects.get()
    assert profile.number_digest == crypto.number_digest("+8613912345678")
    assert CallerFlag.objects.filter(profile=profile, risk="high").count() == 1
    # The banner on the returning caller's screen: previous call, its flag, last operator.
    url = reverse("staff:hotline:call", kwargs={"line": line.public_id, "call": second.public_id})
    html = login(operator2).get(url).content.decode()
    assert "data-caller-banner" in html and "1 previous call." in html
    assert 'data-risk-flag="high"' in html and "until 2026-09-08" in html
    assert operator.display_name in html
    assert DIGITS not in html and "5678" not in html


def test_the_digest_depends_on_the_key(settings: Any) -> None:
    before = crypto.number_digest("+8613912345678")
    settings.HOTLINE_CALLER_KEY = "another-key-0123456789abcdefgh"
    assert crypto.number_digest("+8613912345678") != before


def test_no_column_of_any_table_holds_the_plain_number(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    log_call(client, line, tree)
    log_call(client, line, tree, caller_number="+8613912345678", risk="crisis")
    services.request_contact(source="partner", summary="请回电", phone=NUMBER, risk="high")
    texts = every_text_in_the_database()
    assert len(texts) > 100  # the scan did read the database
    assert CallerProfile.objects.count() == 1
    for text in texts:
        squeezed = "".join(ch for ch in text if ch.isdigit())
        assert DIGITS not in squeezed, "a plain number is stored somewhere"


def test_the_number_is_revealed_only_to_the_lines_operators_and_audited(
    line: Line, operator: User, operator_b: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    call = log_call(login(operator), line, tree)
    url = reverse(
        "staff:hotline:call_number", kwargs={"line": line.public_id, "call": call.public_id}
    )
    assert login(operator_b).post(url).status_code == 404
    assert not AuditEntry.objects.filter(action="hotline.caller.number_revealed").exists()
    response = login(operator).post(url)
    assert response.status_code == 200 and "+8613912345678" in response.content.decode()
    entry = AuditEntry.objects.get(action="hotline.caller.number_revealed")
    assert entry.actor == operator and entry.target_id == str(call.caller_id)
    assert DIGITS not in str(entry.details)


def test_an_expired_flag_leaves_the_banner(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    first = log_call(login(operator), line, tree, risk="crisis")
    CallerFlag.objects.update(expires_at=first.started_at)
    second = log_call(login(operator), line, tree)
    url = reverse("staff:hotline:call", kwargs={"line": line.public_id, "call": second.public_id})
    html = login(operator).get(url).content.decode()
    assert "data-caller-banner" in html and "data-risk-flag" not in html


def test_the_banner_appears_while_the_call_is_still_a_draft(
    line: Line, operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    log_call(client, line, tree, risk="crisis")
    response = client.post(reverse("staff:hotline:call_new", kwargs={"line": line.public_id}))
    call = Call.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])
    url = reverse(
        "staff:hotline:call_autosave", kwargs={"line": line.public_id, "call": call.public_id}
    )
    saved = client.post(url, {"caller_number": "13912345678"}).json()
    assert saved["saved"] and "Returning caller" in saved["banner"]
    assert 'data-risk-flag="crisis"' in saved["banner"] and DIGITS not in saved["banner"]
