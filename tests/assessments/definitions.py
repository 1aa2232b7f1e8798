"""The shipped instrument definitions, parsed once, and answers for a target total."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assessments import scoring
from assessments.services import INSTRUMENTS_DIR

SHIPPED = ("gad7", "k10", "phq9", "pss10", "who5")


def raw_definition(code: str, directory: Path = INSTRUMENTS_DIR) -> dict[str, Any]:
    with (directory / f"{code}.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=yaml.CSafeLoader)
    return data


_PARSED = {code: scoring.parse_definition(raw_definition(code)) for code in SHIPPED}


def parsed(code: str) -> scoring.Definition:
    return _PARSED[code]


def answers_for(definition: scoring.Definition, total: int) -> list[int]:
    """Option values (in item order) whose item scores add up to `total` (before any multiplier).

    An item contributes between its lowest and highest option value whichever way
    it is scored; a reverse-scored item contributes `wanted` when answered
    `max + min - wanted`.
    """
    remaining = total - sum(item.min_value for item in definition.items)
    answers = []
    for item in definition.items:
        extra = max(0, min(remaining, item.max_value - item.min_value))
        remaining -= extra
        wanted = item.min_value + extra
        answers.append(item.max_value + item.min_value - wanted if item.reverse else wanted)
    assert remaining == 0, f"{total} is out of range"
    return answers
