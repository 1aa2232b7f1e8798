"""Free text people type: a length limit, and no invisible or reordering characters.

Control characters (other than newline and tab in multi-line text), bidirectional
overrides and isolates (U+202A–U+202E, U+2066–U+2069, which make a note or a name read
differently from what is stored) and the replacement character U+FFFD (what invalid
UTF-8 in a form becomes once Django decodes it) are refused with a clear message, never
stored. One validator for forms, model forms and API serializers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# Limits for fields that do not choose their own.
LINE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5000

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
REPLACEMENT = "\ufffd"
MULTILINE_ALLOWED = frozenset("\n\r\t")

_SUSPECT = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffd\ud800-\udfff]")

INVISIBLE = _(
    "This text contains an invisible control or text-direction character "
    "(%(character)s); please remove it."
)
INVALID = _("This text contains characters that are not valid; please type it again.")


def _refusal(value: str, *, multiline: bool) -> ValidationError | None:
    for match in _SUSPECT.finditer(value):
        char = match.group()
        if multiline and char in MULTILINE_ALLOWED:
            continue
        if char == REPLACEMENT or "\ud800" <= char <= "\udfff":
            return ValidationError(INVALID, code="invalid_text")
        name = unicodedata.name(char, "") or f"U+{ord(char):04X}"
        return ValidationError(
            INVISIBLE,
            code="invalid_text",
            params={"character": f"U+{ord(char):04X} {name}".strip()},
        )
    return None


def validate_line(value: Any) -> None:
    """A single line: no control characters at all, no bidi controls, valid text."""
    if isinstance(value, str) and (error := _refusal(value, multiline=False)):
        raise error


def validate_text(value: Any) -> None:
    """Multi-line text: newlines and tabs allowed, otherwise as validate_line."""
    if isinstance(value, str) and (error := _refusal(value, multiline=True)):
        raise error


class LineField(forms.CharField):
    """A single line of free text (a name, an organisation, a few words)."""

    default_validators = [validate_line]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", LINE_MAX_LENGTH)
        super().__init__(*args, **kwargs)


class TextField(forms.CharField):
    """Multi-line free text (a note, feedback, a reason); a textarea by default."""

    default_validators = [validate_text]
    widget = forms.Textarea

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        super().__init__(*args, **kwargs)


def protect_form(form: forms.BaseForm) -> None:
    """Give every plain CharField of a (model) form the validator and a length limit:
    textareas get validate_text and TEXT_MAX_LENGTH, other inputs validate_line."""
    for field in form.fields.values():
        if type(field) is not forms.CharField:
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        validator = validate_text if multiline else validate_line
        if validator not in field.validators:
            field.validators.append(validator)
        if field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH if multiline else LINE_MAX_LENGTH
            field.validators.append(MaxLengthValidator(field.max_length))
            field.widget.attrs.setdefault("maxlength", str(field.max_length))
