"""Assessment fixtures: the shipped instruments loaded, their definitions parsed once,
answers for a target total, the campaign factory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation

from assessments import scoring, services
from assessments.services import INSTRUMENTS_DIR
from tests.assessments.factories import CampaignFactory

SHIPPED = ("gad7", "k10", "phq9", "pss10", "who5")


def raw_definition(code: str, directory: Path = INSTRUMENTS_DIR) -> dict[str, Any]:
    with (directory / f"{code}.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=yaml.CSafeLoader)
    return data


_PARSED = {code: scoring.parse_definition(raw_definition(code)) for code in SHIPPED}


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Error messages are asserted in English; the zh-Hans ones have their own test."""
    with translation.override("en"):
        yield


@pytest.fixture
def instruments(db: None) -> None:
    """The shipped instruments, loaded as a deployment loads them."""
    services.instrument_load_files()


@pytest.fixture
def campaign_factory(instruments: None) -> type[CampaignFactory]:
    """CampaignFactory, with the instruments it offers loaded."""
    return CampaignFactory


@pytest.fixture(params=SHIPPED)
def definition(request: pytest.FixtureRequest) -> scoring.Definition:
    return _PARSED[request.param]


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
