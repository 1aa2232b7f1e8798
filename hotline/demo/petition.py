"""Demo petition desk for `make run`: a few visit days at the petition bureau this year,
the cases heard on them and one legal aid referral that recovered wages. Written through
the services, like real ones."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from accounts.models import User
from core import clock
from hotline.models import LegalAidOutcome, Line, PetitionReferral
from hotline.services import petition as svc

HEARD = [
    ("wages", "建筑工人反映工程款结算后工资仍未发放。", True, True),
    ("social_insurance", "咨询单位未缴社保如何补缴。", True, False),
    ("work_injury", "工伤认定后单位拒付停工留薪期工资。", False, True),
    ("family", "因劳动纠纷长期上访,家庭关系紧张。", True, False),
]


def load(line: Line, operators: list[User]) -> None:
    today = clock.today()
    for index, days_ago in enumerate((21, 14, 7)):
        day = today - timedelta(days=days_ago)
        if day.year != today.year:
            continue
        visit = svc.visit_log(
            actor=operators[index % len(operators)],
            line=line,
            day=day,
            starts=time(9),
            ends=time(12),
            people_counselled=3,
        )
        for category, summary, one_to_one, legal_aid in HEARD[index:]:
            svc.hearing_add(
                actor=visit.counsellor,
                visit=visit,
                category=category,
                summary=summary,
                one_to_one=one_to_one,
                refer_legal_aid=legal_aid,
            )
    recovered = (
        line.petition_visits.filter(hearings__referral__isnull=False)
        .values_list("hearings__referral", flat=True)
        .first()
    )
    if recovered is not None:
        svc.referral_outcome(
            actor=operators[0],
            referral=PetitionReferral.objects.get(pk=recovered),
            outcome=LegalAidOutcome.WAGES_RECOVERED,
            amount=Decimal("12800.00"),
        )
