"""kpis test fixtures: the clock frozen at builders.NOW, the instruments, the staff."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.utils import translation

from assessments import services as assessment_services
from network.models import OrgUnit
from tests.kpis import builders


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(builders.NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def who(tree: dict[str, OrgUnit], frozen: None) -> builders.Staff:
    assessment_services.instrument_load_files()
    return builders.staff(tree)
