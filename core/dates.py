"""Dates that come from outside: one parser with sane bounds for every form and API field.

Python dates run from year 1 to 9999, but the pages add days to them and turn them into
aware datetimes, so `9999-12-31` or `0001-01-01` used to end in an OverflowError (a 500).
Every date a request carries goes through the fields here instead, which refuse it with
a translated message (a 400) before any arithmetic happens.

Two kinds of bound:

- **query** dates (filters, "week of", "from"): a fixed window, 2000-01-01 to 2099-12-31,
  wide enough for any record the network keeps and far from the edges of `date`;
- **entry** dates a person sets on a record (a campaign's close, a follow-up's due day):
  not before today − 1 year and not after today + 2 years, in the network's time zone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core import clock

QUERY_MIN = date(2000, 1, 1)
QUERY_MAX = date(2099, 12, 31)
ENTRY_PAST = timedelta(days=366)
ENTRY_FUTURE = timedelta(days=2 * 366)

OUT_OF_RANGE = _("Enter a date between %(min)s and %(max)s.")


def query_bounds() -> tuple[date, date]:
    return QUERY_MIN, QUERY_MAX


def entry_bounds() -> tuple[date, date]:
    today = clock.today()
    return today - ENTRY_PAST, today + ENTRY_FUTURE


def check_bounds(value: date, *, entry: bool = False) -> None:
    """Raise ValidationError (code `date_out_of_range`) when `value` is outside the bounds."""
    low, high = entry_bounds() if entry else query_bounds()
    day = value.date() if isinstance(value, datetime) else value
    if not low <= day <= high:
        raise ValidationError(
            OUT_OF_RANGE,
            code="date_out_of_range",
            params={"min": formats.date_format(low), "max": formats.date_format(high)},
        )


class DateField(forms.DateField):
    """A form date within the query bounds, or the entry bounds with `entry=True`."""

    def __init__(self, *args: Any, entry: bool = False, **kwargs: Any) -> None:
        self.entry = entry
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value not in self.empty_values:
            check_bounds(value, entry=self.entry)


class DateTimeField(forms.DateTimeField):
    """A form date and time whose day is within the query bounds."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value not in self.empty_values:
            check_bounds(value)


class ApiDateField(serializers.DateField):
    """A DRF date within the query bounds: out of range is a validation_error (400)."""

    def to_internal_value(self, value: Any) -> date:
        day = super().to_internal_value(value)
        try:
            check_bounds(day)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages, code="date_out_of_range") from error
        return day


def validate_query_date(value: Any) -> None:
    """A validator form: the query bounds (for fields a form did not declare itself)."""
    if value is not None:
        check_bounds(value)


def protect_form(form: forms.BaseForm) -> None:
    """Give every plain date field of a (model) form the query bounds (admin forms)."""
    for field in form.fields.values():
        plain = isinstance(field, forms.DateField | forms.DateTimeField) and not isinstance(
            field, DateField | DateTimeField
        )
        if plain and validate_query_date not in field.validators:
            field.validators.append(validate_query_date)
