"""Fixtures of the courses tests: a small catalogue with experts, staff who see it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from courses.models import Audience, Category, Expert, Format, HalfDay, Lecture, Round, Topic
from courses.services import OrderData, PreferredDate
from network.models import OrgUnit, Role
from tests.courses.factories import ExpertFactory, LectureFactory, PractitionerFactory, TopicFactory
from tests.network import factories


@dataclass
class Catalogue:
    zheng: Expert  # public
    wang: Expert  # public
    hidden: Expert  # not in the public directory
    stress: Topic  # 职场压力识别与应对
    parenting: Topic  # 与青春期孩子有效沟通
    sandplay: Topic  # 亲子沙盘
    team: Topic
    retired: Topic  # inactive


@pytest.fixture
def catalogue(tree: dict[str, OrgUnit]) -> Catalogue:
    centre = tree["centre"]
    zheng = ExpertFactory(
        unit=centre, code="ZJ-001", practitioner=PractitionerFactory(display_name="郑教授")
    )
    wang = ExpertFactory(
        unit=centre, code="ZJ-002", practitioner=PractitionerFactory(display_name="王晓梅")
    )
    hidden = ExpertFactory(
        unit=centre,
        code="ZJ-003",
        practitioner=PractitionerFactory(display_name="隐藏专家", is_public=False),
    )
    zheng.districts.add(tree["district_a"])
    return Catalogue(
        zheng=zheng,
        wang=wang,
        hidden=hidden,
        stress=TopicFactory(
            code="YL-001",
            title="职场压力识别与应对",
            category=Category.STRESS,
            formats={Format.LECTURE, Format.ONLINE},
            audiences={Audience.FRONTLINE, Audience.GIG},
            experts=[zheng, hidden],
            summary="认识压力来源，学会科学减压。",
        ),
        parenting=TopicFactory(
            code="QZ-003",
            title="与青春期孩子有效沟通",
            category=Category.PARENTING,
            audiences={Audience.PARENTS},
            experts=[wang],
            summary="理解孩子的心理需要，建立信任的亲子关系。",
        ),
        sandplay=TopicFactory(
            code="QZ-010",
            title="亲子沙盘：在游戏中走近孩子",
            category=Category.PARENTING,
            formats={Format.GROUP, Format.WORKSHOP},
            audiences={Audience.PARENTS, Audience.WOMEN},
            experts=[wang, zheng],
            length_minutes=120,
        ),
        team=TopicFactory(
            code="TD-002",
            title="团队凝聚力提升工作坊",
            category=Category.TEAM,
            formats={Format.WORKSHOP},
            audiences={Audience.MANAGERS, Audience.CADRES},
        ),
        retired=TopicFactory(
            code="QX-027",
            title="情绪日记：记录与成长",
            category=Category.EMOTION,
            is_active=False,
        ),
    )


@pytest.fixture
def expert_staff(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("expert.staff@example.com", Role.EXPERT, tree["centre"])


@pytest.fixture
def centre_unit_admin(tree: dict[str, OrgUnit]) -> User:
    """A unit administrator at the city centre: centre-level staff who may import."""
    return factories.staff("centre.unit@example.com", Role.UNIT_ADMIN, tree["centre"])


# --- ordering rounds and orders (tests/courses/test_orders*.py, test_assignment*.py, …) ----

# Every ordering test runs on this day unless it travels elsewhere: the 2026 round is open.
ORDER_DAY = "2026-04-01 10:00 +0800"


@dataclass
class Ordering:
    round: Round
    catalogue: Catalogue
    room_admin: User  # administers 甲一企业服务室 (room_a1r)
    station_admin: User  # administers 甲一心灵驿站 and its room
    district_admin: User  # administers 甲区分中心 (reviews its orders)


@pytest.fixture
def frozen_day() -> Iterator[None]:
    with time_machine.travel(ORDER_DAY, tick=False):
        yield


@pytest.fixture
def ordering(
    frozen_day: None, tree: dict[str, OrgUnit], catalogue: Catalogue, centre_admin: User
) -> Ordering:
    round_ = Round.objects.create(
        year=2026, opens_on=date(2026, 3, 1), closes_on=date(2026, 4, 29), opened_by=centre_admin
    )
    round_.topics.set([catalogue.stress, catalogue.parenting, catalogue.sandplay, catalogue.team])
    return Ordering(
        round=round_,
        catalogue=catalogue,
        room_admin=factories.staff("room.admin@example.com", Role.UNIT_ADMIN, tree["room_a1r"]),
        station_admin=factories.staff(
            "station.admin@example.com", Role.UNIT_ADMIN, tree["station_a1"]
        ),
        district_admin=factories.staff(
            "district.admin@example.com", Role.UNIT_ADMIN, tree["district_a"]
        ),
    )


@pytest.fixture
def order_data(ordering: Ordering) -> Callable[..., OrderData]:
    """The registration form's content, May dates; keywords override fields."""

    def make(**changes: Any) -> OrderData:
        values: dict[str, Any] = {
            "first_topic": ordering.catalogue.stress,
            "second_topic": ordering.catalogue.parenting,
            "dates": [
                PreferredDate(date(2026, 5, 12), HalfDay.MORNING),
                PreferredDate(date(2026, 5, 14), HalfDay.AFTERNOON),
            ],
            "venue": "甲一企业三楼报告厅",
            "venue_capacity": 120,
            "audience_size": 80,
            "key_groups": ("frontline",),
            "contact_name": "李干事",
            "contact_phone": "+8613912345678",
        }
        values.update(changes)
        return OrderData(**values)

    return make


# --- lectures ------------------------------------------------------------------------------

# The lecture of the sign-in tests: Wednesday 10 June 2026, 14:00–15:30 Shanghai time;
# sign-in opens at 13:30 and closes at 16:00.
LECTURE_START = datetime(2026, 6, 10, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def lecturer(tree: dict[str, OrgUnit]) -> User:
    """An expert's staff account; `lecture`'s expert is this person."""
    return factories.staff("lecturer@example.com", Role.EXPERT, tree["centre"])


@pytest.fixture
def lecture(tree: dict[str, OrgUnit], lecturer: User) -> Lecture:
    expert = ExpertFactory(
        unit=tree["centre"],
        code="ZJ-101",
        practitioner=PractitionerFactory(user=lecturer, display_name="李老师"),
    )
    topic = TopicFactory(code="YL-101", title="职场压力识别与应对", experts=[expert])
    return LectureFactory(
        topic=topic,
        expert=expert,
        unit=tree["room_a1r"],
        starts_at=LECTURE_START,
        ends_at=LECTURE_START + timedelta(minutes=90),
        venue="甲一企业职工之家报告厅",
    )


@pytest.fixture
def room_admin(tree: dict[str, OrgUnit]) -> User:
    """The host unit's administrator (甲一企业服务室)."""
    return factories.staff("room.admin@example.com", Role.UNIT_ADMIN, tree["room_a1r"])
