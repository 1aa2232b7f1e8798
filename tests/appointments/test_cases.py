"""Counselling cases and the closed loop (发现—疏导—跟进): no open case without a next step,
overdue follow-ups on every list that should show them, closing only with an outcome."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.models import User
from appointments import services
from appointments.models import (
    Booking,
    BookingStatus,
    Case,
    CaseOutcome,
    CaseStatus,
    FollowUp,
    FollowUpKind,
    Referral,
    ReferralStatus,
    ReferralTarget,
    Slot,
)
from appointments.notifications import digest
from appointments.selectors import cases as cases_selectors
from appointments.selectors import slots
from appointments.services import case_steps
from core import sms
from core.errors import Conflict, DomainError, NotFound, PermissionDenied
from network.models import AuditEntry, OrgUnit
from tests.appointments.factories import make_overdue, open_case, past_booking, today, weekly_rule

pytestmark = pytest.mark.django_db


# --- helpers (the shared ones are in factories.py, the fixtures in conftest.py) --------------


def lacking_next_step() -> list[int]:
    return list(cases_selectors.cases_without_next_step().values_list("pk", flat=True))


# --- opening ------------------------------------------------------------------------------------


def test_a_case_cannot_open_without_a_next_step(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    booking = past_booking(counsellor_a, worker, tree["station_a1"], days_ago=1)
    with pytest.raises(DomainError) as refused:
        services.case_open(actor=counsellor_a, booking=booking, concern="family")
    assert refused.value.code == "next_step_required"
    assert "next_due_on" in refused.value.fields
    assert not Case.objects.exists()

    case = services.case_open(
        actor=counsellor_a, booking=booking, concern="family", next_due_on=today()
    )
    booking.refresh_from_db()
    assert booking.case_id == case.pk and case.station == tree["station_a1"]
    assert case.worker == worker and case.status == CaseStatus.OPEN
    assert case.followups.get().kind == FollowUpKind.BOOK_SESSION
    assert AuditEntry.objects.filter(action="appointments.case.opened", target_id=case.pk).exists()


def test_a_future_booked_session_is_a_next_step(
    free_slots: list[Slot], counsellor_a: User, worker: User
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=free_slots[0])
    case = services.case_open(actor=counsellor_a, booking=booking, concern="sleep")
    assert not case.followups.exists()
    assert case_steps.has_next_step(case)


def test_only_the_sessions_counsellor_opens_a_case(
    tree: dict[str, OrgUnit], counsellor_a: User, second_counsellor: User, worker: User
) -> None:
    booking = past_booking(counsellor_a, worker, tree["station_a1"], days_ago=1)
    with pytest.raises(NotFound):
        services.case_open(
            actor=second_counsellor, booking=booking, concern="family", next_due_on=today()
        )


def test_a_second_open_case_for_the_same_worker_is_refused_but_the_session_can_join(
    case: Case, tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    other = past_booking(counsellor_a, worker, tree["station_a1"], days_ago=1)
    with pytest.raises(Conflict) as refused:
        services.case_open(actor=counsellor_a, booking=other, concern="family", next_due_on=today())
    assert refused.value.code == "case_exists"
    services.case_link_booking(actor=counsellor_a, case=case, booking=other)
    assert case.sessions.count() == 2


# --- the closed loop ----------------------------------------------------------------------------


def test_cancelling_the_only_booked_session_adds_a_followup(
    free_slots: list[Slot], counsellor_a: User, worker: User
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=free_slots[0])
    case = services.case_open(actor=counsellor_a, booking=booking, concern="sleep")
    assert not case.followups.exists()

    services.booking_cancel(actor=worker, booking=booking)

    followup = case.followups.get()
    assert followup.done_at is None and followup.kind == FollowUpKind.BOOK_SESSION
    assert followup.due_on == today() + timedelta(days=3)
    assert followup.assigned_to == counsellor_a
    assert AuditEntry.objects.filter(action="appointments.case.next_step_added").count() == 1
    assert lacking_next_step() == []


def test_completing_the_last_followup_needs_a_next_step(case: Case, counsellor_a: User) -> None:
    followup = case.followups.get()
    with pytest.raises(DomainError) as refused:
        services.followup_complete(actor=counsellor_a, followup=followup, result="通话顺利")
    assert refused.value.code == "next_step_required"
    followup.refresh_from_db()
    assert followup.done_at is None and followup.result == ""  # rolled back

    services.followup_complete(
        actor=counsellor_a,
        followup=followup,
        result="通话顺利",
        next_due_on=today() + timedelta(days=7),
        next_kind=FollowUpKind.PHONE_CALL,
    )
    followup.refresh_from_db()
    assert followup.done_at is not None
    nxt = case.followups.get(done_at__isnull=True)
    assert nxt.kind == FollowUpKind.PHONE_CALL

    services.followup_complete(
        actor=counsellor_a, followup=nxt, result="", close_outcome=CaseOutcome.IMPROVED
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == CaseOutcome.IMPROVED


def test_a_booked_session_lets_the_last_followup_close_without_more(
    case: Case, free_slots: list[Slot], counsellor_a: User, worker: User
) -> None:
    followup = case.followups.get()
    followup.kind = FollowUpKind.PHONE_CALL
    followup.save()
    booking = services.case_book_session(actor=counsellor_a, case=case, slot=free_slots[0])
    assert booking.case == case and booking.worker == worker
    services.followup_complete(actor=counsellor_a, followup=followup, result="")
    assert not case.followups.filter(done_at__isnull=True).exists()
    assert lacking_next_step() == []


def test_a_session_booked_from_a_case_audits_the_counsellor_as_actor_and_the_worker_as_subject(
    case: Case, free_slots: list[Slot], counsellor_a: User, worker: User
) -> None:
    booking = services.case_book_session(actor=counsellor_a, case=case, slot=free_slots[0])
    entry = AuditEntry.objects.get(action="appointments.booking.created")
    assert entry.actor == counsellor_a
    assert (entry.target_type, entry.target_id) == ("appointments.booking", str(booking.pk))
    assert entry.details["worker"] == worker.pk
    assert Booking.objects.get(pk=booking.pk).worker == worker
    session_booked = AuditEntry.objects.get(action="appointments.case.session_booked")
    assert session_booked.actor == counsellor_a


def test_a_worker_booking_themselves_is_audited_without_a_separate_subject(
    free_slots: list[Slot], worker: User
) -> None:
    services.booking_create(actor=worker, worker=worker, slot=free_slots[0])
    entry = AuditEntry.objects.get(action="appointments.booking.created")
    assert entry.actor == worker and "worker" not in entry.details


def test_a_counsellor_booking_for_a_case_keeps_the_workers_open_bookings_limit(
    case: Case, free_slots: list[Slot], counsellor_a: User, worker: User, settings: Any
) -> None:
    settings.APPOINTMENT_MAX_OPEN_BOOKINGS = 1
    services.booking_create(actor=worker, worker=worker, slot=free_slots[0])
    with pytest.raises(services.BookingRefused) as refused, translation.override("en"):
        services.case_book_session(actor=counsellor_a, case=case, slot=free_slots[1])
    assert refused.value.code == "booking_limit"
    assert "This worker already has 1 open bookings" in str(refused.value.message)
    assert not case.sessions.filter(status=BookingStatus.BOOKED).exists()


def test_nobody_books_for_a_worker_in_another_counsellors_slot(
    free_slots: list[Slot], second_counsellor: User, worker: User
) -> None:
    with pytest.raises(NotFound):
        services.booking_create(actor=second_counsellor, worker=worker, slot=free_slots[0])
    assert not Booking.objects.filter(worker=worker).exists()


def test_booking_the_next_session_notifies_the_worker_and_settles_book_session_followups(
    case: Case,
    free_slots: list[Slot],
    counsellor_a: User,
    worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.case_book_session(actor=counsellor_a, case=case, slot=free_slots[2])
    assert booking.status == BookingStatus.BOOKED and booking.case_id == case.pk
    assert not case.followups.filter(done_at__isnull=True).exists()  # "agree a session" done
    assert len(sms.outbox) == 1 and len(mail.outbox) == 1
    assert mail.outbox[0].to == [worker.email]


def test_the_counsellor_books_only_their_own_slots(
    case: Case, tree: dict[str, OrgUnit], second_counsellor: User, counsellor_a: User
) -> None:
    weekly_rule(second_counsellor, tree["station_a1"], weekday=2)
    services.slots_regenerate(counsellor_id=second_counsellor.pk)
    slot = slots.free_slots().filter(counsellor=second_counsellor).first()
    assert slot is not None
    with pytest.raises(DomainError) as refused:
        services.case_book_session(actor=counsellor_a, case=case, slot=slot)
    assert refused.value.code == "not_your_slot"


@pytest.mark.parametrize("seed", range(6))
def test_no_open_case_ever_lacks_a_next_step(
    seed: int,
    tree: dict[str, OrgUnit],
    free_slots: list[Slot],
    counsellor_a: User,
    worker: User,
) -> None:
    """Property-style: any sequence of the case services keeps every open case with a next step."""
    rng = random.Random(seed)
    workers = [worker] + [
        User.objects.create_user(username=f"w{seed}-{i}", email=f"w{seed}-{i}@example.com")
        for i in range(2)
    ]
    pool = list(free_slots)
    rng.shuffle(pool)
    open_cases = [
        open_case(counsellor_a, w, tree["station_a1"], days_ago=rng.randint(1, 9)) for w in workers
    ]

    def book(case: Case) -> None:
        services.case_book_session(actor=counsellor_a, case=case, slot=pool.pop())

    def cancel(case: Case) -> None:
        booking = case.sessions.filter(status=BookingStatus.BOOKED).first()
        if booking is not None:
            services.booking_cancel(actor=rng.choice([counsellor_a, case.worker]), booking=booking)

    def add_followup(case: Case) -> None:
        services.followup_create(
            actor=counsellor_a,
            case=case,
            kind=rng.choice(FollowUpKind.values),
            due_on=today() + timedelta(days=rng.randint(0, 5)),
        )

    def complete(case: Case) -> None:
        followup = case.followups.filter(done_at__isnull=True).first()
        if followup is None:
            return
        kwargs: dict[str, Any] = {}
        choice = rng.random()
        if choice < 0.3:
            kwargs["next_due_on"] = today() + timedelta(days=2)
        elif choice < 0.5:
            kwargs["close_outcome"] = rng.choice(CaseOutcome.values)
        services.followup_complete(actor=counsellor_a, followup=followup, result="", **kwargs)

    def close(case: Case) -> None:
        services.case_close(actor=counsellor_a, case=case, outcome=rng.choice(["", "improved"]))

    def session_passes(case: Case) -> None:
        # Time moves on: the booked sessions are now behind us; the daily sweep runs.
        # Each moves to its own past hour (weeks back), as the counsellor's sessions
        # never overlap (PostgreSQL's exclusion constraint checks it).
        for booking in case.sessions.filter(status=BookingStatus.BOOKED):
            starts = timezone.now() - timedelta(days=30, hours=next(past_hours))
            Booking.objects.filter(pk=booking.pk).update(
                starts_at=starts, ends_at=starts + timedelta(minutes=50)
            )
        services.cases_sweep_next_steps()

    past_hours = itertools.count()
    actions = [book, cancel, add_followup, complete, close, session_passes]
    for _step in range(30):
        case = Case.objects.get(pk=rng.choice(open_cases).pk)
        try:
            with transaction.atomic():
                rng.choice(actions)(case)
        except DomainError:
            pass
        assert lacking_next_step() == [], f"seed {seed}"
    assert Case.objects.filter(status=CaseStatus.CLOSED, outcome="").count() == 0


# --- overdue follow-ups -------------------------------------------------------------------------


def test_an_overdue_followup_shows_to_the_counsellor_the_station_lead_and_supervisors(
    case: Case,
    counsellor_a: User,
    second_counsellor: User,
    cadre_a: User,
    cadre_b: User,
    station_lead: User,
    supervisor_a: User,
    supervisor_b: User,
    analyst: User,
    centre_admin: User,
) -> None:
    assert list(cases_selectors.overdue_followups(viewer=counsellor_a)) == []  # not due yet
    followup = make_overdue(case)
    for viewer in (counsellor_a, cadre_a, station_lead, supervisor_a, centre_admin):
        assert list(cases_selectors.overdue_followups(viewer=viewer)) == [followup], viewer
    for viewer in (second_counsellor, cadre_b, supervisor_b, analyst):
        assert list(cases_selectors.overdue_followups(viewer=viewer)) == [], viewer
    rows = cases_selectors.overdue_rows(viewer=cadre_a)
    assert rows[0].days_overdue == 2 and not rows[0].can_open
    assert cases_selectors.overdue_rows(viewer=counsellor_a)[0].can_open


def test_listing_overdue_followups_costs_one_query(
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    cadre_a: User,
    django_assert_num_queries: Any,
) -> None:
    for i in range(4):
        w = User.objects.create_user(username=f"ow{i}", email=f"ow{i}@example.com")
        make_overdue(open_case(counsellor_a, w, tree["station_a1"]))
    for viewer in (counsellor_a, cadre_a):
        list(cases_selectors.overdue_followups(viewer=viewer))  # memberships read once
        with django_assert_num_queries(1):
            rows = list(cases_selectors.overdue_followups(viewer=viewer))
            names = [(r.case.station.name, str(r.assigned_to), r.due_on) for r in rows]
        assert len(names) == 4


def test_the_daily_digest_mails_counsellor_and_leads_without_worker_identity(
    case: Case,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    cadre_a: User,
    cadre_b: User,
    station_lead: User,
    centre_admin: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    worker.first_name, worker.last_name = "小明", "李"
    worker.save()
    assert digest.followups_digest_send() == 0
    make_overdue(case, days=3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # the mails are outbox rows
        sent = digest.followups_digest_send()

    assert sent == 3
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([counsellor_a.email, cadre_a.email, station_lead.email])
    due = (today() - timedelta(days=3)).isoformat()
    for message in mail.outbox:
        text = message.subject + message.body
        assert due in text
        assert "/staff/appointments/cases/overdue/" in text
        for secret in (worker.email, worker.phone, "小明", "李小明", str(case.public_id)):
            assert secret not in text


def test_the_digest_gives_a_next_step_to_cases_whose_last_session_passed(
    free_slots: list[Slot], counsellor_a: User, worker: User
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=free_slots[0])
    case = services.case_open(actor=counsellor_a, booking=booking, concern="sleep")
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=timezone.now() - timedelta(days=1), status=BookingStatus.ATTENDED
    )
    assert lacking_next_step() == [case.pk]
    digest.followups_digest_send()
    assert lacking_next_step() == []


# --- closing ------------------------------------------------------------------------------------


def test_closing_requires_an_outcome(case: Case, counsellor_a: User) -> None:
    for outcome in ("", "nonsense"):
        with pytest.raises(DomainError) as refused:
            services.case_close(actor=counsellor_a, case=case, outcome=outcome)
        assert refused.value.code == "outcome_required"
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_database_refuses_a_closed_case_without_outcome(case: Case) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(outcome=CaseOutcome.IMPROVED)


def test_closing_is_refused_while_a_session_is_booked_and_closes_followups(
    case: Case, free_slots: list[Slot], counsellor_a: User
) -> None:
    services.followup_create(
        actor=counsellor_a, case=case, kind=FollowUpKind.PHONE_CALL, due_on=today()
    )
    booking = services.case_book_session(actor=counsellor_a, case=case, slot=free_slots[0])
    with pytest.raises(Conflict) as refused:
        services.case_close(actor=counsellor_a, case=case, outcome=CaseOutcome.IMPROVED)
    assert refused.value.code == "session_still_booked"
    services.booking_cancel(actor=counsellor_a, booking=booking)
    services.case_close(actor=counsellor_a, case=case, outcome=CaseOutcome.WORKER_ENDED)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert not case.followups.filter(done_at__isnull=True).exists()
    with pytest.raises(Conflict):
        services.followup_create(
            actor=counsellor_a, case=case, kind=FollowUpKind.VISIT, due_on=today()
        )


# --- who may act --------------------------------------------------------------------------------


def test_only_the_cases_counsellor_changes_it(
    case: Case, second_counsellor: User, supervisor_a: User, cadre_a: User, city_admin: User
) -> None:
    for outsider in (second_counsellor, cadre_a, city_admin):
        with pytest.raises(NotFound):
            services.case_close(actor=outsider, case=case, outcome=CaseOutcome.IMPROVED)
        with pytest.raises(NotFound):
            services.followup_create(actor=outsider, case=case, kind="visit", due_on=today())
    with pytest.raises(PermissionDenied):
        services.case_close(actor=supervisor_a, case=case, outcome=CaseOutcome.IMPROVED)
    # A supervisor may ask for a follow-up; it goes to the counsellor.
    followup = services.followup_create(actor=supervisor_a, case=case, kind="visit", due_on=today())
    assert followup.assigned_to_id == case.counsellor_id and followup.created_by == supervisor_a


def test_updating_the_risk_level_is_audited_without_the_value(
    case: Case, counsellor_a: User
) -> None:
    services.case_update(
        actor=counsellor_a, case=case, concern="family", risk_level="high", status="follow_up"
    )
    case.refresh_from_db()
    assert (case.concern, case.risk_level, case.status) == ("family", "high", "follow_up")
    entry = AuditEntry.objects.get(action="appointments.case.updated")
    assert entry.details == {"fields": ["concern", "risk_level", "status"]}


# --- referrals ----------------------------------------------------------------------------------


def test_a_referral_to_another_counsellor_shows_in_their_list_without_notes(
    case: Case, counsellor_a: User, second_counsellor: User
) -> None:
    services.note_write(actor=counsellor_a, case=case, body="保密内容")
    with pytest.raises(DomainError) as refused:
        services.referral_create(actor=counsellor_a, case=case, target=ReferralTarget.COUNSELLOR)
    assert refused.value.code == "counsellor_required"
    referral = services.referral_create(
        actor=counsellor_a,
        case=case,
        target=ReferralTarget.COUNSELLOR,
        to_counsellor=second_counsellor,
    )
    assert list(cases_selectors.referrals_to_me(viewer=second_counsellor)) == [referral]
    assert list(cases_selectors.referrals_to_me(viewer=counsellor_a)) == []
    with pytest.raises(NotFound):
        services.notes_read(viewer=second_counsellor, case=case)
    services.referral_update(
        actor=second_counsellor,
        referral=referral,
        status=ReferralStatus.ACCEPTED,
        feedback="已约首次面谈",
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    entry = AuditEntry.objects.get(action="appointments.referral.updated")
    assert "已约首次面谈" not in str(entry.details)


def test_a_legal_aid_referral_records_status_and_feedback(case: Case, counsellor_a: User) -> None:
    referral = services.referral_create(
        actor=counsellor_a,
        case=case,
        target=ReferralTarget.LEGAL_AID,
        organisation="区法律援助中心",
    )
    assert referral.to_counsellor is None and referral.status == ReferralStatus.PROPOSED
    services.referral_update(
        actor=counsellor_a, referral=referral, status=ReferralStatus.COMPLETED, feedback="已受理"
    )
    timeline = cases_selectors.case_timeline(case=case, notes=None)
    assert [i.kind for i in timeline if i.kind == "referral"] == ["referral"]
    assert Referral.objects.get().feedback == "已受理"


# --- demo data ----------------------------------------------------------------------------------


def test_the_demo_case_is_complete_and_loads_once() -> None:
    from appointments.demo import cases as cases_demo
    from core.demo import load_demo

    load_demo()
    admin = User.objects.get(email="admin@demo.xinling.cn")
    cases_demo.load(admin)
    counts = (Case.objects.count(), Booking.objects.count(), FollowUp.objects.count())
    cases_demo.load(admin)
    assert (Case.objects.count(), Booking.objects.count(), FollowUp.objects.count()) == counts
    case = Case.objects.get(worker__email="worker@demo.xinling.cn")
    assert case.sessions.filter(status=BookingStatus.ATTENDED).count() == 5
    assert case.notes.count() == 5 and case.referrals.get().feedback
    counsellor = User.objects.get(email="counsellor@demo.xinling.cn")
    lead = User.objects.get(email="station.lead@demo.xinling.cn")
    assert cases_selectors.overdue_followups(viewer=counsellor).count() == 1
    assert cases_selectors.overdue_followups(viewer=lead).count() == 1
    assert lacking_next_step() == []


# --- risk rising to high or crisis alerts the clinical supervisors -----------------------------


def test_raising_the_risk_to_crisis_mails_the_supervisors_who_reach_the_station(
    case: Case,
    counsellor_a: User,
    worker: User,
    supervisor_a: User,
    supervisor_b: User,
    station_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_update(
            actor=counsellor_a, case=case, concern=case.concern, risk_level="crisis", status="open"
        )
    assert [m.to for m in mail.outbox] == [[supervisor_a.email]]
    body = mail.outbox[0].body
    assert str(case.public_id) in body
    assert worker.email not in body and str(worker.phone) not in body


def test_no_alert_when_the_risk_stays_or_falls_or_is_moderate(
    case: Case, counsellor_a: User, supervisor_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for level in ("moderate", "high", "high", "moderate", "high"):
            services.case_update(
                actor=counsellor_a, case=case, concern=case.concern, risk_level=level, status="open"
            )
    # low → moderate: none; moderate → high: one; high → high: none; high → moderate: none;
    # moderate → high: one.
    assert len(mail.outbox) == 2


def test_a_case_opened_at_high_risk_alerts_at_once(
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    supervisor_a: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    booking = past_booking(counsellor_a, worker, tree["station_a1"], days_ago=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_open(
            actor=counsellor_a,
            booking=booking,
            concern="emotions",
            risk_level="high",
            next_due_on=today() + timedelta(days=1),
        )
    assert [m.to for m in mail.outbox] == [[supervisor_a.email]]
