"""Session notes: readable by their author and clinical supervisors reaching the station only,
every read audit-logged, never in the partner API, immutable after NOTE_EDIT_HOURS."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
import yaml
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import Booking, Case, SessionNote, Slot
from appointments.notifications import digest
from appointments.selectors import cases as cases_selectors
from core.errors import Conflict, NotFound, PermissionDenied
from network import services as network_services
from network.models import AuditEntry, Membership, OrgUnit, Role, Scope
from tests.network import factories

pytestmark = pytest.mark.django_db

# The case fixtures (case, free_slots, station_lead, supervisors) are in conftest.py.

BODY = "来访者谈到夜班后难以入睡，与主管的冲突反复出现。"


@pytest.fixture
def note(case: Case, counsellor_a: User) -> SessionNote:
    return services.note_write(actor=counsellor_a, case=case, body=BODY)


def detail_url(case: Case) -> str:
    return reverse("staff:appointments:case_detail", kwargs={"public_id": case.public_id})


def note_urls(case: Case, note: SessionNote) -> list[str]:
    kw = {"public_id": case.public_id, "note_id": note.pk}
    return [
        detail_url(case),
        reverse("staff:appointments:note_edit", kwargs=kw),
        reverse("staff:appointments:note_addendum", kwargs=kw),
    ]


def reads() -> int:
    return AuditEntry.objects.filter(action="appointments.note.read").count()


NON_READERS = [
    "cadre_a",
    "station_lead",
    "analyst",
    "centre_admin",
    "second_counsellor",
    "city_admin",  # a superuser without a clinical-supervisor membership
    "cadre_b",
    "supervisor_b",
]


@pytest.mark.parametrize("persona", NON_READERS)
def test_notes_are_not_found_for_everyone_else(
    persona: str,
    request: pytest.FixtureRequest,
    note: SessionNote,
    case: Case,
    login: Callable[[User], Client],
) -> None:
    user = request.getfixturevalue(persona)
    client = login(user)
    for url in note_urls(case, note):
        response = client.get(url)
        assert response.status_code == 404, url
        assert BODY not in response.content.decode()
    with pytest.raises(NotFound):
        services.notes_read(viewer=user, case=case)
    assert reads() == 0


def test_the_author_and_a_district_supervisor_read_and_each_read_is_logged(
    note: SessionNote,
    case: Case,
    counsellor_a: User,
    supervisor_a: User,
    login: Callable[[User], Client],
) -> None:
    for expected, reader in enumerate((counsellor_a, supervisor_a, counsellor_a), start=1):
        response = login(reader).get(detail_url(case))
        assert response.status_code == 200
        assert BODY in response.content.decode()
        assert reads() == expected
        entry = AuditEntry.objects.filter(action="appointments.note.read").latest("pk")
        assert entry.actor == reader and entry.details["notes"] == [note.pk]
        assert BODY not in str(entry.details)
    assert [n.pk for n in services.notes_read(viewer=supervisor_a, case=case)] == [note.pk]
    assert reads() == 4


def test_a_superuser_reads_notes_only_through_a_supervisor_membership(
    note: SessionNote, case: Case, city_admin: User, tree: dict[str, OrgUnit]
) -> None:
    with pytest.raises(NotFound):
        services.notes_read(viewer=city_admin, case=case)
    Membership.objects.create(
        user=city_admin, unit=tree["district_a"], role=Role.CLINICAL_SUPERVISOR
    )
    city_admin = User.objects.get(pk=city_admin.pk)  # drop the cached memberships
    assert [n.pk for n in services.notes_read(viewer=city_admin, case=case)] == [note.pk]


def test_a_counsellor_reads_only_the_notes_they_wrote(
    note: SessionNote, case: Case, counsellor_a: User, supervisor_a: User
) -> None:
    foreign = SessionNote.objects.create(case=case, author=supervisor_a, body="督导意见")
    assert [n.pk for n in services.notes_read(viewer=counsellor_a, case=case)] == [note.pk]
    assert {n.pk for n in services.notes_read(viewer=supervisor_a, case=case)} == {
        note.pk,
        foreign.pk,
    }


def test_the_partner_api_has_no_cases_or_notes(
    client: Client, note: SessionNote, case: Case, free_slots: list[Slot], worker: User
) -> None:
    spec = yaml.safe_load(client.get("/api/v1/schema/").content)
    for path in spec["paths"]:
        assert "case" not in path and "note" not in path and "referral" not in path, path
    schemas = yaml.safe_dump(spec.get("components", {})).lower()
    assert "sessionnote" not in schemas and "followup" not in schemas

    _app, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.BOOKINGS_WRITE]
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}
    created = client.post(
        "/api/v1/bookings/",
        {"worker_phone": worker.phone, "slot": str(free_slots[0].public_id)},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    Booking.objects.filter(public_id=created.json()["id"]).update(case=case)
    listed = client.get("/api/v1/bookings/", HTTP_X_WORKER_PHONE=worker.phone, **headers)
    assert listed.status_code == 200
    for payload in (created.json(), *listed.json()):
        assert not {"case", "case_id", "notes", "note", "followups", "referrals"} & set(payload)
    assert BODY not in listed.content.decode()


def test_a_note_is_immutable_after_the_edit_window_but_takes_an_addendum(
    note: SessionNote, case: Case, counsellor_a: User, login: Callable[[User], Client]
) -> None:
    services.note_edit(actor=counsellor_a, note=note, body=BODY + "（更正）")
    SessionNote.objects.filter(pk=note.pk).update(
        created_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    with pytest.raises(Conflict) as refused:
        services.note_edit(actor=counsellor_a, note=note, body="改写")
    assert refused.value.code == "note_locked"
    assert "addendum" in str(refused.value.message)
    note.refresh_from_db()
    assert note.body == BODY + "（更正）"

    client = login(counsellor_a)
    kw = {"public_id": case.public_id, "note_id": note.pk}
    page = client.post(reverse("staff:appointments:note_edit", kwargs=kw), {"body": "改写"})
    assert page.status_code == 400 and "Add an addendum instead" in page.content.decode()
    note.refresh_from_db()
    assert note.body == BODY + "（更正）"

    added = client.post(reverse("staff:appointments:note_addendum", kwargs=kw), {"body": "补充"})
    assert added.status_code == 302
    addendum = SessionNote.objects.get(addendum_to=note)
    assert addendum.body == "补充" and addendum.author == counsellor_a
    detail = client.get(detail_url(case)).content.decode()
    assert "补充" in detail
    # An addendum to an addendum hangs on the original note.
    second = services.note_addendum(actor=counsellor_a, note=addendum, body="再补充")
    assert second.addendum_to_id == note.pk


def test_only_the_author_edits_and_adds_to_a_note(
    note: SessionNote, counsellor_a: User, second_counsellor: User, supervisor_a: User
) -> None:
    with pytest.raises(NotFound):
        services.note_edit(actor=second_counsellor, note=note, body="x")
    with pytest.raises(NotFound):
        services.note_addendum(actor=second_counsellor, note=note, body="x")
    with pytest.raises(PermissionDenied):
        services.note_edit(actor=supervisor_a, note=note, body="x")
    note.refresh_from_db()
    assert note.body == BODY


def test_no_note_body_or_followup_result_reaches_the_logs_or_mail(
    caplog: pytest.LogCaptureFixture,
    case: Case,
    counsellor_a: User,
    supervisor_a: User,
    login: Callable[[User], Client],
) -> None:
    caplog.set_level(logging.DEBUG)
    result = "电话回访：情绪稳定"
    client = login(counsellor_a)
    client.post(
        reverse("staff:appointments:note_add", kwargs={"public_id": case.public_id}), {"body": BODY}
    )
    note = SessionNote.objects.get()
    kw = {"public_id": case.public_id, "note_id": note.pk}
    client.post(reverse("staff:appointments:note_edit", kwargs=kw), {"body": BODY + "。"})
    client.post(reverse("staff:appointments:note_addendum", kwargs=kw), {"body": BODY + "补"})
    followup = case.followups.get()
    client.post(
        reverse(
            "staff:appointments:followup_complete",
            kwargs={"public_id": case.public_id, "followup_id": followup.pk},
        ),
        {"result": result, "next_kind": "phone_call", "next_due_on": ""},  # refused: no next step
    )
    client.post(
        reverse(
            "staff:appointments:followup_complete",
            kwargs={"public_id": case.public_id, "followup_id": followup.pk},
        ),
        {"result": result, "next_kind": "phone_call", "close_outcome": "improved"},
    )
    login(supervisor_a).get(detail_url(case))
    digest.followups_digest_send()
    assert SessionNote.objects.count() == 2
    followup.refresh_from_db()
    assert followup.result == result
    assert BODY not in str(note)
    logged = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert BODY not in logged and result not in logged
    assert all(BODY not in m.body and result not in m.body for m in mail.outbox)
    assert all(BODY not in str(e.details) for e in AuditEntry.objects.all())


def test_referred_counsellor_sees_the_referral_not_the_notes(
    note: SessionNote,
    case: Case,
    counsellor_a: User,
    second_counsellor: User,
    login: Callable[[User], Client],
) -> None:
    services.referral_create(
        actor=counsellor_a, case=case, target="counsellor", to_counsellor=second_counsellor
    )
    client = login(second_counsellor)
    listed = client.get(reverse("staff:appointments:cases") + "?tab=referred")
    assert listed.status_code == 200
    text = listed.content.decode()
    assert 'data-referral="' in text and BODY not in text
    assert client.get(detail_url(case)).status_code == 404
    assert cases_selectors.referrals_to_me(viewer=second_counsellor).count() == 1
