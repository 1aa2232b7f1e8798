"""Demo data of the courses app for `make run`: 40 experts, the 211-topic catalogue and
an open ordering round with a dozen orders (courses.demo.orders) and two lectures, one held
and one about to start (courses.demo.lectures).

Deterministic (a fixed seed) and idempotent: experts are found by their practitioner
profile, topics by their code. core.demo calls `load(admin)` after the network's demo.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.db import transaction

from accounts.models import User
from core.demo import DemoLogin
from courses.demo import lectures, orders
from courses.demo.experts import experts
from courses.demo.titles import GOALS, METHODS, TITLES
from courses.models import Audience, Category, Expert, Format, Topic
from courses.services.topics import TopicData, topic_write
from network.models import OrgUnit

AUDIENCES_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    Category.EMOTION: (Audience.FRONTLINE, Audience.ALL),
    Category.STRESS: (Audience.FRONTLINE, Audience.GIG),
    Category.RELATIONS: (Audience.ALL, Audience.YOUNG),
    Category.TEAM: (Audience.MANAGERS, Audience.CADRES),
    Category.RESILIENCE: (Audience.ALL, Audience.NEW_HIRES),
    Category.MARRIAGE: (Audience.YOUNG, Audience.WOMEN),
    Category.PARENTING: (Audience.PARENTS, Audience.WOMEN),
    Category.FAMILY: (Audience.PARENTS,),
}
KEYWORD_AUDIENCES = (
    (("快递", "外卖", "骑手", "网约车", "新就业"), Audience.GIG),
    (("女",), Audience.WOMEN),
    (("教师", "家校"), Audience.TEACHERS),
    (("医护",), Audience.MEDICAL),
    (("工会干部", "班组长", "骨干"), Audience.CADRES),
    (("管理者", "领导"), Audience.MANAGERS),
    (("新入职", "新环境"), Audience.NEW_HIRES),
)
GROUP_WORDS = ("沙盘", "团体", "绘画", "游戏", "拓展", "疗愈", "音乐")


def _formats(title: str, index: int) -> frozenset[str]:
    formats = {Format.LECTURE}
    if "工作坊" in title or index % 3 == 1:
        formats.add(Format.WORKSHOP)
    if any(word in title for word in GROUP_WORDS):
        formats = {Format.GROUP, Format.WORKSHOP}
    if index % 4 == 0:
        formats.add(Format.ONLINE)
    return frozenset(formats)


def _audiences(category: str, title: str, rng: random.Random) -> frozenset[str]:
    audiences = set(AUDIENCES_BY_CATEGORY[category])
    for words, audience in KEYWORD_AUDIENCES:
        if any(word in title for word in words):
            audiences.add(audience)
    if rng.random() < 0.3:
        audiences.add(rng.choice([Audience.FRONTLINE, Audience.YOUNG, Audience.WOMEN]))
    return frozenset(audiences)


def _summary(title: str, category: str, rng: random.Random) -> str:
    return f"本课程围绕“{title}”展开，{rng.choice(METHODS)}，帮助职工{GOALS[category]}。"


def _teachers(category: str, pool: dict[Expert, list[str]], rng: random.Random) -> frozenset[int]:
    able = [expert.pk for expert, categories in pool.items() if category in categories]
    if not able:
        return frozenset()
    return frozenset(rng.sample(able, min(len(able), rng.randint(1, 3))))


@transaction.atomic
def load(admin: User) -> list[DemoLogin]:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded in production.")
    centre = OrgUnit.objects.filter(parent__isnull=True).first()
    if centre is None:
        return []
    rng = random.Random(2025)  # noqa: S311 - demo data, not security
    pool = experts(centre, rng)
    existing = set(Topic.objects.values_list("code", flat=True))
    for category, (prefix, titles) in TITLES.items():
        for number, title in enumerate(titles, start=1):
            data = TopicData(
                code=f"{prefix}-{number:03d}",
                title=title,
                category=category,
                length_minutes=rng.choice((60, 90, 90, 120, 120, 180)),
                formats=_formats(title, number),
                audiences=_audiences(category, title, rng),
                experts=_teachers(category, pool, rng),
                summary=_summary(title, category, rng),
                # Two retired topics show that inactive ones stay off the portal.
                is_active=(prefix, number) not in {("QX", 27), ("JT", 26)},
            )
            if data.code not in existing:
                topic_write(topic=None, data=data)
    orders.load(admin)
    lectures.load(admin)
    return []
