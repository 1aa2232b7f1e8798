"""Hotline fixtures: a line at the city centre, its operators and supervisor, the outsiders."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from accounts.models import User
from hotline.models import Duty, Line, RosterPattern, ShiftTemplate
from network.models import OrgUnit, Role
from tests.hotline import factories as hf
from tests.network import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A Shanghai wall-clock moment."""
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Services' messages in English, whatever a previous test left active; pages
    choose their language from the request (test_pages_are_translated asks zh-Hans)."""
    with translation.override("en"):
        yield


@pytest.fixture
def frozen() -> Callable[[datetime], time_machine.travel]:
    """Freeze the clock at a moment: `with frozen(at(2026, 6, 10, 23, 30)): …`."""

    def travel(moment: datetime) -> time_machine.travel:
        return time_machine.travel(moment, tick=False)

    return travel


@pytest.fixture
def wednesday_morning() -> Iterator[None]:
    """Wednesday 10 June 2026, 08:45 in Shanghai (the pattern's first week began Monday 8)."""
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=False):
        yield


@pytest.fixture
def line(tree: dict[str, OrgUnit]) -> Line:
    return hf.LineFactory(unit=tree["centre"], name="12351 职工服务热线")


@pytest.fixture
def operator(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("op.one@example.com", Role.HOTLINE_OPERATOR, tree["centre"])


@pytest.fixture
def operator2(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("op.two@example.com", Role.HOTLINE_OPERATOR, tree["centre"])


@pytest.fixture
def supervisor(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("sup.one@example.com", Role.HOTLINE_SUPERVISOR, tree["centre"])


@pytest.fixture
def supervisor2(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("sup.two@example.com", Role.HOTLINE_SUPERVISOR, tree["centre"])


@pytest.fixture
def other_line(tree: dict[str, OrgUnit]) -> Line:
    return hf.LineFactory(unit=tree["district_b"], name="乙区热线")


@pytest.fixture
def operator_b(tree: dict[str, OrgUnit], other_line: Line) -> User:
    """The outsider: an operator of district B's line."""
    return factories.staff("op.b@example.com", Role.HOTLINE_OPERATOR, tree["district_b"])


@pytest.fixture
def pattern(line: Line) -> RosterPattern:
    return hf.RosterPatternFactory(line=line, name="每周轮班")


Weekly = Callable[..., ShiftTemplate]


@pytest.fixture
def weekly(pattern: RosterPattern) -> Weekly:
    """Add a template to the pattern on `weekdays` with `people` [(user, duty)]."""

    def add(
        starts: time,
        ends: time,
        people: Iterable[tuple[User, str]],
        weekdays: Iterable[int] = range(7),
        name: str | None = None,
    ) -> ShiftTemplate:
        template = hf.ShiftTemplateFactory(
            line=pattern.line, starts=starts, ends=ends, name=name or f"{starts:%H%M}-{ends:%H%M}"
        )
        for weekday in weekdays:
            entry = hf.PatternEntryFactory(pattern=pattern, template=template, weekday=weekday)
            for user, duty in people:
                hf.PatternAssignmentFactory(entry=entry, user=user, duty=duty)
        return template

    return add


@pytest.fixture
def full_week(
    weekly: Weekly, operator: User, operator2: User, supervisor: User, supervisor2: User
) -> None:
    """Day 08–16, evening 16–24 and night 00–08 every day, each with an operator and a
    supervisor: the week is covered."""
    weekly(
        time(8), time(16), [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)], name="白班"
    )
    weekly(
        time(16), time(0), [(operator2, Duty.OPERATOR), (supervisor2, Duty.SUPERVISOR)], name="晚班"
    )
    weekly(
        time(0), time(8), [(operator, Duty.OPERATOR), (supervisor2, Duty.SUPERVISOR)], name="夜班"
    )


@pytest.fixture(autouse=True)
def _caller_keys(settings: Any, tmp_path: Path) -> None:
    """Test keys for caller profiles (core.crypto), never the development key file."""
    settings.HOTLINE_CALLER_KEY = "test-caller-key-0123456789abcdef"
    settings.FIELD_ENCRYPTION_KEY = "Hm0s8bQmTzN0u2a0r0lR6Yg6b1jWJ5x0H1c4Qn3v9Kk="
    settings.HOTLINE_DEV_KEY_FILE = tmp_path / "never.json"


@pytest.fixture
def on_duty_now(
    frozen: Callable[[datetime], time_machine.travel], full_week: None
) -> Iterator[None]:
    """Wednesday 10 June 2026, 10:00: `operator` and `supervisor` are on the day shift."""
    with frozen(at(2026, 6, 10, 10, 0)):
        yield


@pytest.fixture
def nothing_hidden(settings: Any) -> None:
    """Small hand counts shown as they are (suppression has its own tests)."""
    settings.MIN_GROUP_SIZE = 1


@pytest.fixture
def a_lines(tree: dict[str, OrgUnit]) -> tuple[Line, Line]:
    """District A's line and its station A1's line: district A's subtree."""
    return (
        hf.LineFactory(unit=tree["district_a"], name="甲区热线"),
        hf.LineFactory(unit=tree["station_a1"], name="甲一驿站热线"),
    )
