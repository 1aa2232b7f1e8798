"""Reading one value of a definition: each reader checks its type and range, or fails with
the path of the value in the file ("items[3].options[0].score: …") in the user's language.

The building blocks of `assessments.scoring.parse`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.scoring.definition import (
    LANGUAGES,
    InstrumentDefinitionError,
    Option,
    Score,
    Text,
)

CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")


def fail(path: str, problem: Any) -> InstrumentDefinitionError:
    return InstrumentDefinitionError(path, problem)


def mapping(raw: Any, path: str, *, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise fail(path, _("must be a mapping of fields"))
    for key in raw:
        if key not in allowed:
            raise fail(f"{path}.{key}" if path else str(key), _("is not a known field"))
    for key in sorted(required):
        if key not in raw or raw[key] is None:
            raise fail(f"{path}.{key}" if path else key, _("is required"))
    return raw


def sequence(raw: Any, path: str, *, min_length: int = 0) -> Sequence[Any]:
    if not isinstance(raw, list):
        raise fail(path, _("must be a list"))
    if len(raw) < min_length:
        raise fail(path, _("needs at least %(count)d entries") % {"count": min_length})
    return raw


def string(raw: Any, path: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise fail(path, _("must be a non-empty text"))
    return raw.strip()


def code(raw: Any, path: str) -> str:
    value = string(raw, path)
    if not CODE.fullmatch(value):
        raise fail(path, _("must be lower-case letters, digits and underscores only"))
    return value


def integer(raw: Any, path: str, *, minimum: int | None = None) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise fail(path, _("must be a whole number"))
    if minimum is not None and raw < minimum:
        raise fail(path, _("must be at least %(minimum)d") % {"minimum": minimum})
    return raw


def number(raw: Any, path: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise fail(path, _("must be a number"))
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        raise fail(path, _("must be a number")) from None
    if not value.is_finite():
        raise fail(path, _("must be a number"))
    return value


def choice(raw: Any, path: str, choices: type[models.TextChoices]) -> Any:
    if raw not in choices.values:
        raise fail(path, _("must be one of: %(choices)s") % {"choices": ", ".join(choices.values)})
    return choices(raw)


def text(raw: Any, path: str) -> Text:
    data = mapping(raw, path, allowed=set(LANGUAGES), required=set(LANGUAGES))
    return Text(
        zh_hans=string(data["zh-Hans"], f"{path}.zh-Hans"),
        en=string(data["en"], f"{path}.en"),
    )


def optional_text(raw: Mapping[str, Any], key: str, path: str) -> Text | None:
    return text(raw[key], f"{path}{key}") if raw.get(key) is not None else None


def options(raw: Any, path: str) -> tuple[Option, ...]:
    options = []
    for index, entry in enumerate(sequence(raw, path, min_length=2)):
        entry_path = f"{path}[{index + 1}]"
        data = mapping(entry, entry_path, allowed={"value", "label"}, required={"value", "label"})
        options.append(
            Option(
                value=integer(data["value"], f"{entry_path}.value"),
                label=text(data["label"], f"{entry_path}.label"),
            )
        )
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        raise fail(path, _("two options have the same value"))
    return tuple(options)


def item_numbers(raw: Any, path: str, count: int) -> tuple[int, ...]:
    numbers = tuple(integer(n, f"{path}[{i + 1}]") for i, n in enumerate(sequence(raw, path)))
    for number in numbers:
        if not 1 <= number <= count:
            raise fail(
                path,
                _("item %(number)d does not exist (items are numbered 1 to %(count)d)")
                % {"number": number, "count": count},
            )
    if len(set(numbers)) != len(numbers):
        raise fail(path, _("an item is listed twice"))
    return numbers


def as_score(value: Decimal, decimals: int, path: str) -> Score:
    if value != value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):
        raise fail(
            path,
            _("has more decimals than the scoring gives (%(decimals)d)") % {"decimals": decimals},
        )
    return int(value) if decimals == 0 else value.quantize(Decimal(1).scaleb(-decimals))
