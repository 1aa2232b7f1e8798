"""Demo roster for `make run`: the city centre's 12351 line, its people and a weekly rota.

Three shifts a day (day 08–16, evening 16–24, night 00–08), each with an operator and a
supervisor, except the Wednesday night, which has no supervisor: one deliberate gap a
week for the roster to show. One operator works most nights, so the supervisor view
shows a welfare warning. Idempotent: a centre that already has a line keeps it.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from allauth.account.models import EmailAddress

from accounts.models import User
from core import clock
from core.demo import DEMO_PASSWORD, DemoLogin
from hotline import services
from hotline.demo import calls, crisis, petition
from hotline.models import (
    Duty,
    Line,
    PatternAssignment,
    PatternEntry,
    RosterPattern,
    ShiftTemplate,
)
from network import services as network_services
from network.models import Level, OrgUnit, Role

OPERATORS = [
    ("operator@demo.xinling.cn", "冯", "洁"),  # made by network's demo
    ("operator2@demo.xinling.cn", "林", "晓"),
    ("operator3@demo.xinling.cn", "周", "宁"),
    ("operator4@demo.xinling.cn", "吴", "涛"),
]
SUPERVISORS = [
    ("hotline.lead@demo.xinling.cn", "韩", "磊"),  # made by network's demo; the line's lead
    ("hotline.sup2@demo.xinling.cn", "陈", "静"),
    ("hotline.sup3@demo.xinling.cn", "郭", "明"),
]
SHIFTS = [("白班", time(8), time(16)), ("晚班", time(16), time(0)), ("夜班", time(0), time(8))]
GAP_WEEKDAY = 2  # Wednesday's night shift has no supervisor


def _person(admin: Any, centre: OrgUnit, email: str, family: str, given: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            username=email.split("@")[0].replace(".", "_"),
            email=email,
            password=DEMO_PASSWORD,
            last_name=family,
            first_name=given,
            is_staff=True,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    network_services.membership_grant(actor=admin, user=user, unit=centre, role=role)
    return user


def _rota(line: Line, operators: list[User], supervisors: list[User]) -> None:
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    pattern = RosterPattern.objects.create(
        line=line,
        name="12351 每周轮班",
        anchor=monday,
        valid_from=monday - timedelta(days=35),  # a month of history for the welfare view
    )
    templates = [
        ShiftTemplate.objects.create(line=line, name=name, starts=starts, ends=ends)
        for name, starts, ends in SHIFTS
    ]
    night_owl = operators[3]
    for weekday in range(7):
        for index, template in enumerate(templates):
            entry = PatternEntry.objects.create(pattern=pattern, weekday=weekday, template=template)
            night = index == 2
            operator = night_owl if night and weekday < 5 else operators[(weekday + index) % 3]
            PatternAssignment.objects.create(entry=entry, user=operator, duty=Duty.OPERATOR)
            if night and weekday == GAP_WEEKDAY:
                continue
            supervisor = supervisors[(weekday + index) % 3]
            PatternAssignment.objects.create(entry=entry, user=supervisor, duty=Duty.SUPERVISOR)


def load(admin: Any) -> list[DemoLogin]:
    centre = OrgUnit.objects.filter(level=Level.CENTRE).first()
    if centre is None:
        return []
    operators = [_person(admin, centre, *p, Role.HOTLINE_OPERATOR) for p in OPERATORS]
    supervisors = [_person(admin, centre, *p, Role.HOTLINE_SUPERVISOR) for p in SUPERVISORS]
    if not Line.objects.filter(unit=centre).exists():
        line = Line(unit=centre, name="12351 职工服务热线", number="12351", lead=supervisors[0])
        services.roster_setup_save(actor=admin, obj=line)
        _rota(line, operators, supervisors)
        calls.load(line, operators)
        petition.load(line, operators)
        crisis.load(line, supervisors[0])
    return [
        DemoLogin(email, f"hotline operator · {centre.name}") for email, *_ in OPERATORS[1:]
    ] + [DemoLogin(email, f"hotline supervisor · {centre.name}") for email, *_ in SUPERVISORS[1:]]
