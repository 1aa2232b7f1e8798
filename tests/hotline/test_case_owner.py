"""A supervisor gives a case to another operator: audited, the new owner e-mailed
through the outbox; an operator cannot, and nobody outside the line can receive it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.errors import DomainError, NotFound, PermissionDenied
from core.models import OutboxMessage
from hotline.models import Line
from hotline.services.case_owner import case_reassign
from network.models import AuditEntry
from tests.hotline.case_helpers import CONCERN, open_case
from tests.network.personas import Login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wednesday_morning")]


def test_a_supervisor_reassigns_a_case_audited_and_the_new_owner_told(
    line: Line, operator: User, operator2: User, supervisor: User
) -> None:
    case = open_case(line, operator)
    case_reassign(actor=supervisor, case=case, owner=operator2)
    case.refresh_from_db()
    assert case.owner == operator2
    entry = AuditEntry.objects.get(action="hotline.case.reassigned")
    assert entry.actor == supervisor
    assert entry.details == {"from": operator.pk, "to": operator2.pk}
    mail = OutboxMessage.objects.get(purpose="hotline.case_reassigned")
    assert mail.payload["to"] == [operator2.email]
    assert CONCERN not in str(mail.payload)


def test_only_a_supervisor_reassigns_and_only_to_the_lines_people(
    line: Line, operator: User, operator2: User, supervisor: User, operator_b: User
) -> None:
    case = open_case(line, operator)
    with pytest.raises(PermissionDenied):
        case_reassign(actor=operator, case=case, owner=operator2)
    with pytest.raises(DomainError):
        case_reassign(actor=supervisor, case=case, owner=operator_b)
    with pytest.raises(NotFound):
        case_reassign(actor=operator_b, case=case, owner=operator_b)
    case.refresh_from_db()
    assert case.owner == operator
    assert not OutboxMessage.objects.filter(purpose="hotline.case_reassigned").exists()


def test_the_case_list_filters_flags_overdue_and_reassigns(
    line: Line, operator: User, operator2: User, supervisor: User, login: Login
) -> None:
    late = open_case(line, operator)
    late.steps.update(due_at=timezone.now() - timedelta(hours=2))
    other = open_case(line, operator2)
    url = reverse("staff:hotline:case_list", kwargs={"line": line.public_id})
    html = login(supervisor).get(url).content.decode()
    assert f'data-case-row="{late.public_id}"' in html
    assert f'data-case-row="{other.public_id}"' in html
    row = html.split(f'data-case-row="{late.public_id}"')[1].split("</tr>")[0]
    assert "data-overdue" in row and CONCERN not in html
    assert f'<option value="{operator.pk}" selected>' in row  # the give-to list: the owner
    other_row = html.split(f'data-case-row="{other.public_id}"')[1].split("</tr>")[0]
    assert f'<option value="{operator2.pk}" selected>' in other_row
    assert f'<option value="{operator.pk}">' in other_row
    only_late = login(supervisor).get(url, {"overdue": "1"}).content.decode()
    assert f'data-case-row="{other.public_id}"' not in only_late
    mine = login(supervisor).get(url, {"owner": operator2.pk}).content.decode()
    assert f'data-case-row="{late.public_id}"' not in mine
    assert login(operator).get(url).status_code == 404
    owner_url = reverse(
        "staff:hotline:case_owner", kwargs={"line": line.public_id, "case": late.public_id}
    )
    assert login(operator).post(owner_url, {"owner": operator2.pk}).status_code == 404
    assert login(supervisor).post(owner_url, {"owner": operator2.pk}).status_code == 302
    late.refresh_from_db()
    assert late.owner == operator2
    zh = login(supervisor).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "全部未结个案" in zh
