"""Factories for the network: units go through the service, so paths are real.

factory_boy factories, one per thing a test needs:

- `CentreFactory`, `DistrictFactory`, `StationFactory`, `RoomFactory`: an org unit of
  that level, created by `network.services.unit_create` (the parent is made too unless
  given; the centre is the one root, reused when it exists);
- `StationProfileFactory`: a station's address, map point, services and hours;
- `MembershipFactory`: a staff member holding a role at a unit;
- `PractitionerProfileFactory`: a counsellor's public profile;
- `PartnerAppFactory`: a partner app, its plain key on `app.plain_key` (shown once).

The plain functions below (`unit`, `station`, `staff`, `small_tree`) are the short
spellings the suite's fixtures use; they are built on the factories.
"""

from __future__ import annotations

from datetime import time
from typing import Any

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from network import services
from network.models import (
    Level,
    Membership,
    OpeningRule,
    OrgUnit,
    PartnerApp,
    PractitionerProfile,
    Role,
    Scope,
    StationProfile,
    StationService,
)
from tests.accounts.factories import StaffFactory


def superuser() -> User:
    """The actor the factories create units as (no e-mail, no password: it never signs in)."""
    user, _ = User.objects.get_or_create(
        username="root-factory", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


# --- org units ------------------------------------------------------------------------------


class OrgUnitFactory(DjangoModelFactory[OrgUnit]):
    """A unit made by the service (real paths, level rules, an audit entry)."""

    class Meta:
        model = OrgUnit

    # Declarations (values or factory_boy declarations), overridden per level below.
    name: Any = factory.Sequence(lambda n: f"单位{n}")
    level: Any = Level.STATION
    parent: Any = None

    @classmethod
    def _create(
        cls,
        model_class: type[OrgUnit],
        *,
        name: str,
        level: str,
        parent: OrgUnit | None,
        actor: User | None = None,
    ) -> OrgUnit:
        return services.unit_create(
            actor=actor or superuser(), name=name, level=level, parent=parent
        )


class CentreFactory(OrgUnitFactory):
    name = "市中心"
    level = Level.CENTRE

    @classmethod
    def _create(cls, model_class: type[OrgUnit], **kwargs: Any) -> OrgUnit:
        root = OrgUnit.objects.filter(parent__isnull=True).first()
        return root or super()._create(model_class, **kwargs)


class DistrictFactory(OrgUnitFactory):
    name = factory.Sequence(lambda n: f"第{n}区分中心")
    level = Level.DISTRICT
    parent = factory.SubFactory(CentreFactory)


class StationFactory(OrgUnitFactory):
    name = factory.Sequence(lambda n: f"第{n}心灵驿站")
    level = Level.STATION
    parent = factory.SubFactory(DistrictFactory)


class RoomFactory(OrgUnitFactory):
    name = factory.Sequence(lambda n: f"第{n}企业服务室")
    level = Level.ROOM
    parent = factory.SubFactory(StationFactory)


# --- what hangs off a unit ------------------------------------------------------------------


class StationProfileFactory(DjangoModelFactory[StationProfile]):
    """A station's profile; `services_offered` and `hours` ((weekday, opens, closes), …)."""

    class Meta:
        model = StationProfile
        skip_postgeneration_save = True

    unit = factory.SubFactory(StationFactory)
    address = factory.LazyAttribute(lambda profile: f"{profile.unit.name} 地址")
    lat = 36.0
    lng = 120.0

    @factory.post_generation
    def services_offered(  # type: ignore[misc]
        profile: StationProfile, create: bool, extracted: tuple[str, ...] | None, **kwargs: Any
    ) -> None:
        for service in extracted or ():
            StationService.objects.create(station=profile, service=service)

    @factory.post_generation
    def hours(  # type: ignore[misc]
        profile: StationProfile,
        create: bool,
        extracted: tuple[tuple[int, time, time], ...] | None,
        **kwargs: Any,
    ) -> None:
        for weekday, opens, closes in extracted or ():
            OpeningRule.objects.create(station=profile, weekday=weekday, opens=opens, closes=closes)


class MembershipFactory(DjangoModelFactory[Membership]):
    """A role at a unit; the staff member (with TOTP) is made unless given."""

    class Meta:
        model = Membership

    user = factory.SubFactory(StaffFactory)
    unit = factory.SubFactory(DistrictFactory)
    role = Role.UNIT_ADMIN


class PractitionerProfileFactory(DjangoModelFactory[PractitionerProfile]):
    class Meta:
        model = PractitionerProfile

    user = factory.SubFactory(StaffFactory)
    display_name = factory.Sequence(lambda n: f"王老师{n}")
    is_public = True


class PartnerAppFactory(DjangoModelFactory[PartnerApp]):
    """A partner app made by the service; its key, shown once, is on `plain_key`."""

    class Meta:
        model = PartnerApp

    name = factory.Sequence(lambda n: f"工会App {n}")
    scopes = factory.LazyFunction(lambda: [Scope.STATIONS_READ])
    unit = None

    @classmethod
    def _create(
        cls, model_class: type[PartnerApp], *, actor: User | None = None, **kwargs: Any
    ) -> PartnerApp:
        app, key = services.partner_app_create(
            actor=actor or superuser(), scopes=list(kwargs.pop("scopes")), **kwargs
        )
        app.plain_key = key  # type: ignore[attr-defined]
        return app


# --- the short spellings the fixtures use ----------------------------------------------------


def unit(
    name: str, level: str, parent: OrgUnit | None = None, *, actor: User | None = None
) -> OrgUnit:
    return OrgUnitFactory.create(name=name, level=level, parent=parent, actor=actor)


def station(
    unit_: OrgUnit,
    *,
    lat: float = 36.0,
    lng: float = 120.0,
    services_offered: tuple[str, ...] = (),
    hours: tuple[tuple[int, time, time], ...] = (),
    **profile: Any,
) -> StationProfile:
    return StationProfileFactory.create(
        unit=unit_, lat=lat, lng=lng, services_offered=services_offered, hours=hours, **profile
    )


def staff(email: str, role: str, unit_: OrgUnit, *, totp: bool = True) -> User:
    user = StaffFactory.create(email=email, totp=totp)
    MembershipFactory.create(user=user, unit=unit_, role=role)
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
