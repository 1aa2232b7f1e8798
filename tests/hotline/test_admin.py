"""The roster in the admin: scoped to the supervisor's lines, writes audited."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from accounts.models import User
from hotline.models import Line, RosterPattern, ShiftTemplate
from network.models import AuditEntry, OrgUnit, Role
from tests.hotline.factories import ShiftTemplateFactory
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


def test_a_supervisor_sees_only_the_lines_of_their_reach(
    line: Line, other_line: Line, tree: dict[str, OrgUnit], login: Login
) -> None:
    supervisor_b = factories.staff("sup.b@example.com", Role.HOTLINE_SUPERVISOR, tree["district_b"])
    ShiftTemplateFactory(line=line, name="市中心白班")
    ShiftTemplateFactory(line=other_line, name="乙区白班")
    client = login(supervisor_b)
    html = client.get(reverse("admin:hotline_shifttemplate_changelist")).content.decode()
    assert "乙区白班" in html and "市中心白班" not in html
    outside = ShiftTemplate.objects.get(line=line)
    url = reverse("admin:hotline_shifttemplate_change", args=[outside.pk])
    assert client.get(url).status_code == 404


def test_operators_and_counsellors_get_no_roster_admin(
    line: Line, operator: User, counsellor_a: User, login: Login
) -> None:
    for user in (operator, counsellor_a):
        response = login(user).get(reverse("admin:hotline_line_changelist"))
        assert response.status_code == 403


def test_a_pattern_must_start_on_a_monday_and_saves_are_audited(
    line: Line, supervisor: User, login: Login
) -> None:
    client = login(supervisor)
    url = reverse("admin:hotline_rosterpattern_add")
    data = {
        "line": line.pk,
        "name": "轮班",
        "cycle_weeks": 1,
        "anchor": "2026-06-09",  # a Tuesday
        "valid_from": "2026-06-09",
        "is_active": "on",
    }
    response = client.post(url, data)
    assert "Choose a Monday." in response.content.decode()
    assert not RosterPattern.objects.exists()
    client.post(url, {**data, "anchor": "2026-06-08"})
    pattern = RosterPattern.objects.get()
    assert AuditEntry.objects.filter(
        action="hotline.rosterpattern.created", target_id=str(pattern.pk), actor=supervisor
    ).exists()


def test_a_template_crossing_midnight_is_saved(line: Line, supervisor: User, login: Login) -> None:
    login(supervisor).post(
        reverse("admin:hotline_shifttemplate_add"),
        {"line": line.pk, "name": "夜班", "starts": "22:00", "ends": "08:00"},
    )
    template = ShiftTemplate.objects.get()
    assert (template.starts, template.ends) == (time(22), time(8))
