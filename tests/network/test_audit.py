"""The audit log: one line in a service, never edited or deleted."""

from __future__ import annotations

import pytest

from accounts.models import User
from network import audit
from network.models import AuditEntry, OrgUnit

pytestmark = pytest.mark.django_db


def test_services_write_audit_entries(tree: dict[str, OrgUnit]) -> None:
    entry = AuditEntry.objects.filter(action="network.unit.created").first()
    assert entry is not None
    assert entry.target_type == "network.orgunit"
    assert entry.unit_path


def test_entries_cannot_be_changed_or_deleted(tree: dict[str, OrgUnit], cadre_a: User) -> None:
    entry = audit.record(actor=cadre_a, action="test.thing.done", unit=tree["district_a"])
    entry.action = "test.thing.undone"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing.done"
