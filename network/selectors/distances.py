"""Distances on the map: walking minutes, the service circle, great-circle metres."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.db.models import F, FloatField
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

EARTH_RADIUS_M = 6_371_008.8


def walk_metres_per_minute() -> float:
    return settings.WALKING_SPEED_KMH * 1000 / 60


def circle_metres() -> float:
    """Radius of the service circle: SERVICE_CIRCLE_MINUTES of walking."""
    return settings.SERVICE_CIRCLE_MINUTES * walk_metres_per_minute()


def walk_minutes(distance_m: float) -> int:
    # The epsilon keeps 2000.0000001 m from counting as a 26th minute.
    return max(1, math.ceil(distance_m / walk_metres_per_minute() - 1e-6))


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (the same formula the database query uses)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distance_expression(lat: float, lng: float) -> Any:
    """Haversine in SQL over StationProfile.lat/lng, portable to SQLite and PostgreSQL."""
    lat_r, lng_r = math.radians(lat), math.radians(lng)
    half_dlat = (Radians(F("lat"), output_field=FloatField()) - lat_r) / 2
    half_dlng = (Radians(F("lng"), output_field=FloatField()) - lng_r) / 2
    a = Power(Sin(half_dlat), 2) + math.cos(lat_r) * Cos(Radians(F("lat"))) * Power(
        Sin(half_dlng), 2
    )
    return 2 * EARTH_RADIUS_M * ASin(Least(Sqrt(a), 1.0), output_field=FloatField())
