"""Lenient readers of staff pages' filter parameters: a bad value is no filter, not an error
(a list page's `?unit=` and `?year=`, as the KPI dashboard's links send them)."""

from __future__ import annotations

import uuid

YEARS = range(2000, 2101)


def uuid_or_none(value: str | None) -> uuid.UUID | None:
    """`value` as a UUID, or None when it is empty or not one."""
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def year_or_none(value: str | None) -> int | None:
    """`value` as a year from 2000 to 2100, or None."""
    # isdecimal, not isdigit: int() refuses digits such as "²"; short, as int() refuses
    # a string of over 4,300 digits.
    if not value or len(value) > 4 or not value.isdecimal():
        return None
    year = int(value)
    return year if year in YEARS else None
