"""A realistic demo network for `make run`, modelled on a prefecture-level city.

One city centre, 4 district sub-centres, 9 heart stations (several at union
stations for gig workers), 40 enterprise service rooms, with staff in every
role. Idempotent: units are found by name under their parent.
"""

from __future__ import annotations

import random
from datetime import date, time
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings

from accounts.models import User
from core.demo import DEMO_PASSWORD, DemoLogin
from network import services
from network.models import (
    HostKind,
    Level,
    Membership,
    OpeningException,
    OpeningRule,
    OrgUnit,
    PartnerApp,
    PractitionerProfile,
    Qualification,
    Role,
    Scope,
    ServiceKind,
    StationProfile,
    StationService,
    UnitGroup,
)

DISTRICTS = [
    # name, address, (lat, lng)
    ("市南区分中心", "市南区香港中路 76 号", (36.0662, 120.3826)),
    ("市北区分中心", "市北区辽宁路 188 号", (36.0875, 120.3640)),
    ("李沧区分中心", "李沧区京口路 58 号", (36.1453, 120.4320)),
    ("崂山区分中心", "崂山区海尔路 178 号", (36.1075, 120.4686)),
]

STATIONS = [
    # district index, name, address, (lat, lng), gig-worker station, open 24h
    (0, "八大关心灵驿站", "市南区太平角一路 5 号工会驿站", (36.0555, 120.3570), False, False),
    (0, "中山路心灵驿站", "市南区中山路 102 号工会驿站", (36.0685, 120.3178), True, False),
    (0, "五四广场心灵驿站", "市南区东海西路 35 号", (36.0609, 120.3848), True, True),
    (1, "台东心灵驿站", "市北区台东三路 88 号工会驿站", (36.0830, 120.3520), True, False),
    (1, "浮山后心灵驿站", "市北区南京路 300 号", (36.0953, 120.3951), False, False),
    (2, "李村心灵驿站", "李沧区书院路 120 号工会驿站", (36.1488, 120.4270), True, False),
    (2, "九水心灵驿站", "李沧区九水东路 66 号", (36.1620, 120.4510), False, False),
    (3, "麦岛心灵驿站", "崂山区麦岛路 23 号", (36.0795, 120.4300), False, False),
    (3, "科技城心灵驿站", "崂山区株洲路 151 号工会驿站", (36.1180, 120.4820), True, False),
]

EMPLOYERS = [
    "海湾啤酒有限公司",
    "港城公交集团",
    "蓝海电子科技",
    "青山纺织厂",
    "东方港务公司",
    "明珠百货",
    "海信路物流园",
    "双星轮胎厂",
    "北岸食品有限公司",
    "滨海医院",
    "城建集团第三公司",
    "新海燃气",
    "金沙滩酒店",
    "海洋研究院后勤中心",
    "恒通快递分拨中心",
    "长城汽车配件厂",
    "兴业银行分行",
    "华山机械厂",
    "海川水务",
    "万家超市配送中心",
    "明月海藻集团",
    "顺丰速运园区",
    "外卖骑手服务中心",
    "青岛港湾建设",
    "海之韵养老院",
    "星光制药",
    "海晶化工",
    "金桥家政服务",
    "天宇网约车服务中心",
    "国信体育中心",
    "胶州湾隧道管理处",
    "市政环卫三队",
    "海景花园酒店",
    "远洋船员服务中心",
    "东亚钢构",
    "百合电器",
    "崂山矿泉水厂",
    "高新区软件园",
    "海尔工业园服务站",
    "特锐德电气",
]

PEOPLE: list[dict[str, Any]] = [
    # email, family, given, role, unit key, practitioner profile
    {
        "email": "shinan.admin@demo.xinling.cn",
        "name": ("王", "丽"),
        "role": Role.UNIT_ADMIN,
        "unit": "市南区分中心",
    },
    {
        "email": "shibei.admin@demo.xinling.cn",
        "name": ("李", "强"),
        "role": Role.UNIT_ADMIN,
        "unit": "市北区分中心",
    },
    {
        "email": "cadre.two@demo.xinling.cn",
        "name": ("赵", "敏"),
        "role": Role.UNIT_ADMIN,
        "unit": "李沧区分中心",
        "also": "崂山区分中心",
    },
    {
        "email": "station.lead@demo.xinling.cn",
        "name": ("孙", "悦"),
        "role": Role.UNIT_ADMIN,
        "unit": "台东心灵驿站",
    },
    {
        "email": "counsellor@demo.xinling.cn",
        "name": ("陈", "静"),
        "role": Role.COUNSELLOR,
        "unit": "台东心灵驿站",
        "profile": {
            "qualification": Qualification.NATIONAL_LEVEL_2,
            "specialities": "职场压力, 情绪管理, 婚姻关系",
            "offers_phone": True,
            "offers_online": True,
            "bio": "国家二级心理咨询师，从事职工心理服务十年。",
        },
    },
    {
        "email": "counsellor2@demo.xinling.cn",
        "name": ("周", "宁"),
        "role": Role.COUNSELLOR,
        "unit": "李村心灵驿站",
        "profile": {
            "qualification": Qualification.NATIONAL_LEVEL_3,
            "specialities": "亲子关系, 家庭教育",
            "offers_phone": True,
            "bio": "专注亲子沟通与家庭教育。",
        },
    },
    {
        "email": "supervisor@demo.xinling.cn",
        "name": ("吴", "老师"),
        "role": Role.CLINICAL_SUPERVISOR,
        "unit": "市职工心理健康服务中心",
    },
    {
        "email": "expert@demo.xinling.cn",
        "name": ("郑", "教授"),
        "role": Role.EXPERT,
        "unit": "市职工心理健康服务中心",
        "profile": {
            "qualification": Qualification.REGISTERED_PSYCHOLOGIST,
            "specialities": "压力调整, 团队成长",
            "offers_online": True,
            "bio": "高校心理学教授，市专家库成员。",
        },
    },
    {
        "email": "operator@demo.xinling.cn",
        "name": ("冯", "洁"),
        "role": Role.HOTLINE_OPERATOR,
        "unit": "市职工心理健康服务中心",
    },
    {
        "email": "hotline.lead@demo.xinling.cn",
        "name": ("韩", "磊"),
        "role": Role.HOTLINE_SUPERVISOR,
        "unit": "市职工心理健康服务中心",
    },
    {
        "email": "regulator@demo.xinling.cn",
        "name": ("杨", "帆"),
        "role": Role.EMOTION_REGULATOR,
        "unit": "五四广场心灵驿站",
    },
    {
        "email": "backbone@demo.xinling.cn",
        "name": ("朱", "红"),
        "role": Role.BACKBONE,
        "unit": "海湾啤酒有限公司服务室",
    },
    {
        "email": "analyst@demo.xinling.cn",
        "name": ("何", "平"),
        "role": Role.ANALYST,
        "unit": "市职工心理健康服务中心",
    },
]

GROUPS = [
    ("gig-workers", "新就业形态劳动者重点驿站", "为快递员、外卖骑手、网约车司机等服务的驿站"),
    ("provincial-model", "省级示范工会驿站", ""),
]


def _user(email: str, family: str, given: str, *, staff: bool, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=email.split("@")[0].replace(".", "_"),
        defaults={
            "email": email,
            "last_name": family,
            "first_name": given,
            "is_staff": staff,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _hours(station: StationProfile, weekdays: range, opens: time, closes: time) -> None:
    for weekday in weekdays:
        OpeningRule.objects.create(station=station, weekday=weekday, opens=opens, closes=closes)


def _unit(
    actor: User,
    *,
    name: str,
    level: str,
    parent: OrgUnit | None,
    address: str,
    point: tuple[float, float],
    profile: dict[str, Any] | None = None,
    services_offered: tuple[str, ...] = (),
    rng: random.Random,
) -> OrgUnit:
    existing = OrgUnit.objects.filter(name=name, parent=parent).first()
    if existing is not None:
        return existing
    unit = services.unit_create(actor=actor, name=name, level=level, parent=parent)
    profile = profile or {}
    station = StationProfile.objects.create(
        unit=unit,
        address=address,
        lat=point[0],
        lng=point[1],
        phone=f"0532-8{rng.randint(1000000, 9999999)}",
        **profile,
    )
    StationService.objects.bulk_create(
        StationService(station=station, service=s) for s in services_offered
    )
    if not station.open_24h:
        if level == Level.ROOM:
            _hours(station, range(0, 5), time(13, 30), time(17, 0))
        else:
            _hours(station, range(0, 5), time(9, 0), time(17, 30))
            _hours(station, range(5, 6), time(9, 0), time(12, 0))
            if profile.get("host_kind") == HostKind.UNION_STATION:
                # Gig workers come by after the evening rush.
                _hours(station, range(0, 5), time(19, 0), time(22, 0))
    return unit


def load(admin: User) -> list[DemoLogin]:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded in production.")
    rng = random.Random(12351)  # noqa: S311 - demo coordinates, not security
    centre = _unit(
        admin,
        name="市职工心理健康服务中心",
        level=Level.CENTRE,
        parent=None,
        address="市南区香港中路 76 号市总工会大楼 3 层",
        point=(36.0650, 120.3890),
        profile={
            "host_kind": HostKind.UNION_OFFICE,
            "host_name": "市总工会",
            "has_counselling_room": True,
            "has_group_room": True,
        },
        services_offered=(
            ServiceKind.COUNSELLING,
            ServiceKind.ASSESSMENT,
            ServiceKind.HOTLINE,
            ServiceKind.COURSES,
            ServiceKind.LEGAL_AID,
            ServiceKind.POLICY,
        ),
        rng=rng,
    )
    groups = {
        code: UnitGroup.objects.get_or_create(
            code=code, defaults={"name": name, "description": text}
        )[0]
        for code, name, text in GROUPS
    }
    districts = []
    for name, address, point in DISTRICTS:
        districts.append(
            _unit(
                admin,
                name=name,
                level=Level.DISTRICT,
                parent=centre,
                address=address,
                point=point,
                profile={
                    "host_kind": HostKind.UNION_OFFICE,
                    "host_name": name[:3] + "总工会",
                    "has_counselling_room": True,
                    "has_group_room": True,
                },
                services_offered=(
                    ServiceKind.COUNSELLING,
                    ServiceKind.ASSESSMENT,
                    ServiceKind.COURSES,
                    ServiceKind.LEGAL_AID,
                ),
                rng=rng,
            )
        )
    stations = []
    for index, name, address, point, gig, all_day in STATIONS:
        unit = _unit(
            admin,
            name=name,
            level=Level.STATION,
            parent=districts[index],
            address=address,
            point=point,
            profile={
                "host_kind": HostKind.UNION_STATION if gig else HostKind.COMMUNITY,
                "host_name": name.replace("心灵驿站", "工会驿站" if gig else "社区服务中心"),
                "open_24h": all_day,
                "has_counselling_room": True,
                "has_relief_area": True,
                "has_regulation_pod": gig or all_day,
                "has_group_room": not gig,
            },
            services_offered=(
                ServiceKind.COUNSELLING,
                ServiceKind.ASSESSMENT,
                ServiceKind.EMOTION_REGULATION,
            )
            + ((ServiceKind.GROUP_ACTIVITIES,) if not gig else (ServiceKind.POLICY,)),
            rng=rng,
        )
        if gig:
            unit.groups.add(groups["gig-workers"])
        if name in {"台东心灵驿站", "五四广场心灵驿站"}:
            unit.groups.add(groups["provincial-model"])
        stations.append(unit)
    for number, employer in enumerate(EMPLOYERS):
        district_index = number % 4
        district = districts[district_index]
        # Every other room hangs under a heart station of its district.
        local_stations = [s for s in stations if s.parent_id == district.pk]
        parent = local_stations[number % len(local_stations)] if number % 2 else district
        base = DISTRICTS[district_index][2]
        point = (base[0] + rng.uniform(-0.03, 0.03), base[1] + rng.uniform(-0.04, 0.04))
        _unit(
            admin,
            name=f"{employer}服务室",
            level=Level.ROOM,
            parent=parent,
            address=f"{district.name[:3]}{employer}园区",
            point=point,
            profile={
                "host_kind": HostKind.EMPLOYER,
                "host_name": employer,
                "employer_name": employer,
                "employer_workers": rng.choice([150, 320, 600, 1200, 2500, 4800]),
                "has_counselling_room": True,
                "has_relief_area": number % 3 == 0,
            },
            services_offered=(ServiceKind.COUNSELLING, ServiceKind.ASSESSMENT, ServiceKind.COURSES),
            rng=rng,
        )
    _holidays(rng)

    logins = [DemoLogin("admin@demo.xinling.cn", "centre administrator (superuser)")]
    if not Membership.objects.filter(user=admin, role=Role.CENTRE_ADMIN).exists():
        services.membership_grant(actor=admin, user=admin, unit=centre, role=Role.CENTRE_ADMIN)
    for person in PEOPLE:
        family, given = person["name"]
        user = _user(person["email"], family, given, staff=True)
        for unit_name in filter(None, (person["unit"], person.get("also"))):
            unit = OrgUnit.objects.get(name=unit_name)
            services.membership_grant(actor=admin, user=user, unit=unit, role=person["role"])
        if "profile" in person:
            PractitionerProfile.objects.get_or_create(
                user=user,
                defaults={"display_name": family + given, "is_public": True, **person["profile"]},
            )
        label = Role(person["role"]).label
        where = person["unit"] + (" + " + person["also"] if person.get("also") else "")
        logins.append(DemoLogin(person["email"], f"{label} · {where}"))

    if not PartnerApp.objects.filter(name="示范合作应用").exists():
        services.partner_app_create(
            actor=admin,
            name="示范合作应用",
            scopes=list(Scope.values),
            key=settings.DEMO_PARTNER_KEY,
        )
    return logins


def _holidays(rng: random.Random) -> None:
    """Public holidays close the heart stations that are not open around the clock."""
    for holiday, note in ((date(2027, 1, 1), "元旦"), (date(2027, 2, 6), "春节")):
        for station in StationProfile.objects.filter(open_24h=False, unit__level=Level.STATION):
            OpeningException.objects.get_or_create(
                station=station, date=holiday, defaults={"closed": True, "note": note}
            )
