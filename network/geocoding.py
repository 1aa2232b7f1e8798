"""Turning what a worker types ("市南区", "香港中路 76 号", a station's name) into a point.

The finder asks `geocoder()` — the class named by settings.GEOCODER — so a union can
plug in a map provider's geocoding API. The default, OfflineGeocoder, needs no network:
it knows the network's own units (districts, stations, service rooms), their names
and addresses and their centre points, which is what workers here mostly type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from network.models import Level, OrgUnit, StationProfile

# Name endings people leave out: "市南区" for 市南区分中心, "台东" for 台东心灵驿站.
_SUFFIXES = ("分中心", "心灵驿站", "工会驿站", "驿站", "服务室", "服务点", "中心")
_SPACE = re.compile(r"[\s\u3000]+")
_MIN_KEY = 2


@dataclass(frozen=True)
class Place:
    """A found place: how the page names it and its point (WGS-84)."""

    label: str
    point: tuple[float, float]


class Geocoder(Protocol):
    def geocode(self, text: str) -> Place | None:
        """The place `text` names, or None when it names none this geocoder knows."""
        ...


def geocoder() -> Geocoder:
    """The configured geocoder (settings.GEOCODER, a dotted path to a class)."""
    return import_string(settings.GEOCODER)()  # type: ignore[no-any-return]


def _normal(text: str) -> str:
    return _SPACE.sub("", text or "").strip()


def _keys(name: str, address: str) -> list[str]:
    keys = [_normal(name)]
    for suffix in _SUFFIXES:
        if keys[0].endswith(suffix) and len(keys[0]) - len(suffix) >= _MIN_KEY:
            keys.append(keys[0][: -len(suffix)])
            break
    if address:
        keys.append(_normal(address))
    return [k for k in keys if len(k) >= _MIN_KEY]


@dataclass(frozen=True)
class _Known:
    label: str
    point: tuple[float, float]
    keys: list[str]
    is_district: bool


class OfflineGeocoder:
    """Knows the network's active units by name and address; two queries per look-up."""

    def _known(self) -> list[_Known]:
        known: list[_Known] = []
        profiles = list(
            StationProfile.objects.filter(unit__is_active=True)
            .select_related("unit")
            .order_by("unit__path")
        )
        by_path = {p.unit.path: p for p in profiles}
        for district in OrgUnit.objects.filter(level=Level.DISTRICT, is_active=True).order_by(
            "path"
        ):
            own = by_path.get(district.path)
            inside = [p for p in profiles if p.unit.path.startswith(district.path)]
            if own is not None:
                point = (own.lat, own.lng)
            elif inside:
                point = (
                    sum(p.lat for p in inside) / len(inside),
                    sum(p.lng for p in inside) / len(inside),
                )
            else:
                continue
            address = own.address if own is not None else ""
            known.append(_Known(district.name, point, _keys(district.name, address), True))
        for profile in profiles:
            if profile.unit.level == Level.DISTRICT:
                continue
            keys = _keys(profile.unit.name, profile.address)
            known.append(_Known(profile.unit.name, (profile.lat, profile.lng), keys, False))
        return known

    def geocode(self, text: str) -> Place | None:
        wanted = _normal(text)
        if len(wanted) < _MIN_KEY:
            return None
        known = self._known()
        # 1. A name or address typed in full.
        for item in known:
            if wanted in item.keys:
                return Place(item.label, item.point)
        # 2. A part of a name or address ("市南区" is in many addresses: the district wins).
        partial = [item for item in known if any(wanted in key for key in item.keys)]
        if partial:
            partial.sort(key=lambda item: not item.is_district)
            return Place(partial[0].label, partial[0].point)
        # 3. Text around a known name ("市南区香港中路附近"): the longest name found wins.
        best: tuple[int, _Known] | None = None
        for item in known:
            for key in item.keys:
                if key in wanted and (best is None or len(key) > best[0]):
                    best = (len(key), item)
        if best is not None:
            return Place(best[1].label, best[1].point)
        return None
