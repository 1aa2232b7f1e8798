"""The network in the Django admin: each administrator inside its own subtree."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import User
from network import access, audit, services
from network.models import (
    AuditEntry,
    Level,
    Membership,
    OrgUnit,
    PartnerApp,
    Role,
    StationProfile,
)
from tests.network import factories
from tests.network.conftest import ALL_ROLES, Login

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"admin:network_{name}", args=args)


def no_station_inline() -> dict[str, str]:
    return {
        "station-TOTAL_FORMS": "0",
        "station-INITIAL_FORMS": "0",
        "station-MIN_NUM_FORMS": "0",
        "station-MAX_NUM_FORMS": "1",
    }


def form_data(response: Any) -> dict[str, Any]:
    """The POST a browser would send back for an admin change page, unchanged."""

    def put(data: dict[str, Any], key: str, value: Any) -> None:
        if value is None or value is False:
            return
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, date | datetime | time):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)

    data: dict[str, Any] = {}
    form = response.context["adminform"].form
    for name in form.fields:
        put(data, form.add_prefix(name), form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            put(data, management.add_prefix(name), management[name].value())
        for sub in formset.forms:
            for name in sub.fields:
                put(data, sub.add_prefix(name), sub[name].value())
    return data


# --- who gets in -----------------------------------------------------------------------


def test_admin_index_shows_the_network_models_to_a_district_admin(
    login: Login, cadre_a: User
) -> None:
    html = login(cadre_a).get(reverse("admin:index")).content.decode()
    for model in ("orgunit", "stationprofile", "membership", "auditentry", "unitgroup"):
        assert f"/admin/network/{model}/" in html
    assert "/admin/network/partnerapp/" not in html  # centre administrators only
    assert "/admin/accounts/user/" not in html


@pytest.mark.parametrize("persona", ["counsellor_a", "analyst"])
def test_other_staff_get_no_network_models(
    login: Login, persona: str, request: pytest.FixtureRequest
) -> None:
    client = login(request.getfixturevalue(persona))
    html = client.get(reverse("admin:index")).content.decode()
    assert "/admin/network/" not in html
    assert client.get(url("orgunit_changelist")).status_code == 403


def test_district_admin_lists_only_its_subtree(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(cadre_a).get(url("orgunit_changelist"))
    assert response.status_code == 200
    listed = {unit.name for unit in response.context["cl"].result_list}
    assert listed == {tree[key].name for key in ("district_a", "station_a1", "room_a1r", "room_ar")}


def test_units_of_another_district_are_not_found(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    for key in ("district_b", "station_b1", "centre"):
        pk = tree[key].pk
        assert client.get(url("orgunit_change", pk)).status_code == 404
        assert client.get(url("orgunit_history", pk)).status_code == 404
        assert client.post(url("orgunit_change", pk), {"name": "x"}).status_code == 404
    station_b1 = StationProfile.objects.get(unit=tree["station_b1"])
    assert client.get(url("stationprofile_change", station_b1.pk)).status_code == 404
    assert client.get(url("orgunit_change", 999_999)).status_code == 404


def test_partner_apps_are_for_centre_admins_only(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    app, _key = services.partner_app_create(
        actor=factories.superuser(), name="工会 App", scopes=["stations:read"]
    )
    client = login(cadre_a)
    assert client.get(url("partnerapp_changelist")).status_code == 403
    assert client.get(url("partnerapp_change", app.pk)).status_code == 404
    assert client.get(url("partnerapp_add")).status_code == 403


# --- creating and moving units ---------------------------------------------------------


def test_creating_a_unit_under_an_outside_parent_is_refused(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    form = client.get(url("orgunit_add")).context["adminform"].form
    offered = set(form.fields["parent"].queryset)
    assert tree["district_b"] not in offered
    assert tree["station_a1"] in offered
    assert Level.CENTRE not in dict(form.fields["level"].choices)

    before = OrgUnit.objects.count()
    response = client.post(
        url("orgunit_add"),
        {
            "name": "伪造驿站",
            "level": Level.STATION,
            "parent": tree["district_b"].pk,  # forged: not on the list
            **no_station_inline(),
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert OrgUnit.objects.count() == before
    assert not AuditEntry.objects.filter(details__level=Level.STATION, actor=cadre_a).exists()


def test_creating_a_station_in_its_district_works_and_is_audited(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(cadre_a).post(
        url("orgunit_add"),
        {
            "name": "甲二心灵驿站",
            "level": Level.STATION,
            "parent": tree["district_a"].pk,
            **no_station_inline(),
            "station-TOTAL_FORMS": "1",
            "station-0-address": "甲区某路 1 号",
            "station-0-lat": "36.07",
            "station-0-lng": "120.38",
            "station-0-host_kind": "union_station",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = OrgUnit.objects.get(name="甲二心灵驿站")
    assert unit.parent == tree["district_a"]
    assert unit.path.startswith(tree["district_a"].path)
    assert unit.depth == 2
    assert StationProfile.objects.get(unit=unit).address == "甲区某路 1 号"
    entry = AuditEntry.objects.get(action="network.unit.created", target_id=str(unit.pk))
    assert entry.actor == cadre_a
    assert entry.unit_path == unit.path


def test_a_level_rule_refused_by_the_service_comes_back_on_the_form(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    """A district cannot hang under a district: the service says so, on the parent field."""
    before = (OrgUnit.objects.count(), AuditEntry.objects.count())
    response = login(cadre_a).post(
        url("orgunit_add"),
        {
            "name": "错层分中心",
            "level": Level.DISTRICT,
            "parent": tree["district_a"].pk,
            **no_station_inline(),
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "parent" in form.errors
    assert form["name"].value() == "错层分中心"  # the input is kept
    assert (OrgUnit.objects.count(), AuditEntry.objects.count()) == before


def test_moving_a_unit_in_the_admin_moves_its_subtree(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(centre_admin)
    station = tree["station_a1"]
    page = client.get(url("orgunit_change", station.pk))
    data = form_data(page)
    data["parent"] = str(tree["district_b"].pk)
    response = client.post(url("orgunit_change", station.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    station.refresh_from_db()
    room = OrgUnit.objects.get(pk=tree["room_a1r"].pk)
    assert station.parent == tree["district_b"]
    assert station.path.startswith(tree["district_b"].path)
    assert room.path.startswith(station.path)
    assert room.depth == station.depth + 1
    assert AuditEntry.objects.filter(action="network.unit.moved", actor=centre_admin).exists()
    # The station profile posted back with the form is untouched.
    assert StationProfile.objects.get(unit=station).phone == "0532-80000001"


def test_a_district_admin_cannot_move_a_unit_out_of_its_district(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    station = tree["station_a1"]
    data = form_data(client.get(url("orgunit_change", station.pk)))
    data["parent"] = str(tree["district_b"].pk)
    response = client.post(url("orgunit_change", station.pk), data)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    station.refresh_from_db()
    assert station.parent == tree["district_a"]


def test_the_top_of_ones_reach_cannot_be_moved(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(cadre_a).get(url("orgunit_change", tree["district_a"].pk))
    assert response.status_code == 200
    assert "parent" not in response.context["adminform"].form.fields


def test_renaming_and_deactivating_in_the_form_go_through_services(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    station = tree["station_a1"]
    data = form_data(client.get(url("orgunit_change", station.pk)))
    data["name"] = "甲一驿站（新址）"
    data.pop("is_active")
    response = client.post(url("orgunit_change", station.pk), data)
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.name == "甲一驿站（新址）"
    assert not station.is_active
    assert not OrgUnit.objects.get(pk=tree["room_a1r"].pk).is_active
    actions = set(AuditEntry.objects.filter(actor=cadre_a).values_list("action", flat=True))
    assert {"network.unit.renamed", "network.unit.deactivated"} <= actions


def test_deactivate_and_reactivate_actions(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    station = tree["station_a1"]
    response = client.post(
        url("orgunit_changelist"), {"action": "deactivate", "_selected_action": [station.pk]}
    )
    assert response.status_code == 302
    assert not OrgUnit.objects.get(pk=station.pk).is_active
    assert not OrgUnit.objects.get(pk=tree["room_a1r"].pk).is_active

    client.post(
        url("orgunit_changelist"), {"action": "reactivate", "_selected_action": [station.pk]}
    )
    assert OrgUnit.objects.get(pk=station.pk).is_active
    assert AuditEntry.objects.filter(action="network.unit.reactivated", actor=cadre_a).exists()


def test_actions_cannot_reach_outside_units(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    login(cadre_a).post(
        url("orgunit_changelist"),
        {"action": "deactivate", "_selected_action": [tree["station_b1"].pk]},
    )
    assert OrgUnit.objects.get(pk=tree["station_b1"].pk).is_active


def test_units_are_never_deleted(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(centre_admin)
    assert client.get(url("orgunit_delete", tree["room_ar"].pk)).status_code == 403


# --- memberships -----------------------------------------------------------------------


def grant(client: Client, user: User, unit: OrgUnit, role: str) -> Any:
    return client.post(url("membership_add"), {"user": user.email, "unit": unit.pk, "role": role})


def test_a_district_admin_cannot_grant_centre_admin(
    login: Login, cadre_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    form = client.get(url("membership_add")).context["adminform"].form
    assert Role.CENTRE_ADMIN not in dict(form.fields["role"].choices)
    assert Role.UNIT_ADMIN in dict(form.fields["role"].choices)

    response = grant(client, worker, tree["district_a"], Role.CENTRE_ADMIN)  # forged
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=worker).exists()


def test_granting_outside_the_district_is_refused(
    login: Login, cadre_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    response = grant(login(cadre_a), worker, tree["station_b1"], Role.COUNSELLOR)
    assert "unit" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=worker).exists()


def test_granting_a_role_goes_through_the_service(
    login: Login, cadre_a: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    response = grant(login(cadre_a), worker, tree["station_a1"], Role.COUNSELLOR)
    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = Membership.objects.get(user=worker)
    assert (membership.unit, membership.role, membership.granted_by) == (
        tree["station_a1"],
        Role.COUNSELLOR,
        cadre_a,
    )
    worker.refresh_from_db()
    assert worker.is_staff
    assert AuditEntry.objects.filter(action="network.membership.granted", actor=cadre_a).exists()


def test_a_service_refusal_on_grant_is_shown_on_the_form(
    login: Login, centre_admin: User, worker: User, tree: dict[str, OrgUnit]
) -> None:
    """A centre administrator belongs to the city centre: the service names the unit field."""
    response = grant(login(centre_admin), worker, tree["district_a"], Role.CENTRE_ADMIN)
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=worker).exists()


def test_deleting_a_membership_revokes_it(
    login: Login, cadre_a: User, counsellor_a: User, tree: dict[str, OrgUnit]
) -> None:
    membership = Membership.objects.get(user=counsellor_a)
    client = login(cadre_a)
    response = client.post(url("membership_delete", membership.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="network.membership.revoked", actor=cadre_a).exists()


def test_memberships_outside_or_above_are_out_of_reach(
    login: Login, cadre_a: User, cadre_b: User, centre_admin: User
) -> None:
    client = login(cadre_a)
    outsider = Membership.objects.get(user=cadre_b)
    above = Membership.objects.get(user=centre_admin)
    assert client.get(url("membership_change", outsider.pk)).status_code == 404
    assert client.post(url("membership_delete", above.pk), {"post": "yes"}).status_code == 404
    assert Membership.objects.filter(pk__in=[outsider.pk, above.pk]).count() == 2


# --- the audit log in the admin ----------------------------------------------------------


def test_audit_entries_are_read_only_in_the_admin(
    login: Login, centre_admin: User, city_admin: User, tree: dict[str, OrgUnit]
) -> None:
    entry = AuditEntry.objects.filter(unit=tree["station_a1"]).first()
    assert entry is not None
    for user in (centre_admin, city_admin):
        client = login(user)
        response = client.get(url("auditentry_change", entry.pk))
        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
        assert client.post(url("auditentry_change", entry.pk), {"action": "x"}).status_code == 403
        assert client.get(url("auditentry_delete", entry.pk)).status_code == 403
        assert client.post(url("auditentry_delete", entry.pk), {"post": "yes"}).status_code == 403
        assert client.get(url("auditentry_add")).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action


def test_the_audit_entry_model_refuses_change_and_delete(
    cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    entry = audit.record(actor=cadre_a, action="network.test.done", unit=tree["district_a"])
    entry.action = "network.test.undone"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()


def test_audit_admin_lists_only_the_subtree_and_filters(
    login: Login, cadre_b: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_b)
    response = client.get(url("auditentry_changelist"))
    paths = {entry.unit_path for entry in response.context["cl"].result_list}
    assert paths and all(p.startswith(tree["district_b"].path) for p in paths)
    response = client.get(url("auditentry_changelist"), {"q": "network.unit"})
    assert response.status_code == 200
    response = client.get(url("auditentry_changelist"), {"action": "network.unit.created"})
    assert len(response.context["cl"].result_list) == 2
    entry_a = AuditEntry.objects.filter(unit=tree["station_a1"]).first()
    assert entry_a is not None
    assert client.get(url("auditentry_change", entry_a.pk)).status_code == 404


# --- partner apps ----------------------------------------------------------------------


def test_creating_a_partner_app_shows_its_key_once(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(centre_admin)
    response = client.post(
        url("partnerapp_add"),
        {"name": "乙区工会 App", "scopes": ["stations:read"], "throttle_rate": "100/minute"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    app = PartnerApp.objects.get(name="乙区工会 App")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    keys = [word for text in shown for word in text.split() if word.startswith("xl_")]
    assert len(keys) == 1
    assert services.partner_app_for_key(keys[0]) == app
    assert app.throttle_rate == "100/minute"
    first = client.get(response["Location"]).content.decode()
    assert keys[0] in first
    again = client.get(url("partnerapp_change", app.pk)).content.decode()
    assert keys[0] not in again


def test_a_bad_rate_limit_is_a_form_error(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(centre_admin).post(
        url("partnerapp_add"), {"name": "App", "scopes": [], "throttle_rate": "lots"}
    )
    assert response.status_code == 200
    assert "throttle_rate" in response.context["adminform"].form.errors
    assert not PartnerApp.objects.exists()


def test_rotate_and_revoke_actions(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    app, old_key = services.partner_app_create(
        actor=centre_admin, name="App", scopes=["stations:read"]
    )
    client = login(centre_admin)
    response = client.post(
        url("partnerapp_changelist"), {"action": "rotate_key", "_selected_action": [app.pk]}
    )
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    new_key = next(word for word in shown.split() if word.startswith("xl_"))
    assert services.partner_app_for_key(old_key) is None
    assert services.partner_app_for_key(new_key) == app

    client.post(url("partnerapp_changelist"), {"action": "revoke", "_selected_action": [app.pk]})
    app.refresh_from_db()
    assert not app.is_active
    assert app.revoked_at is not None
    assert services.partner_app_for_key(new_key) is None


# --- the matrix: every role, own subtree and sibling subtree ---------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("where", ["own", "sibling"])
def test_orgunit_change_view_by_role_and_subtree(
    login: Login, tree: dict[str, OrgUnit], role: str, where: str
) -> None:
    user = factories.staff(f"{role}@example.com", role, tree["district_a"])
    target = tree["station_a1"] if where == "own" else tree["station_b1"]
    status = login(user).get(url("orgunit_change", target.pk)).status_code
    allowed = where == "own" and role in access.ROLE_PERMS[access.Perm.MANAGE_UNITS]
    assert status == (200 if allowed else 404)


# --- query budgets ---------------------------------------------------------------------


def more_stations(district: OrgUnit, count: int) -> None:
    for number in range(count):
        factories.unit(f"加测驿站 {number}", Level.STATION, district)


@pytest.mark.parametrize("extra", [0, 30])
def test_orgunit_changelist_query_budget(
    login: Login,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    more_stations(tree["district_a"], extra)
    client = login(cadre_a)
    with django_assert_max_num_queries(12):
        response = client.get(url("orgunit_changelist"))
    assert len(response.context["cl"].result_list) == 4 + extra


@pytest.mark.parametrize("extra", [0, 30])
def test_audit_changelist_query_budget(
    login: Login,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    more_stations(tree["district_a"], extra)
    client = login(cadre_a)
    with django_assert_max_num_queries(12):
        response = client.get(url("auditentry_changelist"))
    assert len(response.context["cl"].result_list) == 4 + extra


# --- stations, groups and profiles ------------------------------------------------------


def test_station_profiles_stay_in_the_subtree(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    response = client.get(url("stationprofile_changelist"))
    assert {p.unit for p in response.context["cl"].result_list} == {
        tree["station_a1"],
        tree["room_ar"],
    }
    form = client.get(url("stationprofile_add")).context["adminform"].form
    offered = set(form.fields["unit"].queryset)
    assert offered == {tree["district_a"], tree["room_a1r"]}  # in reach, without a profile
    response = client.post(
        url("stationprofile_add"),
        {
            "unit": tree["district_b"].pk,  # forged
            "address": "乙区",
            "lat": "36.1",
            "lng": "120.4",
            "host_kind": "union_station",
            **{
                f"{p}-{k}": "0"
                for p in ("services", "opening_rules", "opening_exceptions")
                for k in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert "unit" in response.context["adminform"].form.errors
    assert not StationProfile.objects.filter(unit=tree["district_b"]).exists()


def test_opening_hours_are_edited_on_the_station_page(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    profile = StationProfile.objects.get(unit=tree["station_a1"])
    client = login(cadre_a)
    data = form_data(client.get(url("stationprofile_change", profile.pk)))
    data["opening_rules-0-closes"] = "18:30:00"
    response = client.post(url("stationprofile_change", profile.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    first = profile.opening_rules.order_by("weekday").first()
    assert first is not None
    assert first.closes == time(18, 30)
    entry = AuditEntry.objects.filter(action="network.station.updated").get()
    assert entry.actor == cadre_a
    assert entry.unit == tree["station_a1"]
    assert entry.details == {"changed": ["openingrule"]}


def test_groups_are_used_by_all_admins_but_edited_by_the_centre(
    login: Login, cadre_a: User, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    assert client.get(url("unitgroup_changelist")).status_code == 200
    assert client.get(url("unitgroup_add")).status_code == 403
    client = login(centre_admin)
    response = client.post(
        url("unitgroup_add"), {"code": "gig", "name": "新就业形态", "description": ""}
    )
    assert response.status_code == 302


def test_practitioner_profiles_of_people_in_reach_only(
    login: Login, cadre_a: User, cadre_b: User, counsellor_a: User, tree: dict[str, OrgUnit]
) -> None:
    from network.models import PractitionerProfile

    mine = PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师")
    theirs = PractitionerProfile.objects.create(user=cadre_b, display_name="乙区李老师")
    client = login(cadre_a)
    response = client.get(url("practitionerprofile_changelist"))
    assert list(response.context["cl"].result_list) == [mine]
    assert client.get(url("practitionerprofile_change", theirs.pk)).status_code == 404


def test_changing_a_partner_app_goes_through_the_service(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    app, key = services.partner_app_create(actor=centre_admin, name="App", scopes=[])
    client = login(centre_admin)
    data = form_data(client.get(url("partnerapp_change", app.pk)))
    data["scopes"] = ["stations:read", "kpis:read"]
    data["unit"] = str(tree["district_a"].pk)
    response = client.post(url("partnerapp_change", app.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    app.refresh_from_db()
    assert app.scopes == ["kpis:read", "stations:read"]
    assert app.unit == tree["district_a"]
    assert services.partner_app_for_key(key) == app  # the key is unchanged
    entry = AuditEntry.objects.get(action="network.partner_app.updated")
    assert entry.actor == centre_admin


def test_a_membership_in_reach_is_shown_read_only(
    login: Login, cadre_a: User, counsellor_a: User
) -> None:
    membership = Membership.objects.get(user=counsellor_a)
    client = login(cadre_a)
    response = client.get(url("membership_change", membership.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert (
        client.post(url("membership_change", membership.pk), {"role": "unit_admin"}).status_code
        == 403
    )
    assert Membership.objects.get(pk=membership.pk).role == Role.COUNSELLOR


# --- profiles and groups are audited -----------------------------------------------------


def test_editing_a_practitioner_profile_in_the_admin_is_audited(
    login: Login, cadre_a: User, counsellor_a: User
) -> None:
    from network.models import PractitionerProfile

    profile = PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师")
    client = login(cadre_a)
    change = url("practitionerprofile_change", profile.pk)
    data = form_data(client.get(change))
    data["display_name"] = "王晓老师"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="network.practitioner.updated")
    assert entry.actor == cadre_a
    assert entry.target_id == str(profile.pk)
    assert entry.details == {"changed": ["display_name"]}


def test_creating_and_deleting_a_unit_group_is_audited(login: Login, centre_admin: User) -> None:
    from network.models import UnitGroup

    client = login(centre_admin)
    response = client.post(url("unitgroup_add"), {"name": "新就业形态", "code": "gig"})
    assert response.status_code == 302
    group = UnitGroup.objects.get(code="gig")
    assert AuditEntry.objects.filter(
        action="network.group.created", target_id=str(group.pk), actor=centre_admin
    ).exists()
    response = client.post(url("unitgroup_delete", group.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not UnitGroup.objects.filter(pk=group.pk).exists()
    assert AuditEntry.objects.filter(
        action="network.group.deleted", target_id=str(group.pk)
    ).exists()
