"""Office hours, exceptions, rooms and pods in the admin, scoped to each administrator."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from appointments.models import (
    AvailabilityException,
    AvailabilityRule,
    Case,
    FollowUp,
    Pod,
    Referral,
    Room,
    SessionNote,
    Slot,
)
from core import clock
from network.models import AuditEntry, OrgUnit, Role
from tests.appointments.factories import weekly_rule
from tests.network import factories
from tests.network.conftest import Login

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"admin:appointments_{name}", args=args)


@pytest.fixture
def counsellor_b(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("counsellor.b1@example.com", Role.COUNSELLOR, tree["station_b1"])


@pytest.fixture
def rules(
    tree: dict[str, OrgUnit], counsellor_a: User, counsellor_b: User
) -> tuple[AvailabilityRule, AvailabilityRule]:
    return (
        weekly_rule(counsellor_a, tree["station_a1"], weekday=1),
        weekly_rule(counsellor_b, tree["station_b1"], weekday=2),
    )


def rule_form(
    counsellor: User, station: OrgUnit, room: Room | None = None, **extra: Any
) -> dict[str, Any]:
    data = {
        "counsellor": counsellor.pk,
        "station": station.pk,
        "mode": "in_person",
        "room": room.pk if room else "",
        "recurrence": "weekly",
        "weekday": (clock.today().weekday() + 2) % 7,
        "weeks_of_month": "[]",
        "start_time": "09:00",
        "end_time": "12:00",
        "slot_minutes": "50",
        "buffer_minutes": "10",
        "horizon_days": "28",
        "valid_from": (clock.today() - timedelta(days=1)).isoformat(),
        "valid_until": "",
        "is_active": "on",
    }
    data.update(extra)
    return data


def test_confidential_models_are_not_in_the_admin() -> None:
    for model in (Case, SessionNote, FollowUp, Referral):
        assert not admin.site.is_registered(model)
    for model in (AvailabilityRule, AvailabilityException, Room, Pod):
        assert admin.site.is_registered(model)


def test_a_district_admin_sees_only_its_rules_and_rooms(
    login: Login,
    tree: dict[str, OrgUnit],
    cadre_a: User,
    rules: tuple[AvailabilityRule, AvailabilityRule],
    room: Room,
) -> None:
    other_room = Room.objects.create(station=tree["station_b1"], name="乙一咨询室")
    client = login(cadre_a)
    listed = client.get(url("availabilityrule_changelist")).context["cl"].result_list
    assert [r.pk for r in listed] == [rules[0].pk]
    listed = client.get(url("room_changelist")).context["cl"].result_list
    assert [r.pk for r in listed] == [room.pk]
    assert client.get(url("room_change", other_room.pk)).status_code == 404


def test_the_outsider_cannot_open_another_districts_rule(
    login: Login, cadre_b: User, rules: tuple[AvailabilityRule, AvailabilityRule]
) -> None:
    client = login(cadre_b)
    rule_a = rules[0]
    assert client.get(url("availabilityrule_change", rule_a.pk)).status_code == 404
    assert client.get(url("availabilityrule_delete", rule_a.pk)).status_code == 404
    assert client.post(url("availabilityrule_change", rule_a.pk), {}).status_code == 404
    assert AvailabilityRule.objects.filter(pk=rule_a.pk).exists()
    assert client.get(url("availabilityrule_change", rules[1].pk)).status_code == 200


def test_counsellors_and_analysts_do_not_get_in(
    login: Login, counsellor_a: User, analyst: User
) -> None:
    for user in (counsellor_a, analyst):
        assert login(user).get(url("availabilityrule_changelist")).status_code == 403


def test_choices_are_limited_to_the_reach(
    login: Login,
    tree: dict[str, OrgUnit],
    cadre_a: User,
    counsellor_a: User,
    counsellor_b: User,
    room: Room,
) -> None:
    Room.objects.create(station=tree["station_b1"], name="乙一咨询室")
    form = login(cadre_a).get(url("availabilityrule_add")).context["adminform"].form
    stations = set(form.fields["station"].queryset.values_list("pk", flat=True))
    assert tree["station_a1"].pk in stations and tree["station_b1"].pk not in stations
    assert tree["district_b"].pk not in stations
    counsellors = set(form.fields["counsellor"].queryset.values_list("pk", flat=True))
    assert counsellors == {counsellor_a.pk}
    rooms = set(form.fields["room"].queryset.values_list("pk", flat=True))
    assert rooms == {room.pk}


def test_a_station_or_counsellor_outside_is_refused(
    login: Login,
    tree: dict[str, OrgUnit],
    cadre_a: User,
    counsellor_a: User,
    counsellor_b: User,
) -> None:
    client = login(cadre_a)
    outside_station = client.post(
        url("availabilityrule_add"), rule_form(counsellor_a, tree["station_b1"])
    )
    assert outside_station.status_code == 200
    assert "station" in outside_station.context["adminform"].form.errors
    outside_counsellor = client.post(
        url("availabilityrule_add"), rule_form(counsellor_b, tree["station_a1"])
    )
    assert "counsellor" in outside_counsellor.context["adminform"].form.errors
    assert not AvailabilityRule.objects.exists()
    assert not Slot.objects.exists()


def test_a_rule_offers_no_notice_of_its_own(login: Login, cadre_a: User) -> None:
    # The notice is network-wide (APPOINTMENT_MIN_NOTICE_HOURS); a per-rule field was
    # editable here and never read, so a counsellor's "24 hours" silently meant 12.
    form = login(cadre_a).get(url("availabilityrule_add")).context["adminform"].form
    assert "min_notice_hours" not in form.fields
    assert "horizon_days" in form.fields
    assert "min_notice_hours" not in {f.name for f in AvailabilityRule._meta.get_fields()}


def test_saving_a_rule_creates_slots_and_an_audit_entry(
    login: Login, tree: dict[str, OrgUnit], cadre_a: User, counsellor_a: User, room: Room
) -> None:
    response = login(cadre_a).post(
        url("availabilityrule_add"), rule_form(counsellor_a, tree["station_a1"], room)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule = AvailabilityRule.objects.get()
    slots = Slot.objects.filter(counsellor=counsellor_a)
    assert slots.count() >= 4 * 3  # four weeks, three sessions each
    assert set(slots.values_list("rule_id", flat=True)) == {rule.pk}
    entry = AuditEntry.objects.get(action="appointments.office_hours.created")
    assert entry.actor == cadre_a and entry.unit_path == tree["station_a1"].path

    # Shortening the hours regenerates: the last session of each day goes.
    before = slots.count()
    form = rule_form(counsellor_a, tree["station_a1"], room, end_time="11:00")
    response = login(cadre_a).post(url("availabilityrule_change", rule.pk), form)
    assert response.status_code == 302
    assert Slot.objects.filter(counsellor=counsellor_a).count() < before
    assert AuditEntry.objects.filter(action="appointments.office_hours.updated").exists()


def test_a_leave_day_removes_that_days_slots(
    login: Login, tree: dict[str, OrgUnit], cadre_a: User, counsellor_a: User
) -> None:
    from appointments import services

    rule = weekly_rule(counsellor_a, tree["station_a1"], weekday=(clock.today().weekday() + 2) % 7)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    leave_day = clock.today() + timedelta(days=2)
    assert Slot.objects.filter(rule=rule, starts_at__date=leave_day).exists()
    response = login(cadre_a).post(
        url("availabilityexception_add"),
        {
            "counsellor": counsellor_a.pk,
            "date": leave_day.isoformat(),
            "kind": "leave",
            "slot_minutes": "50",
            "buffer_minutes": "10",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Slot.objects.filter(rule=rule, starts_at__date=leave_day).exists()
    entry = AuditEntry.objects.get(action="appointments.office_hours_exception.created")
    assert entry.unit_path == tree["station_a1"].path
    exception = AvailabilityException.objects.get()
    # The leave of a district A counsellor is not district B's business.
    assert login(cadre_a).get(url("availabilityexception_change", exception.pk)).status_code == 200


def test_the_outsider_does_not_see_district_a_leave(
    login: Login, tree: dict[str, OrgUnit], cadre_b: User, counsellor_a: User
) -> None:
    leave = AvailabilityException.objects.create(
        counsellor=counsellor_a, date=clock.today(), kind="leave"
    )
    client = login(cadre_b)
    assert client.get(url("availabilityexception_change", leave.pk)).status_code == 404
    listed = client.get(url("availabilityexception_changelist")).context["cl"].result_list
    assert list(listed) == []


def test_deleting_a_rule_goes_through_the_service(
    login: Login, tree: dict[str, OrgUnit], cadre_a: User, counsellor_a: User
) -> None:
    from appointments import services

    rule = weekly_rule(counsellor_a, tree["station_a1"], weekday=3)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    assert Slot.objects.filter(counsellor=counsellor_a).exists()
    response = login(cadre_a).post(url("availabilityrule_delete", rule.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not AvailabilityRule.objects.exists()
    assert not Slot.objects.filter(counsellor=counsellor_a).exists()
    assert AuditEntry.objects.filter(action="appointments.office_hours.deleted").exists()


def test_rooms_and_pods_are_saved_with_an_audit_entry(
    login: Login, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    client = login(cadre_a)
    response = client.post(
        url("room_add"), {"station": tree["station_a1"].pk, "name": "咨询室二", "is_active": "on"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="appointments.room.created").exists()
    refused = client.post(
        url("room_add"), {"station": tree["station_b1"].pk, "name": "越界", "is_active": "on"}
    )
    assert refused.status_code == 200 and not Room.objects.filter(name="越界").exists()
    response = client.post(
        url("pod_add"),
        {
            "station": tree["station_a1"].pk,
            "kind": "pod",
            "name": "情绪调节舱一",
            "weekdays": "[0, 1, 2, 3, 4]",
            "opens_at": time(9).isoformat(),
            "closes_at": time(17).isoformat(),
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AuditEntry.objects.filter(action="appointments.pod.created").exists()
