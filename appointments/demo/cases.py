"""Demo counselling case for `make run`: the demo worker's case with the demo counsellor at
台东心灵驿站: five past sessions with notes, a legal-aid referral with feedback and an
overdue follow-up, so the case pages and the overdue lists show something.

Idempotent: nothing is added when the demo worker already has a case with the counsellor.
Written straight to the database (the services refuse to book the past).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from accounts.models import User
from appointments.models import (
    Booking,
    BookingStatus,
    Case,
    FollowUp,
    FollowUpKind,
    Mode,
    ReasonCategory,
    Referral,
    ReferralStatus,
    ReferralTarget,
    RiskLevel,
    SessionNote,
    Slot,
)
from core import clock
from network.models import OrgUnit

WORKER = "worker@demo.xinling.cn"
COUNSELLOR = "counsellor@demo.xinling.cn"
STATION = "台东心灵驿站"

# One note per weekly session, oldest first; from the third the tone darkens.
NOTES = [
    "首次来访。主诉近两个月工作量大、加班多，入睡困难。情绪尚稳定，有家人支持。"
    "约定记录睡眠情况，下周继续。",
    "睡眠略有改善。讨论了下班后的放松方法，来访者愿意尝试。整体状态平稳。",
    "来访者情绪明显低落，提到工资被拖欠三个月，担心家里开支，说“有时觉得撑不下去”。"
    "评估无具体计划，已告知12351热线及危机求助方式。建议转介法律援助。",
    "仍感无望，睡眠变差，食欲下降。已协助联系区法律援助中心。与督导讨论，风险评为中等，增加随访。",
    "法律援助已受理，来访者稍感安心，但仍易哭泣、回避与同事交流。约定一周内电话随访，再约下次面谈。",
]


def _past_session(*, case: Case, day: date, body: str) -> None:
    """One attended session of the demo case, with its note, on `day`."""
    worker, counsellor, station = case.worker, case.counsellor, case.station
    tz = clock.network_tz()
    starts = datetime.combine(day, time(9), tzinfo=tz)
    # Past times only: generated office-hour slots are all in the future.
    while Slot.objects.filter(counsellor=counsellor, starts_at=starts).exists():
        starts -= timedelta(hours=1)
    slot = Slot.objects.create(
        counsellor=counsellor,
        station=station,
        mode=Mode.IN_PERSON,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=50),
    )
    booking = Booking.objects.create(
        slot=slot,
        worker=worker,
        counsellor=counsellor,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        status=BookingStatus.ATTENDED,
        reason=ReasonCategory.WORK_STRESS,
        case=case,
        checked_in_at=starts - timedelta(minutes=5),
        marked_by=counsellor,
    )
    note = SessionNote.objects.create(case=case, booking=booking, author=counsellor, body=body)
    written = starts + timedelta(hours=1)
    SessionNote.objects.filter(pk=note.pk).update(created_at=written, updated_at=written)


@transaction.atomic
def load(admin: Any) -> None:
    worker = User.objects.filter(email=WORKER).first()
    counsellor = User.objects.filter(email=COUNSELLOR).first()
    station = OrgUnit.objects.filter(name=STATION).first()
    if worker is None or counsellor is None or station is None:
        return
    if Case.objects.filter(worker=worker, counsellor=counsellor).exists():
        return
    tz = clock.network_tz()
    today = clock.today()
    first_day = today - timedelta(days=7 * len(NOTES))
    case = Case.objects.create(
        worker=worker,
        counsellor=counsellor,
        station=station,
        concern=ReasonCategory.WORK_STRESS,
        risk_level=RiskLevel.MODERATE,
    )
    Case.objects.filter(pk=case.pk).update(
        opened_at=datetime.combine(first_day, time(10), tzinfo=tz)
    )
    for number, body in enumerate(NOTES):
        _past_session(case=case, day=first_day + timedelta(days=7 * number), body=body)
    referral = Referral.objects.create(
        case=case,
        target=ReferralTarget.LEGAL_AID,
        organisation="市南区职工法律援助工作站",
        status=ReferralStatus.COMPLETED,
        feedback="已受理欠薪申诉，律师已与来访者面谈，预计一个月内调解。",
        created_by=counsellor,
    )
    Referral.objects.filter(pk=referral.pk).update(
        created_at=datetime.combine(first_day + timedelta(days=15), time(14), tzinfo=tz)
    )
    # The next step: a phone call that is now two days overdue.
    FollowUp.objects.create(
        case=case,
        kind=FollowUpKind.PHONE_CALL,
        due_on=today - timedelta(days=2),
        assigned_to=counsellor,
        created_by=counsellor,
    )
