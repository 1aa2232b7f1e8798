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
from network.demo.data import DISTRICTS, EMPLOYERS, GROUPS, PEOPLE, STATIONS
from network.models import (
    HostKind,
    Level,
    Membership,
    OpeningException,
    OpeningRule,
    OrgUnit,
    PartnerApp,
    PractitionerProfile,
    Role,
    Scope,
    ServiceKind,
    StationProfile,
    StationService,
    UnitGroup,
)


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
    centre = _centre(admin, rng)
    groups = _groups()
    districts = _districts(admin, centre, rng)
    stations = _stations(admin, districts, groups, rng)
    _rooms(admin, districts, stations, rng)
    _holidays(rng)
    logins = _people(admin, centre)
    _partner_app(admin)
    return logins


def _centre(admin: User, rng: random.Random) -> OrgUnit:
    return _unit(
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


def _groups() -> dict[str, UnitGroup]:
    return {
        code: UnitGroup.objects.get_or_create(
            code=code, defaults={"name": name, "description": text}
        )[0]
        for code, name, text in GROUPS
    }


def _districts(admin: User, centre: OrgUnit, rng: random.Random) -> list[OrgUnit]:
    return [
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
        for name, address, point in DISTRICTS
    ]


def _stations(
    admin: User, districts: list[OrgUnit], groups: dict[str, UnitGroup], rng: random.Random
) -> list[OrgUnit]:
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
    return stations


def _rooms(
    admin: User, districts: list[OrgUnit], stations: list[OrgUnit], rng: random.Random
) -> None:
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


def _people(admin: User, centre: OrgUnit) -> list[DemoLogin]:
    """The staff of every role, with their memberships and public profiles; their logins."""
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
    return logins


def _partner_app(admin: User) -> None:
    if not PartnerApp.objects.filter(name="示范合作应用").exists():
        services.partner_app_create(
            actor=admin,
            name="示范合作应用",
            scopes=list(Scope.values),
            key=settings.DEMO_PARTNER_KEY,
        )


def _holidays(rng: random.Random) -> None:
    """Public holidays close the heart stations that are not open around the clock."""
    for holiday, note in ((date(2027, 1, 1), "元旦"), (date(2027, 2, 6), "春节")):
        for station in StationProfile.objects.filter(open_24h=False, unit__level=Level.STATION):
            OpeningException.objects.get_or_create(
                station=station, date=holiday, defaults={"closed": True, "note": note}
            )
