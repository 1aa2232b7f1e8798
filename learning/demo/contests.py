"""Demo quiz contest: running for a fortnight with a staggered start, and 22 entries already
submitted: twelve from one enterprise service room and ten from another, so both rows show
on the unit board (a unit under ten entrants would be hidden, and a second one with it).

Idempotent: the contest is found by its title, the entrants by their usernames; an entry
already submitted is left alone.
"""

from __future__ import annotations

import random
from datetime import timedelta

from accounts.models import User
from core import clock
from courses.services import Category
from learning import services
from learning.models import Contest, ContestEntry, ContestLine, ContestStatus, Difficulty, Option
from network.models import Level, OrgUnit

TITLE = "心理健康知识有奖问答（演示）"
LINES = (
    (Category.STRESS, Difficulty.EASY, 2),
    (Category.EMOTION, Difficulty.EASY, 2),
    (Category.RESILIENCE, Difficulty.EASY, 1),
)
NICKNAMES = (
    "小鲸鱼", "向日葵", "青岛骑手", "晨跑者", "慢慢来", "海风", "小太阳", "不焦虑",
    "蓝莓", "早睡早起", "山海", "微笑", "石老人", "栈桥", "小麦", "橘子",
    "八大关", "啤酒花", "浮山", "崂山云", "小港湾", "金沙滩",
)  # fmt: skip
FIRST_UNIT = 12


def contest() -> Contest:
    found = Contest.objects.filter(title=TITLE).first()
    if found is not None:
        return found
    now = clock.now_local().replace(second=0, microsecond=0)
    made = Contest.objects.create(
        title=TITLE,
        description="五道题、五分钟，答完即可看到排行榜。前十名可获工会纪念品。",
        starts_at=now - timedelta(days=2),
        ends_at=now + timedelta(days=12),
        time_limit_minutes=5,
        staggered_start=True,
        status=ContestStatus.PUBLISHED,
        draw_seed=2026,
    )
    ContestLine.objects.bulk_create(
        ContestLine(contest=made, category=c, difficulty=d, count=n) for c, d, n in LINES
    )
    return made


def _entrant(number: int) -> User:
    user, created = User.objects.get_or_create(
        username=f"contest-demo-{number:02d}",
        defaults={
            "email": f"contest{number:02d}@demo.xinling.cn",
            "phone": f"+861390000{9000 + number}",
            "phone_verified": True,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _answers(entry: object, right: int, rng: random.Random) -> dict[int, list[int]]:
    chosen: dict[int, list[int]] = {}
    for index, row in enumerate(entry.questions.order_by("position")):  # type: ignore[attr-defined]
        good = sorted(
            Option.objects.filter(question_id=row.question_id, is_correct=True).values_list(
                "id", flat=True
            )
        )
        wrong = [o for o in row.option_order if o not in good]
        chosen[row.pk] = good if index < right or not wrong else [rng.choice(wrong)]
    return chosen


def load() -> Contest | None:
    rooms = list(OrgUnit.objects.filter(is_active=True, level=Level.ROOM).order_by("path")[:2])
    if len(rooms) < 2:
        return None
    running = contest()
    rng = random.Random(12351)  # noqa: S311 - demo answers, not security
    for number, nickname in enumerate(NICKNAMES, start=1):
        worker = _entrant(number)
        unit = rooms[0] if number <= FIRST_UNIT else rooms[1]
        entry = services.contest_open(
            actor=worker, contest=running, nickname=nickname, unit=unit, rng=rng
        )
        if entry.is_submitted:
            continue
        right = rng.choice((2, 3, 4, 4, 5, 5))
        services.contest_entry_submit(
            actor=worker, entry=entry, answers=_answers(entry, right, rng)
        )
        # Submitted a moment after opening here; a real entrant takes a minute or four, and
        # the leaderboard breaks ties on the time taken.
        ContestEntry.objects.filter(pk=entry.pk).update(
            time_taken=timedelta(seconds=rng.randint(60, 290))
        )
    return running
