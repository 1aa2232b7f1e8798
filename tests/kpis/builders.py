"""Records made through the domain services, so their fact hooks run (tests/kpis).

Every helper does one piece of recorded work the way the staff pages do; the tests
freeze the clock at NOW (Wednesday 10 June 2026, 10:00 in Shanghai).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import time_machine

from accounts.models import User
from appointments.models import Booking, PodBooking, PodBookingStatus
from appointments.services.attendance import booking_check_in
from appointments.services.pods import pod_booking_mark
from assessments.models import Campaign, Submission
from assessments.services import campaigns as campaign_services
from assessments.services import submissions as submission_services
from core import clock
from courses import services as course_services
from courses.models import Lecture, SignIn
from hotline.models import CallOutcome, CallTopic, CrisisIncident, HotlineCase, Line, RiskLevel
from hotline.models.petition import PetitionHearing, PetitionVisit
from hotline.services import calls as call_services
from hotline.services import cases as case_services
from hotline.services import crisis as crisis_services
from hotline.services import petition as petition_services
from network.models import OrgUnit, Role
from tests.appointments.factories import PodFactory, make_booking
from tests.courses.factories import ExpertFactory, LectureFactory, TopicFactory
from tests.hotline.case_helpers import open_case
from tests.hotline.factories import LineFactory
from tests.network import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
YEAR = 2026
PHQ9_NONE = [0] * 9
PHQ9_MODERATE = [2, 2, 1, 1, 1, 1, 1, 1, 0]
_serial = count(1)


def n() -> int:
    return next(_serial)


@dataclass
class Staff:
    """The people who record the work: the centre admin, a counsellor, two line staff."""

    admin: User
    counsellor: User
    operator: User
    supervisor: User
    worker: User
    line: Line


def staff(tree: dict[str, OrgUnit]) -> Staff:
    centre = tree["centre"]
    return Staff(
        admin=factories.staff(f"kpi.admin{n()}@example.com", Role.CENTRE_ADMIN, centre),
        counsellor=factories.staff(f"kpi.c{n()}@example.com", Role.COUNSELLOR, centre),
        operator=factories.staff(f"kpi.op{n()}@example.com", Role.HOTLINE_OPERATOR, centre),
        supervisor=factories.staff(f"kpi.sup{n()}@example.com", Role.HOTLINE_SUPERVISOR, centre),
        worker=User.objects.create(username=f"kpi-worker-{n()}"),
        line=LineFactory.create(unit=centre),
    )


# --- courses ---------------------------------------------------------------------------------


def held_lecture(
    who: Staff,
    unit: OrgUnit,
    *,
    signed: int,
    attendance: int | None = None,
    gig: int = 0,
    for_cadres: bool = False,
) -> Lecture:
    """A lecture two days ago at `unit`, `signed` sign-ins (the first `gig` of gig workers),
    its record filed with `attendance` (default: the sign-ins)."""
    expert = ExpertFactory(unit=unit.parent or unit)
    lecture: Lecture = LectureFactory.create(
        topic=TopicFactory(experts=[expert]),
        expert=expert,
        unit=unit,
        starts_at=NOW - timedelta(days=2),
    )
    for i in range(signed):
        SignIn.objects.create(
            lecture=lecture,
            identity=f"职工{i}",
            unit_name="港口",
            person_key=f"k{i}",
            nonce=f"nonce-{i}",
            is_gig_worker=i < gig,
        )
    attendance = signed if attendance is None else attendance
    data = course_services.RecordData(
        attendance=attendance,
        duration_minutes=90,
        reason="" if attendance == signed else "纸质签到表另有到场职工",
        for_cadres=for_cadres,
    )
    course_services.lecture_record_file(actor=who.admin, lecture=lecture, data=data)
    return lecture


def adjust_attendance(who: Staff, lecture: Lecture, attendance: int) -> None:
    course_services.lecture_attendance_adjust(
        actor=who.admin, lecture=lecture, attendance=attendance, reason="补录纸质签到"
    )


# --- assessments -----------------------------------------------------------------------------


def assessment(unit: OrgUnit, *, mild: bool = False, key_group: str = "") -> Submission:
    submission, _code = submission_services.submission_create(
        actor=None,
        instrument_code="phq9",
        answers=PHQ9_MODERATE if mild else PHQ9_NONE,
        language="zh-hans",
        demographics=submission_services.Demographics(district=unit, key_group=key_group),
    )
    return submission


def campaign(who: Staff, unit: OrgUnit, *, days: int = 14) -> Campaign:
    """A unit campaign opening today, for `days` days."""
    opens = clock.today()
    return campaign_services.campaign_create(
        actor=who.admin,
        unit=unit,
        name=f"测评{n()}",
        instrument_codes=["phq9"],
        opens_on=opens,
        closes_on=opens + timedelta(days=days),
        workforce=100,
    )


def campaign_end(who: Staff, campaign_: Campaign) -> None:
    campaign_services.campaign_close(actor=who.admin, campaign=campaign_)


# --- appointments ----------------------------------------------------------------------------


def attended_session(who: Staff, station: OrgUnit, *, days_ago: int = 1) -> Booking:
    # A different hour each time: a counsellor's sessions never overlap (PostgreSQL checks).
    starts = NOW - timedelta(days=days_ago, hours=n() % 1000)
    booking = make_booking(who.counsellor, station, who.worker, starts_at=starts)
    return booking_check_in(actor=who.counsellor, booking=booking, now=NOW)


def pod_session(who: Staff, station: OrgUnit, *, used: bool = True) -> PodBooking:
    pod = PodFactory.create(station=station)
    booking = PodBooking.objects.create(
        pod=pod, worker=who.worker, starts_at=NOW - timedelta(hours=1), ends_at=NOW
    )
    status = PodBookingStatus.USED if used else PodBookingStatus.NO_SHOW
    return pod_booking_mark(actor=who.admin, booking=booking, status=status)


def pod_mark(who: Staff, booking: PodBooking, *, used: bool) -> None:
    status = PodBookingStatus.USED if used else PodBookingStatus.NO_SHOW
    pod_booking_mark(actor=who.admin, booking=booking, status=status)


# --- hotline ---------------------------------------------------------------------------------


def call(who: Staff, *, gig: bool = False, crisis: bool = False) -> None:
    topic = CallTopic.objects.first() or CallTopic.objects.create(code="other", name="其他")
    started = call_services.call_start(actor=who.operator, line=who.line)
    data = call_services.CallData(
        started_at=NOW - timedelta(minutes=30),
        caller_type="worker",
        topics=[topic],
        gig_worker=gig,
        risk=RiskLevel.CRISIS if crisis else RiskLevel.LOW,
        summary="工作压力大",
        outcome=CallOutcome.CASE_OPENED if crisis else CallOutcome.COUNSELLED,
    )
    call_services.call_log(actor=who.operator, call=started, data=data)


def closed_case(who: Staff) -> HotlineCase:
    case = open_case(who.line, who.operator)
    return case_services.case_close(actor=who.operator, case=case, outcome="resolved")


def crisis_acknowledged(who: Staff, *, after_minutes: int) -> CrisisIncident:
    """A crisis call, acknowledged by the supervisor `after_minutes` later."""
    call(who, crisis=True)
    incident = CrisisIncident.objects.order_by("-pk").first()
    assert incident is not None
    with time_machine.travel(incident.opened_at + timedelta(minutes=after_minutes), tick=False):
        crisis_services.crisis_acknowledge(actor=who.supervisor, incident=incident)
    return incident


def petition_visit(who: Staff, *, people: int, heard: int = 0) -> PetitionVisit:
    visit = petition_services.visit_log(
        actor=who.operator,
        line=who.line,
        day=NOW.date() - timedelta(days=1),
        starts=time(9),
        ends=time(12),
        people_counselled=people,
    )
    for _i in range(heard):
        hearing(who, visit)
    return visit


def hearing(who: Staff, visit: PetitionVisit) -> PetitionHearing:
    return petition_services.hearing_add(
        actor=who.operator, visit=visit, category="wages", summary="拖欠工资", one_to_one=True
    )
