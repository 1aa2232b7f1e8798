"""A supervisor gives a case to another operator: audited, the new owner e-mailed
through the outbox; an operator cannot, and nobody outside the line can receive it."""

from __future__ import annotations

import pytest

from accounts.models import User
from core.errors import DomainError, NotFound, PermissionDenied
from core.models import OutboxMessage
from hotline.models import Line
from hotline.services.case_owner import case_reassign
from network.models import AuditEntry
from tests.hotline.case_helpers import CONCERN, open_case

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
