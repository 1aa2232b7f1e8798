"""The lenient readers of ?unit= and ?year=: a bad value is None, never an exception."""

from __future__ import annotations

import uuid

import pytest

from core.query_params import uuid_or_none, year_or_none


@pytest.mark.parametrize(
    ("value", "year"),
    [("2026", 2026), ("२०२६", 2026), ("2000", 2000), ("2100", 2100), (None, None), ("", None)],
)
def test_a_year_is_read_in_any_decimal_digits(value: str | None, year: int | None) -> None:
    assert year_or_none(value) == year


@pytest.mark.parametrize("value", ["1999", "2101", "²⁰²⁶", "9" * 5000, "20x6", " 2026", "-2026"])
def test_anything_else_is_no_year(value: str) -> None:
    assert year_or_none(value) is None


def test_a_unit_is_a_uuid_or_nothing() -> None:
    made = uuid.uuid4()
    assert uuid_or_none(str(made)) == made
    assert uuid_or_none("not-a-unit") is None and uuid_or_none(None) is None
