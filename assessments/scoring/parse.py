"""Checking a definition (a data file's content) and turning it into a typed `Definition`."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.scoring.definition import (
    LANGUAGES,
    SCHEMA_VERSION,
    Band,
    Definition,
    InstrumentDefinitionError,
    Item,
    License,
    Method,
    Option,
    RiskKind,
    RiskRule,
    Rounding,
    Score,
    Scoring,
    Subscale,
    Text,
)

_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")
_TOP_KEYS = {
    "schema",
    "code",
    "license",
    "name",
    "short_name",
    "description",
    "instructions",
    "time_frame",
    "source",
    "terms_of_use",
    "translation",
    "notes",
    "options",
    "items",
    "reverse_items",
    "subscales",
    "scoring",
    "bands",
    "risk_rules",
}
_REQUIRED_TOP = {
    "code",
    "license",
    "name",
    "short_name",
    "instructions",
    "time_frame",
    "source",
    "terms_of_use",
    "items",
    "scoring",
    "bands",
}


def _fail(path: str, problem: Any) -> InstrumentDefinitionError:
    return InstrumentDefinitionError(path, problem)


def _mapping(raw: Any, path: str, *, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise _fail(path, _("must be a mapping of fields"))
    for key in raw:
        if key not in allowed:
            raise _fail(f"{path}.{key}" if path else str(key), _("is not a known field"))
    for key in sorted(required):
        if key not in raw or raw[key] is None:
            raise _fail(f"{path}.{key}" if path else key, _("is required"))
    return raw


def _list(raw: Any, path: str, *, min_length: int = 0) -> Sequence[Any]:
    if not isinstance(raw, list):
        raise _fail(path, _("must be a list"))
    if len(raw) < min_length:
        raise _fail(path, _("needs at least %(count)d entries") % {"count": min_length})
    return raw


def _str(raw: Any, path: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise _fail(path, _("must be a non-empty text"))
    return raw.strip()


def _code(raw: Any, path: str) -> str:
    value = _str(raw, path)
    if not _CODE.fullmatch(value):
        raise _fail(path, _("must be lower-case letters, digits and underscores only"))
    return value


def _int(raw: Any, path: str, *, minimum: int | None = None) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _fail(path, _("must be a whole number"))
    if minimum is not None and raw < minimum:
        raise _fail(path, _("must be at least %(minimum)d") % {"minimum": minimum})
    return raw


def _number(raw: Any, path: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _fail(path, _("must be a number"))
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        raise _fail(path, _("must be a number")) from None
    if not value.is_finite():
        raise _fail(path, _("must be a number"))
    return value


def _choice(raw: Any, path: str, choices: type[models.TextChoices]) -> Any:
    if raw not in choices.values:
        raise _fail(path, _("must be one of: %(choices)s") % {"choices": ", ".join(choices.values)})
    return choices(raw)


def _text(raw: Any, path: str) -> Text:
    data = _mapping(raw, path, allowed=set(LANGUAGES), required=set(LANGUAGES))
    return Text(
        zh_hans=_str(data["zh-Hans"], f"{path}.zh-Hans"),
        en=_str(data["en"], f"{path}.en"),
    )


def _optional_text(raw: Mapping[str, Any], key: str, path: str) -> Text | None:
    return _text(raw[key], f"{path}{key}") if raw.get(key) is not None else None


def _options(raw: Any, path: str) -> tuple[Option, ...]:
    options = []
    for index, entry in enumerate(_list(raw, path, min_length=2)):
        entry_path = f"{path}[{index + 1}]"
        data = _mapping(entry, entry_path, allowed={"value", "label"}, required={"value", "label"})
        options.append(
            Option(
                value=_int(data["value"], f"{entry_path}.value"),
                label=_text(data["label"], f"{entry_path}.label"),
            )
        )
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        raise _fail(path, _("two options have the same value"))
    return tuple(options)


def _item_numbers(raw: Any, path: str, count: int) -> tuple[int, ...]:
    numbers = tuple(_int(n, f"{path}[{i + 1}]") for i, n in enumerate(_list(raw, path)))
    for number in numbers:
        if not 1 <= number <= count:
            raise _fail(
                path,
                _("item %(number)d does not exist (items are numbered 1 to %(count)d)")
                % {"number": number, "count": count},
            )
    if len(set(numbers)) != len(numbers):
        raise _fail(path, _("an item is listed twice"))
    return numbers


def _as_score(value: Decimal, decimals: int, path: str) -> Score:
    if value != value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):
        raise _fail(
            path,
            _("has more decimals than the scoring gives (%(decimals)d)") % {"decimals": decimals},
        )
    return int(value) if decimals == 0 else value.quantize(Decimal(1).scaleb(-decimals))


def parse_definition(raw: Any) -> Definition:
    """Check a definition and return it typed; `InstrumentDefinitionError` names the field."""
    data = _mapping(raw, "", allowed=_TOP_KEYS, required=_REQUIRED_TOP)
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise _fail("schema", _("must be %(version)d") % {"version": SCHEMA_VERSION})

    shared = _options(data["options"], "options") if data.get("options") is not None else None
    raw_items = _list(data["items"], "items", min_length=1)
    reverse = (
        set(_item_numbers(data["reverse_items"], "reverse_items", len(raw_items)))
        if data.get("reverse_items") is not None
        else set()
    )
    items = []
    for index, entry in enumerate(raw_items):
        number = index + 1
        path = f"items[{number}]"
        item_data = _mapping(entry, path, allowed={"text", "options"}, required={"text"})
        if item_data.get("options") is not None:
            options = _options(item_data["options"], f"{path}.options")
        elif shared is not None:
            options = shared
        else:
            raise _fail(f"{path}.options", _("is required when there are no shared options"))
        items.append(
            Item(
                number=number,
                text=_text(item_data["text"], f"{path}.text"),
                options=options,
                reverse=number in reverse,
            )
        )

    scoring = _parse_scoring(data["scoring"], items)
    subscales = _parse_subscales(data.get("subscales"), len(items))
    bands = _parse_bands(data["bands"], scoring)
    risk_rules = _parse_risk_rules(data.get("risk_rules"), items, bands, subscales, scoring)

    return Definition(
        code=_code(data["code"], "code"),
        license=_choice(data["license"], "license", License),
        name=_text(data["name"], "name"),
        short_name=_text(data["short_name"], "short_name"),
        description=_optional_text(data, "description", ""),
        instructions=_text(data["instructions"], "instructions"),
        time_frame=_text(data["time_frame"], "time_frame"),
        source=_str(data["source"], "source"),
        terms_of_use=_str(data["terms_of_use"], "terms_of_use"),
        translation=_str(data["translation"], "translation") if data.get("translation") else "",
        notes=_optional_text(data, "notes", ""),
        items=tuple(items),
        scoring=scoring,
        bands=bands,
        subscales=subscales,
        risk_rules=risk_rules,
    )


def _parse_scoring(raw: Any, items: Sequence[Item]) -> Scoring:
    data = _mapping(
        raw,
        "scoring",
        allowed={"method", "range", "multiplier", "decimals", "rounding", "percentage_multiplier"},
        required={"method", "range"},
    )
    multiplier = (
        _number(data["multiplier"], "scoring.multiplier")
        if data.get("multiplier") is not None
        else Decimal(1)
    )
    if multiplier <= 0:
        raise _fail("scoring.multiplier", _("must be greater than zero"))
    draft = Scoring(
        method=_choice(data["method"], "scoring.method", Method),
        min_total=0,
        max_total=0,
        multiplier=multiplier,
        decimals=_int(data.get("decimals", 0), "scoring.decimals", minimum=0),
        rounding=_choice(data.get("rounding", Rounding.HALF_UP), "scoring.rounding", Rounding),
    )
    low = draft.total([item.min_value for item in items])
    high = draft.total([item.max_value for item in items])
    declared = _mapping(
        data["range"], "scoring.range", allowed={"min", "max"}, required={"min", "max"}
    )
    declared_min = _as_score(
        _number(declared["min"], "scoring.range.min"), draft.decimals, "scoring.range.min"
    )
    declared_max = _as_score(
        _number(declared["max"], "scoring.range.max"), draft.decimals, "scoring.range.max"
    )
    if (declared_min, declared_max) != (low, high):
        raise _fail(
            "scoring.range",
            _("is %(declared_min)s–%(declared_max)s but the items give %(min)s–%(max)s")
            % {"declared_min": declared_min, "declared_max": declared_max, "min": low, "max": high},
        )
    percentage = (
        _number(data["percentage_multiplier"], "scoring.percentage_multiplier")
        if data.get("percentage_multiplier") is not None
        else None
    )
    if percentage is not None and percentage <= 0:
        raise _fail("scoring.percentage_multiplier", _("must be greater than zero"))
    return replace(draft, min_total=low, max_total=high, percentage_multiplier=percentage)


def _parse_subscales(raw: Any, count: int) -> tuple[Subscale, ...]:
    if raw is None:
        return ()
    subscales = []
    for index, entry in enumerate(_list(raw, "subscales")):
        path = f"subscales[{index + 1}]"
        data = _mapping(
            entry,
            path,
            allowed={"code", "name", "items", "method", "decimals"},
            required={"code", "name", "items"},
        )
        method = _choice(data.get("method", Method.SUM), f"{path}.method", Method)
        default_decimals = 2 if method == Method.MEAN else 0
        subscales.append(
            Subscale(
                code=_code(data["code"], f"{path}.code"),
                name=_text(data["name"], f"{path}.name"),
                items=_subscale_items(data["items"], f"{path}.items", count),
                method=method,
                decimals=_int(
                    data.get("decimals", default_decimals), f"{path}.decimals", minimum=0
                ),
            )
        )
    codes = [subscale.code for subscale in subscales]
    if len(set(codes)) != len(codes):
        raise _fail("subscales", _("two subscales have the same code"))
    return tuple(subscales)


def _subscale_items(raw: Any, path: str, count: int) -> tuple[int, ...]:
    _list(raw, path, min_length=1)
    return _item_numbers(raw, path, count)


def _parse_bands(raw: Any, scoring: Scoring) -> tuple[Band, ...]:
    bands = []
    for index, entry in enumerate(_list(raw, "bands", min_length=1)):
        path = f"bands[{index + 1}]"
        data = _mapping(
            entry,
            path,
            allowed={"code", "min", "max", "severity", "label", "meaning", "recommendation"},
            required={"code", "min", "max", "severity", "label", "meaning", "recommendation"},
        )
        band = Band(
            code=_code(data["code"], f"{path}.code"),
            min=_as_score(_number(data["min"], f"{path}.min"), scoring.decimals, f"{path}.min"),
            max=_as_score(_number(data["max"], f"{path}.max"), scoring.decimals, f"{path}.max"),
            severity=_int(data["severity"], f"{path}.severity", minimum=0),
            label=_text(data["label"], f"{path}.label"),
            meaning=_text(data["meaning"], f"{path}.meaning"),
            recommendation=_text(data["recommendation"], f"{path}.recommendation"),
        )
        if band.min > band.max:
            raise _fail(path, _("min is greater than max"))
        bands.append(band)
    codes = [band.code for band in bands]
    if len(set(codes)) != len(codes):
        raise _fail("bands", _("two bands have the same code"))
    # Bands tile the whole range, in order, without gap or overlap, so every
    # possible total falls in exactly one band.
    if bands[0].min != scoring.min_total:
        raise _fail(
            "bands[1].min",
            _("must be the lowest possible total, %(total)s") % {"total": scoring.min_total},
        )
    if bands[-1].max != scoring.max_total:
        raise _fail(
            f"bands[{len(bands)}].max",
            _("must be the highest possible total, %(total)s") % {"total": scoring.max_total},
        )
    for number, (previous, band) in enumerate(pairwise(bands), start=2):
        if Decimal(band.min) != Decimal(previous.max) + scoring.step:
            raise _fail(
                f"bands[{number}].min",
                _("must follow the previous band without gap or overlap (expected %(expected)s)")
                % {"expected": Decimal(previous.max) + scoring.step},
            )
    return tuple(bands)


def _parse_risk_rules(
    raw: Any,
    items: Sequence[Item],
    bands: Sequence[Band],
    subscales: Sequence[Subscale],
    scoring: Scoring,
) -> tuple[RiskRule, ...]:
    if raw is None:
        return ()
    band_codes = {band.code for band in bands}
    subscale_codes = {subscale.code for subscale in subscales}
    rules = []
    for index, entry in enumerate(_list(raw, "risk_rules")):
        path = f"risk_rules[{index + 1}]"
        data = _mapping(
            entry,
            path,
            allowed={"code", "kind", "reason", "item", "bands", "subscale", "min", "max"},
            required={"code", "kind", "reason"},
        )
        kind = _choice(data["kind"], f"{path}.kind", RiskKind)
        item: int | None = None
        rule_bands: tuple[str, ...] = ()
        subscale: str | None = None
        decimals = scoring.decimals
        if kind == RiskKind.ITEM:
            if data.get("item") is None:
                raise _fail(f"{path}.item", _("is required"))
            item = _item_numbers([data["item"]], f"{path}.item", len(items))[0]
            decimals = 0
        elif kind == RiskKind.BAND:
            rule_bands = tuple(
                _code(code, f"{path}.bands[{i + 1}]")
                for i, code in enumerate(_list(data.get("bands"), f"{path}.bands", min_length=1))
            )
            for code in rule_bands:
                if code not in band_codes:
                    raise _fail(
                        f"{path}.bands", _("band “%(code)s” does not exist") % {"code": code}
                    )
        elif kind == RiskKind.SUBSCALE:
            subscale = _code(data.get("subscale"), f"{path}.subscale")
            if subscale not in subscale_codes:
                raise _fail(
                    f"{path}.subscale", _("subscale “%(code)s” does not exist") % {"code": subscale}
                )
            decimals = next(s.decimals for s in subscales if s.code == subscale)
        bounds = {
            key: _as_score(_number(data[key], f"{path}.{key}"), decimals, f"{path}.{key}")
            for key in ("min", "max")
            if data.get(key) is not None
        }
        if kind != RiskKind.BAND and not bounds:
            raise _fail(path, _("needs a min or a max"))
        rules.append(
            RiskRule(
                code=_code(data["code"], f"{path}.code"),
                kind=kind,
                reason=_text(data["reason"], f"{path}.reason"),
                item=item,
                bands=rule_bands,
                subscale=subscale,
                min=bounds.get("min"),
                max=bounds.get("max"),
            )
        )
    codes = [rule.code for rule in rules]
    if len(set(codes)) != len(codes):
        raise _fail("risk_rules", _("two rules have the same code"))
    return tuple(rules)


def canonical_json(raw: Mapping[str, Any]) -> str:
    """The definition as canonical JSON: what the content hash is taken over."""
    return json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(raw: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(raw).encode()).hexdigest()
