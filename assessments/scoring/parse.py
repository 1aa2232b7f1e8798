"""Checking a definition (a data file's content) and turning it into a typed `Definition`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext_lazy as _

from assessments.scoring import reading as read
from assessments.scoring.definition import (
    SCHEMA_VERSION,
    Band,
    Definition,
    Item,
    License,
    Method,
    RiskKind,
    RiskRule,
    Rounding,
    Scoring,
    Subscale,
)

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


def parse_definition(raw: Any) -> Definition:
    """Check a definition and return it typed; `InstrumentDefinitionError` names the field."""
    data = read.mapping(raw, "", allowed=_TOP_KEYS, required=_REQUIRED_TOP)
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise read.fail("schema", _("must be %(version)d") % {"version": SCHEMA_VERSION})

    shared = read.options(data["options"], "options") if data.get("options") is not None else None
    raw_items = read.sequence(data["items"], "items", min_length=1)
    reverse = (
        set(read.item_numbers(data["reverse_items"], "reverse_items", len(raw_items)))
        if data.get("reverse_items") is not None
        else set()
    )
    items = []
    for index, entry in enumerate(raw_items):
        number = index + 1
        path = f"items[{number}]"
        item_data = read.mapping(entry, path, allowed={"text", "options"}, required={"text"})
        if item_data.get("options") is not None:
            options = read.options(item_data["options"], f"{path}.options")
        elif shared is not None:
            options = shared
        else:
            raise read.fail(f"{path}.options", _("is required when there are no shared options"))
        items.append(
            Item(
                number=number,
                text=read.text(item_data["text"], f"{path}.text"),
                options=options,
                reverse=number in reverse,
            )
        )

    scoring = _parse_scoring(data["scoring"], items)
    subscales = _parse_subscales(data.get("subscales"), len(items))
    bands = _parse_bands(data["bands"], scoring)
    risk_rules = _parse_risk_rules(data.get("risk_rules"), items, bands, subscales, scoring)

    return Definition(
        code=read.code(data["code"], "code"),
        license=read.choice(data["license"], "license", License),
        name=read.text(data["name"], "name"),
        short_name=read.text(data["short_name"], "short_name"),
        description=read.optional_text(data, "description", ""),
        instructions=read.text(data["instructions"], "instructions"),
        time_frame=read.text(data["time_frame"], "time_frame"),
        source=read.string(data["source"], "source"),
        terms_of_use=read.string(data["terms_of_use"], "terms_of_use"),
        translation=read.string(data["translation"], "translation")
        if data.get("translation")
        else "",
        notes=read.optional_text(data, "notes", ""),
        items=tuple(items),
        scoring=scoring,
        bands=bands,
        subscales=subscales,
        risk_rules=risk_rules,
    )


def _parse_scoring(raw: Any, items: Sequence[Item]) -> Scoring:
    data = read.mapping(
        raw,
        "scoring",
        allowed={"method", "range", "multiplier", "decimals", "rounding", "percentage_multiplier"},
        required={"method", "range"},
    )
    multiplier = (
        read.number(data["multiplier"], "scoring.multiplier")
        if data.get("multiplier") is not None
        else Decimal(1)
    )
    if multiplier <= 0:
        raise read.fail("scoring.multiplier", _("must be greater than zero"))
    draft = Scoring(
        method=read.choice(data["method"], "scoring.method", Method),
        min_total=0,
        max_total=0,
        multiplier=multiplier,
        decimals=read.integer(data.get("decimals", 0), "scoring.decimals", minimum=0),
        rounding=read.choice(data.get("rounding", Rounding.HALF_UP), "scoring.rounding", Rounding),
    )
    low = draft.total([item.min_value for item in items])
    high = draft.total([item.max_value for item in items])
    declared = read.mapping(
        data["range"], "scoring.range", allowed={"min", "max"}, required={"min", "max"}
    )
    declared_min = read.as_score(
        read.number(declared["min"], "scoring.range.min"), draft.decimals, "scoring.range.min"
    )
    declared_max = read.as_score(
        read.number(declared["max"], "scoring.range.max"), draft.decimals, "scoring.range.max"
    )
    if (declared_min, declared_max) != (low, high):
        raise read.fail(
            "scoring.range",
            _("is %(declared_min)s–%(declared_max)s but the items give %(min)s–%(max)s")
            % {"declared_min": declared_min, "declared_max": declared_max, "min": low, "max": high},
        )
    percentage = (
        read.number(data["percentage_multiplier"], "scoring.percentage_multiplier")
        if data.get("percentage_multiplier") is not None
        else None
    )
    if percentage is not None and percentage <= 0:
        raise read.fail("scoring.percentage_multiplier", _("must be greater than zero"))
    return replace(draft, min_total=low, max_total=high, percentage_multiplier=percentage)


def _parse_subscales(raw: Any, count: int) -> tuple[Subscale, ...]:
    if raw is None:
        return ()
    subscales = []
    for index, entry in enumerate(read.sequence(raw, "subscales")):
        path = f"subscales[{index + 1}]"
        data = read.mapping(
            entry,
            path,
            allowed={"code", "name", "items", "method", "decimals"},
            required={"code", "name", "items"},
        )
        method = read.choice(data.get("method", Method.SUM), f"{path}.method", Method)
        default_decimals = 2 if method == Method.MEAN else 0
        subscales.append(
            Subscale(
                code=read.code(data["code"], f"{path}.code"),
                name=read.text(data["name"], f"{path}.name"),
                items=_subscale_items(data["items"], f"{path}.items", count),
                method=method,
                decimals=read.integer(
                    data.get("decimals", default_decimals), f"{path}.decimals", minimum=0
                ),
            )
        )
    codes = [subscale.code for subscale in subscales]
    if len(set(codes)) != len(codes):
        raise read.fail("subscales", _("two subscales have the same code"))
    return tuple(subscales)


def _subscale_items(raw: Any, path: str, count: int) -> tuple[int, ...]:
    read.sequence(raw, path, min_length=1)
    return read.item_numbers(raw, path, count)


def _parse_bands(raw: Any, scoring: Scoring) -> tuple[Band, ...]:
    bands = []
    for index, entry in enumerate(read.sequence(raw, "bands", min_length=1)):
        path = f"bands[{index + 1}]"
        data = read.mapping(
            entry,
            path,
            allowed={"code", "min", "max", "severity", "label", "meaning", "recommendation"},
            required={"code", "min", "max", "severity", "label", "meaning", "recommendation"},
        )
        band = Band(
            code=read.code(data["code"], f"{path}.code"),
            min=read.as_score(
                read.number(data["min"], f"{path}.min"), scoring.decimals, f"{path}.min"
            ),
            max=read.as_score(
                read.number(data["max"], f"{path}.max"), scoring.decimals, f"{path}.max"
            ),
            severity=read.integer(data["severity"], f"{path}.severity", minimum=0),
            label=read.text(data["label"], f"{path}.label"),
            meaning=read.text(data["meaning"], f"{path}.meaning"),
            recommendation=read.text(data["recommendation"], f"{path}.recommendation"),
        )
        if band.min > band.max:
            raise read.fail(path, _("min is greater than max"))
        bands.append(band)
    codes = [band.code for band in bands]
    if len(set(codes)) != len(codes):
        raise read.fail("bands", _("two bands have the same code"))
    # Bands tile the whole range, in order, without gap or overlap, so every
    # possible total falls in exactly one band.
    if bands[0].min != scoring.min_total:
        raise read.fail(
            "bands[1].min",
            _("must be the lowest possible total, %(total)s") % {"total": scoring.min_total},
        )
    if bands[-1].max != scoring.max_total:
        raise read.fail(
            f"bands[{len(bands)}].max",
            _("must be the highest possible total, %(total)s") % {"total": scoring.max_total},
        )
    for number, (previous, band) in enumerate(pairwise(bands), start=2):
        if Decimal(band.min) != Decimal(previous.max) + scoring.step:
            raise read.fail(
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
    for index, entry in enumerate(read.sequence(raw, "risk_rules")):
        path = f"risk_rules[{index + 1}]"
        data = read.mapping(
            entry,
            path,
            allowed={"code", "kind", "reason", "item", "bands", "subscale", "min", "max"},
            required={"code", "kind", "reason"},
        )
        kind = read.choice(data["kind"], f"{path}.kind", RiskKind)
        item: int | None = None
        rule_bands: tuple[str, ...] = ()
        subscale: str | None = None
        decimals = scoring.decimals
        if kind == RiskKind.ITEM:
            if data.get("item") is None:
                raise read.fail(f"{path}.item", _("is required"))
            item = read.item_numbers([data["item"]], f"{path}.item", len(items))[0]
            decimals = 0
        elif kind == RiskKind.BAND:
            rule_bands = _rule_bands(data.get("bands"), f"{path}.bands", band_codes)
        elif kind == RiskKind.SUBSCALE:
            subscale = read.code(data.get("subscale"), f"{path}.subscale")
            if subscale not in subscale_codes:
                raise read.fail(
                    f"{path}.subscale", _("subscale “%(code)s” does not exist") % {"code": subscale}
                )
            decimals = next(s.decimals for s in subscales if s.code == subscale)
        bounds = {
            key: read.as_score(read.number(data[key], f"{path}.{key}"), decimals, f"{path}.{key}")
            for key in ("min", "max")
            if data.get(key) is not None
        }
        if kind != RiskKind.BAND and not bounds:
            raise read.fail(path, _("needs a min or a max"))
        rules.append(
            RiskRule(
                code=read.code(data["code"], f"{path}.code"),
                kind=kind,
                reason=read.text(data["reason"], f"{path}.reason"),
                item=item,
                bands=rule_bands,
                subscale=subscale,
                min=bounds.get("min"),
                max=bounds.get("max"),
            )
        )
    codes = [rule.code for rule in rules]
    if len(set(codes)) != len(codes):
        raise read.fail("risk_rules", _("two rules have the same code"))
    return tuple(rules)


def _rule_bands(raw: Any, path: str, band_codes: set[str]) -> tuple[str, ...]:
    """A band rule's bands: codes of bands the definition has, at least one."""
    codes = tuple(
        read.code(code, f"{path}[{i + 1}]")
        for i, code in enumerate(read.sequence(raw, path, min_length=1))
    )
    for code in codes:
        if code not in band_codes:
            raise read.fail(path, _("band “%(code)s” does not exist") % {"code": code})
    return codes


def canonical_json(raw: Mapping[str, Any]) -> str:
    """The definition as canonical JSON: what the content hash is taken over."""
    return json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(raw: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(raw).encode()).hexdigest()
