"""Factories for the network: units go through the service, so paths are real."""

from __future__ import annotations

from datetime import time
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from network import services
from network.models import (
    Level,
    Membership,
    OpeningRule,
    OrgUnit,
    StationProfile,
    StationService,
)
from tests.conftest import make_user


def superuser() -> User:
    user, _ = User.objects.get_or_create(
        username="root-factory", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def unit(
    name: str, level: str, parent: OrgUnit | None = None, *, actor: User | None = None
) -> OrgUnit:
    return services.unit_create(actor=actor or superuser(), name=name, level=level, parent=parent)


def station(
    unit_: OrgUnit,
    *,
    lat: float = 36.0,
    lng: float = 120.0,
    services_offered: tuple[str, ...] = (),
    hours: tuple[tuple[int, time, time], ...] = (),
    **profile: Any,
) -> StationProfile:
    profile.setdefault("address", f"{unit_.name} 地址")
    sp = StationProfile.objects.create(unit=unit_, lat=lat, lng=lng, **profile)
    for service in services_offered:
        StationService.objects.create(station=sp, service=service)
    for weekday, opens, closes in hours:
        OpeningRule.objects.create(station=sp, weekday=weekday, opens=opens, closes=closes)
    return sp


def staff(email: str, role: str, unit_: OrgUnit, *, totp: bool = True) -> User:
    user = make_user(email, staff=True)
    Membership.objects.create(user=user, unit=unit_, role=role)
    if totp:
        TOTP.activate(user, generate_totp_secret())
    return user


def small_tree() -> dict[str, OrgUnit]:
    """centre → district A (station A1 → room A1r, room Ar) and district B (station B1)."""
    centre = unit("市中心", Level.CENTRE)
    district_a = unit("甲区分中心", Level.DISTRICT, centre)
    district_b = unit("乙区分中心", Level.DISTRICT, centre)
    station_a1 = unit("甲一心灵驿站", Level.STATION, district_a)
    station_b1 = unit("乙一心灵驿站", Level.STATION, district_b)
    room_a1r = unit("甲一企业服务室", Level.ROOM, station_a1)
    room_ar = unit("甲区企业服务室", Level.ROOM, district_a)
    return {
        "centre": centre,
        "district_a": district_a,
        "district_b": district_b,
        "station_a1": station_a1,
        "station_b1": station_b1,
        "room_a1r": room_a1r,
        "room_ar": room_ar,
    }
