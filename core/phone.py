"""Phone numbers: parsed with `phonenumbers` (region CN by default), stored as E.164.

Every phone input goes through `phone_normalise` (forms use `PhoneFormField`, the API
`PhoneSerializerField`), so `13912345678`, `139 1234 5678`, `139-1234-5678`,
`+86 139 1234 5678`, `+8613912345678` and `0086 139…` are all stored as
`+8613912345678`. Pages show a number only through `phone_mask`. A number is
personal data: never log or print it.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

DEFAULT_REGION = "CN"
MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
INVALID_MESSAGE = _(
    "This is not a valid phone number. Write it as 13912345678, 139 1234 5678 or +86 139 1234 5678."
)
NOT_MOBILE_MESSAGE = _("Give a mobile number (for example 139 1234 5678).")


def _region() -> str:
    return str(getattr(settings, "PHONE_DEFAULT_REGION", DEFAULT_REGION))


def phone_normalise(value: str, *, mobile_only: bool = False) -> str:
    """The number in E.164 (`+8613912345678`), or ValidationError with a translated message.

    `00` is read as the international prefix (`0086…`), a number without one as a
    number of the default region. `mobile_only` refuses landlines (numbers that
    must receive an SMS).
    """
    text = (value or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, _region())
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    if mobile_only and phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(NOT_MOBILE_MESSAGE, code="not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_normalise_or_none(value: str, *, mobile_only: bool = False) -> str | None:
    """E.164, or None when the value is not a valid number (for legacy data)."""
    try:
        return phone_normalise(value, mobile_only=mobile_only)
    except ValidationError:
        return None


def phone_mask(value: str | None, *, last_four: bool = False) -> str:
    """The one way a number is shown: `139****5678`, or `•••• 5678` with `last_four`.

    Works on E.164 and on legacy values alike; only the first three and last four
    national digits remain. Too few digits: `****` ("" with `last_four`).
    """
    if not value:
        return ""
    number = _parse_quietly(value)
    if number is not None:
        digits = str(number.national_number)
    else:
        digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) < 8:
        return "" if last_four else "****"
    if last_four:
        return "•••• " + digits[-4:]
    return digits[:3] + "****" + digits[-4:]


def _parse_quietly(value: str) -> phonenumbers.PhoneNumber | None:
    text = value.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        return phonenumbers.parse(text, _region())
    except phonenumbers.NumberParseException:
        return None


class PhoneFormField(forms.CharField):
    """A phone input for every form: cleans to E.164 (`mobile_only` for SMS numbers).

    `invalid_message` replaces the default message for a number that is not valid.
    """

    def __init__(
        self, *args: Any, mobile_only: bool = False, invalid_message: Any = None, **kwargs: Any
    ) -> None:
        self.mobile_only = mobile_only
        self.invalid_message = invalid_message
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"},
            ),
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return self.empty_value  # type: ignore[no-any-return]
        try:
            return phone_normalise(str(text), mobile_only=self.mobile_only)
        except ValidationError as exc:
            if self.invalid_message is not None and exc.code == "invalid_phone":
                raise ValidationError(self.invalid_message, code="invalid_phone") from None
            raise


class PhoneSerializerField(serializers.CharField):
    """A phone input for the API: accepts the usual spellings, validates to E.164."""

    def __init__(self, *, mobile_only: bool = False, **kwargs: Any) -> None:
        self.mobile_only = mobile_only
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        try:
            return phone_normalise(text, mobile_only=self.mobile_only)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="invalid_phone") from None
