"""The demo expert pool: 40 lecturers at the city centre (one of them the demo expert login)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from accounts.models import User
from courses.models import BlockedDay, Category, Expert, ExpertDistrict
from network.models import Level, OrgUnit, PractitionerProfile, Qualification

DEMO_EXPERT_EMAIL = "expert@demo.xinling.cn"  # made by network.demo, with a login
NAMES = (
    "王晓梅",
    "李建国",
    "张慧敏",
    "刘志强",
    "陈静怡",
    "杨帆",
    "赵丽华",
    "黄振宇",
    "周敏",
    "吴海燕",
    "徐立新",
    "孙悦",
    "马文博",
    "朱红霞",
    "胡晓东",
    "郭佳",
    "何雪",
    "高明远",
    "林晓岚",
    "罗军",
    "梁雅琴",
    "宋子健",
    "谢婷",
    "韩冰",
    "唐永刚",
    "冯晓琳",
    "于海波",
    "董丽",
    "萧然",
    "程向阳",
    "曹颖",
    "袁立",
    "邓欣",
    "许文静",
    "傅强",
    "沈梦",
    "曾凡",
    "彭丽娟",
    "吕思远",
)
TITLES = ("教授", "副教授", "老师", "主任", "博士")
QUALIFICATIONS = (
    Qualification.NATIONAL_LEVEL_2,
    Qualification.NATIONAL_LEVEL_2,
    Qualification.NATIONAL_LEVEL_3,
    Qualification.REGISTERED_PSYCHOLOGIST,
    Qualification.PSYCHIATRIST,
    Qualification.SOCIAL_WORKER,
)
BIOS = (
    "高校应用心理学教师，长期为企事业单位开展职工心理健康讲座。",
    "从事心理咨询工作十余年，擅长团体辅导与体验式课程。",
    "医院心理科医师，关注职业人群的睡眠与情绪问题。",
    "资深社会工作者，长期服务新就业形态劳动者和困难职工家庭。",
    "家庭教育指导师，为多所中小学和企业开展家长课堂。",
    "企业EAP项目负责人，熟悉班组建设与员工关怀。",
)
LABELS = dict(Category.choices)


def _user(number: int) -> User:
    email = f"expert{number:02d}@demo.xinling.cn"
    user, created = User.objects.get_or_create(
        username=f"expert{number:02d}", defaults={"email": email}
    )
    if created:
        # The pool's other experts have no demo login (and no slow password hash to make).
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _profile(number: int, rng: random.Random, specialities: list[str]) -> PractitionerProfile:
    name = NAMES[number - 2]
    profile, _ = PractitionerProfile.objects.get_or_create(
        user=_user(number),
        defaults={
            "display_name": name + rng.choice(TITLES),
            "qualification": rng.choice(QUALIFICATIONS),
            "specialities": ", ".join(str(LABELS[s]) for s in specialities),
            "bio": rng.choice(BIOS),
            "offers_online": rng.random() < 0.4,
            # Two experts are not in the public directory (yet): the portal never shows them.
            "is_public": number not in (17, 33),
        },
    )
    return profile


def experts(centre: OrgUnit, rng: random.Random) -> dict[Expert, list[str]]:
    """The 40 experts and the categories each teaches."""
    districts = list(OrgUnit.objects.filter(level=Level.DISTRICT).order_by("path"))
    categories = list(Category.values)
    pool: dict[Expert, list[str]] = {}
    for number in range(1, 41):
        specialities = sorted(rng.sample(categories, 2), key=categories.index)
        if number == 1:
            user = User.objects.filter(email=DEMO_EXPERT_EMAIL).first()
            profile = getattr(user, "practitioner", None) if user else None
            if profile is None:
                continue
            specialities = [Category.STRESS, Category.TEAM]
        else:
            profile = _profile(number, rng, specialities)
        expert, created = Expert.objects.get_or_create(
            practitioner=profile, defaults={"code": f"ZJ-{number:03d}", "unit": centre}
        )
        if created:
            chosen = rng.sample(districts, rng.randint(1, len(districts))) if districts else []
            ExpertDistrict.objects.bulk_create(
                ExpertDistrict(expert=expert, district=d) for d in chosen
            )
            start = date(2026, 9, 1)
            days = {start + timedelta(days=rng.randint(0, 120)) for _ in range(rng.randint(0, 3))}
            BlockedDay.objects.bulk_create(
                BlockedDay(expert=expert, date=day, note="外出培训") for day in sorted(days)
            )
        pool[expert] = specialities
    return pool
