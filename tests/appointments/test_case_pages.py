"""Staff pages of cases: happy paths in English, a zh-Hans smoke check, query budgets at two
data sizes, and the outsider's 404 everywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus, Case, CaseStatus, FollowUp, Referral, Slot
from network.models import OrgUnit
from network.pseudonyms import worker_pseudonym
from tests.appointments.factories import make_overdue, open_case, past_booking, today

pytestmark = pytest.mark.django_db


Login = Callable[[User], Client]


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"staff:appointments:{name}", kwargs=kwargs)


def make_cases(counsellor: User, station: OrgUnit, n: int, *, referred_to: User) -> list[Case]:
    made = []
    for i in range(n):
        worker = User.objects.create_user(username=f"pw{i}", email=f"pw{i}@example.com")
        item = open_case(counsellor, worker, station, days_ago=i + 1)
        make_overdue(item, days=i + 1)
        services.note_write(actor=counsellor, case=item, body=f"记录{i}")
        services.referral_create(
            actor=counsellor, case=item, target="counsellor", to_counsellor=referred_to
        )
        made.append(item)
    return made


def test_the_counsellor_opens_a_case_from_a_booking_and_works_it(
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    second_counsellor: User,
    worker: User,
    free_slots: list[Slot],
    login: Login,
) -> None:
    client = login(counsellor_a)
    booking = past_booking(counsellor_a, worker, tree["station_a1"], days_ago=1)
    page = client.get(url("case_open", booking_id=booking.public_id))
    assert page.status_code == 200 and "Open a case" in page.content.decode()
    refused = client.post(
        url("case_open", booking_id=booking.public_id),
        {"concern": "family", "risk_level": "low", "next_kind": "book_session"},
    )
    assert refused.status_code == 400
    assert "first follow-up" in refused.content.decode()
    assert not Case.objects.exists()
    due = (today() + timedelta(days=2)).isoformat()
    opened = client.post(
        url("case_open", booking_id=booking.public_id),
        {
            "concern": "family",
            "risk_level": "moderate",
            "next_kind": "phone_call",
            "next_due_on": due,
        },
    )
    case = Case.objects.get()
    assert opened.status_code == 302 and opened["Location"] == url(
        "case_detail", public_id=case.public_id
    )

    detail = client.get(opened["Location"]).content.decode()
    assert "Timeline" in detail and "phone call" in detail and due in detail

    assert (
        client.post(url("note_add", public_id=case.public_id), {"body": "第一次记录"}).status_code
        == 302
    )
    assert (
        client.post(
            url("followup_add", public_id=case.public_id), {"kind": "visit", "due_on": due}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("referral_add", public_id=case.public_id),
            {"target": "legal_aid", "organisation": "区法律援助中心", "status": "sent"},
        ).status_code
        == 302
    )
    referral = Referral.objects.get()
    assert (
        client.post(
            url("referral_update", referral_id=referral.pk),
            {"status": "completed", "feedback": "已受理"},
        ).status_code
        == 302
    )
    booked = client.post(
        url("case_book", public_id=case.public_id), {"slot": str(free_slots[0].public_id)}
    )
    assert booked.status_code == 302
    assert case.sessions.filter(status=BookingStatus.BOOKED).count() == 1
    edited = client.post(
        url("case_edit", public_id=case.public_id),
        {"concern": "family", "risk_level": "high", "status": "follow_up"},
    )
    assert edited.status_code == 302
    detail = client.get(url("case_detail", public_id=case.public_id)).content.decode()
    for text in ("第一次记录", "legal aid", "已受理", "high", "in follow-up"):
        assert text in detail, text

    # Closing: refused without an outcome, then refused while a session is booked.
    no_outcome = client.post(url("case_close", public_id=case.public_id), {"outcome": ""})
    assert no_outcome.status_code == 400 and "Choose the outcome" in no_outcome.content.decode()
    still_booked = client.post(url("case_close", public_id=case.public_id), {"outcome": "improved"})
    assert "still has a session booked" in still_booked.content.decode()
    Booking.objects.filter(case=case, status=BookingStatus.BOOKED).update(
        status=BookingStatus.CANCELLED
    )
    assert (
        client.post(
            url("case_close", public_id=case.public_id), {"outcome": "improved"}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_completing_a_followup_page_asks_for_the_next_step(
    case: Case, counsellor_a: User, login: Login
) -> None:
    client = login(counsellor_a)
    followup = case.followups.get()
    target = url("followup_complete", public_id=case.public_id, followup_id=followup.pk)
    assert client.get(target).status_code == 200
    refused = client.post(target, {"result": "", "next_kind": "book_session"})
    assert refused.status_code == 400 and "always needs a next step" in refused.content.decode()
    done = client.post(
        target,
        {"result": "", "next_kind": "message", "next_due_on": today().isoformat()},
    )
    assert done.status_code == 302
    assert FollowUp.objects.filter(case=case, done_at__isnull=True, kind="message").exists()


def test_overdue_page_for_the_counsellor_and_the_station_lead_without_worker_identity(
    case: Case, counsellor_a: User, cadre_a: User, station_lead: User, worker: User, login: Login
) -> None:
    make_overdue(case, days=4)
    mine = login(counsellor_a).get(url("overdue_followups")).content.decode()
    assert "4 days overdue" in mine and url("case_detail", public_id=case.public_id) in mine
    for lead in (cadre_a, station_lead):
        page = login(lead).get(url("overdue_followups"))
        text = page.content.decode()
        assert page.status_code == 200 and "4 days overdue" in text
        assert worker_pseudonym(worker) in text
        assert worker.email not in text and str(worker) not in text
        assert url("case_detail", public_id=case.public_id) not in text
        # The lead cannot open the case list or the case.
        assert login(lead).get(url("cases")).status_code == 404
        assert login(lead).get(url("case_detail", public_id=case.public_id)).status_code == 404


def test_case_list_tabs_for_counsellor_supervisor_and_referred(
    case: Case, counsellor_a: User, supervisor_a: User, second_counsellor: User, login: Login
) -> None:
    mine = login(counsellor_a).get(url("cases")).content.decode()
    assert f'data-case="{case.public_id}"' in mine and "My cases" in mine
    supervised = login(supervisor_a).get(url("cases")).content.decode()
    assert f'data-case="{case.public_id}"' in supervised and "Cases I supervise" in supervised
    detail = login(supervisor_a).get(url("case_detail", public_id=case.public_id)).content.decode()
    assert "Close the case" not in detail and "Add a follow-up" in detail
    services.referral_create(
        actor=counsellor_a, case=case, target="counsellor", to_counsellor=second_counsellor
    )
    referred = login(second_counsellor).get(url("cases") + "?tab=referred").content.decode()
    assert "Referred to me" in referred and "data-referral" in referred
    closed = login(counsellor_a).get(url("cases") + "?status=closed").content.decode()
    assert f'data-case="{case.public_id}"' not in closed


def test_pages_render_in_chinese(
    case: Case, counsellor_a: User, cadre_a: User, login: Login
) -> None:
    client = login(counsellor_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    for target in (
        url("cases"),
        url("case_detail", public_id=case.public_id),
        url("overdue_followups"),
        url("note_add", public_id=case.public_id),
        url("case_close", public_id=case.public_id),
    ):
        page = client.get(target)
        assert page.status_code == 200, target
        assert 'lang="zh-Hans"' in page.content.decode()
    lead = login(cadre_a)
    lead.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    assert lead.get(url("overdue_followups")).status_code == 200


@pytest.mark.parametrize("size", [2, 8])
def test_list_pages_keep_their_query_budget(
    size: int,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    second_counsellor: User,
    supervisor_a: User,
    cadre_a: User,
    login: Login,
    django_assert_max_num_queries: Any,
) -> None:
    made = make_cases(counsellor_a, tree["station_a1"], size, referred_to=second_counsellor)
    pages = [
        (counsellor_a, url("cases"), 8),
        (supervisor_a, url("cases") + "?tab=supervised", 8),
        (second_counsellor, url("cases") + "?tab=referred", 8),
        (counsellor_a, url("overdue_followups"), 7),
        (cadre_a, url("overdue_followups"), 7),
        (counsellor_a, url("case_detail", public_id=made[0].public_id), 14),
        (supervisor_a, url("case_detail", public_id=made[0].public_id), 14),
    ]
    for user, target, budget in pages:
        client = login(user)
        with django_assert_max_num_queries(budget):
            response = client.get(target)
        assert response.status_code == 200, target
        text = response.content.decode()
        if "overdue" in target:
            assert text.count("data-followup=") == size
        elif "tab=referred" in target:
            assert text.count("data-referral=") == size
        elif "cases/?" in target or target == url("cases"):
            assert text.count("data-case=") == size


def test_the_outsider_gets_404_everywhere(
    case: Case,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    cadre_b: User,
    login: Login,
) -> None:
    note = services.note_write(actor=counsellor_a, case=case, body="保密")
    followup = case.followups.get()
    referral = services.referral_create(actor=counsellor_a, case=case, target="hotline")
    booking = past_booking(counsellor_a, worker, tree["station_a1"], days_ago=5)
    pid = case.public_id
    client = login(cadre_b)
    gets = [
        url("cases"),
        url("case_detail", public_id=pid),
        url("case_open", booking_id=booking.public_id),
        url("case_edit", public_id=pid),
        url("case_close", public_id=pid),
        url("case_book", public_id=pid),
        url("note_add", public_id=pid),
        url("note_edit", public_id=pid, note_id=note.pk),
        url("note_addendum", public_id=pid, note_id=note.pk),
        url("followup_add", public_id=pid),
        url("followup_complete", public_id=pid, followup_id=followup.pk),
        url("referral_add", public_id=pid),
    ]
    for target in gets:
        assert client.get(target).status_code == 404, target
    for target in gets[2:]:  # the list and the case page answer GET only
        assert client.post(target, {"body": "x", "outcome": "improved"}).status_code == 404, target
    assert (
        client.post(
            url("case_link_booking", public_id=pid, booking_id=booking.public_id)
        ).status_code
        == 404
    )
    assert (
        client.post(url("referral_update", referral_id=referral.pk), {"status": "sent"}).status_code
        == 404
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.sessions.count() == 1
