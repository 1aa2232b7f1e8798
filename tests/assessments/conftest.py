"""Assessment fixtures: English messages, the shipped instruments loaded, each shipped
definition (parsed once, in tests/assessments/definitions.py), the campaign factory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from assessments import scoring, services
from tests.assessments.definitions import SHIPPED, parsed
from tests.assessments.factories import CampaignFactory


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
    return parsed(request.param)
