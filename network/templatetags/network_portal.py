"""Template filters of the station pages; they read only what stations_queryset prefetched."""

from __future__ import annotations

from datetime import date, time

from django import template
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext

from network import selectors
from network.models import StationProfile, Weekday

register = template.Library()

FACILITY_FIELDS = (
    "has_counselling_room",
    "has_relief_area",
    "has_regulation_pod",
    "has_group_room",
)


@register.filter
def distance(metres: float | None) -> str:
    """A walking distance for people: "350 m" (to 10 m), else "1.2 km"."""
    if metres is None:
        return ""
    rounded = round(metres / 10) * 10
    if rounded < 1000:
        return gettext("%(metres)s m") % {"metres": rounded}
    return gettext("%(km)s km") % {"km": number_format(metres / 1000, 1)}


@register.filter
def hours_on(station: StationProfile, day: date) -> list[tuple[time, time]]:
    return selectors.hours_on(station, day)


@register.filter
def facilities(station: StationProfile) -> list[str]:
    """Labels of the rooms and areas the station has."""
    labels = []
    for name in FACILITY_FIELDS:
        field = StationProfile._meta.get_field(name)
        if getattr(station, name) and isinstance(field, models.Field):
            labels.append(str(field.verbose_name))
    return labels


@register.filter
def weekday_name(weekday: int) -> str:
    return str(Weekday(weekday).label)
