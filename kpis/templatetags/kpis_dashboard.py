"""Small filters of the kpis pages (dictionary look-ups the template language lacks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from kpis.indicators import key_group_label as _label

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def with_breakdown(figures: list[Any]) -> list[Any]:
    """The figures that have a breakdown by key group."""
    return [f for f in figures if f.breakdown]


@register.filter
def key_group_label(key: str) -> str:
    return _label(key)


@register.filter
def multiply(value: int, factor: int) -> int:
    return int(value) * int(factor)


@register.filter
def scale_to(percent: float, length: float) -> float:
    """A percentage as a length out of `length` (the SVG bar's track)."""
    return round(float(percent) * float(length) / 100, 2)


@register.filter
def add_float(value: float, other: float) -> float:
    return round(float(value) + float(other), 2)
