"""Instrument definitions and their scoring: pure functions, no database.

A definition is the content of one data file under `assessments/instruments/`
(the same dict is stored as JSON in `InstrumentVersion.definition`).
`parse_definition` checks it and returns a typed `Definition`; `score` turns the
chosen option values, in item order, into a `Result`.

Item numbers in definitions, rules and error messages are 1-based, as printed
on the published questionnaires.

The schema, in brief (see `phq9.yaml` for a full example):

    code, license (free | licensed), source, terms_of_use, [translation], [notes]
    name, short_name, instructions, time_frame, [description]   # texts: {zh-Hans, en}
    options: [{value, label}]               # shared answer options
    items: [{text, [options]}]              # an item may bring its own options
    reverse_items: [4, 5]                   # scored as (max + min - value)
    subscales: [{code, name, items, [method: sum | mean], [decimals]}]
    scoring: {method: sum | mean, range: {min, max}, [multiplier], [decimals],
              [rounding: half_up | floor], [percentage_multiplier]}
    bands: [{code, min, max, severity, label, meaning, recommendation}]
    risk_rules: [{code, kind: item | band | total | subscale, reason,
                  item | bands | subscale, [min], [max]}]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from assessments.scoring.definition import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    SCHEMA_VERSION,
    Band,
    Definition,
    InstrumentDefinitionError,
    InvalidAnswers,
    Item,
    License,
    Method,
    Option,
    Result,
    RiskKind,
    RiskRule,
    Rounding,
    Score,
    Scoring,
    Subscale,
    Text,
    aggregate,
    quantize,
)
from assessments.scoring.parse import canonical_json, content_hash, parse_definition

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "SCHEMA_VERSION",
    "Band",
    "Definition",
    "InstrumentDefinitionError",
    "InvalidAnswers",
    "Item",
    "License",
    "Method",
    "Option",
    "Result",
    "RiskKind",
    "RiskRule",
    "Rounding",
    "Score",
    "Scoring",
    "Subscale",
    "Text",
    "canonical_json",
    "check_answers",
    "content_hash",
    "parse_definition",
    "score",
]


def check_answers(definition: Definition, answers: Sequence[int]) -> None:
    """Raise `InvalidAnswers` unless there is one offered value per item."""
    if isinstance(answers, str | bytes) or len(answers) != len(definition.items):
        raise InvalidAnswers(
            _("%(instrument)s has %(expected)d questions; %(given)d answers were given.")
            % {
                "instrument": definition.short_name.get(),
                "expected": len(definition.items),
                "given": len(answers),
            }
        )
    for item, value in zip(definition.items, answers, strict=True):
        if isinstance(value, bool) or not isinstance(value, int) or value not in item.values:
            raise InvalidAnswers(
                _(
                    "Answer %(number)d is “%(value)s”, which is not an option of question "
                    "%(number)d (allowed: %(allowed)s)."
                )
                % {
                    "number": item.number,
                    "value": value,
                    "allowed": ", ".join(str(v) for v in sorted(item.values)),
                }
            )


def score(definition: Definition, answers: Sequence[int]) -> Result:
    """Score the chosen option values, given in item order."""
    check_answers(definition, answers)
    item_scores = [
        item.item_score(value) for item, value in zip(definition.items, answers, strict=True)
    ]
    scoring = definition.scoring
    total = scoring.total(item_scores)
    band = next(band for band in definition.bands if band.contains(total))
    percentage: Score | None = None
    if scoring.percentage_multiplier is not None:
        exact = Decimal(total) * scoring.percentage_multiplier
        percentage = int(exact) if exact == exact.to_integral_value() else exact
    subscales = {
        subscale.code: quantize(
            aggregate([item_scores[n - 1] for n in subscale.items], subscale.method),
            subscale.decimals,
        )
        for subscale in definition.subscales
    }
    reasons = tuple(
        rule
        for rule in definition.risk_rules
        if _rule_matches(rule, answers=answers, total=total, band=band, subscales=subscales)
    )
    return Result(
        total=total, band=band, percentage=percentage, subscales=subscales, risk_reasons=reasons
    )


def _rule_matches(
    rule: RiskRule,
    *,
    answers: Sequence[int],
    total: Score,
    band: Band,
    subscales: Mapping[str, Score],
) -> bool:
    if rule.kind == RiskKind.ITEM:
        assert rule.item is not None
        # The raw answer, before any reverse scoring: "item 9 > 0" means the option chosen.
        return rule.bounds_contain(answers[rule.item - 1])
    if rule.kind == RiskKind.BAND:
        return band.code in rule.bands
    if rule.kind == RiskKind.SUBSCALE:
        assert rule.subscale is not None
        return rule.bounds_contain(subscales[rule.subscale])
    return rule.bounds_contain(total)
