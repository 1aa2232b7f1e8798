"""core.facts: facts go to every registered handler; `replace` keeps one record's facts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import pytest

from core import facts
from core.facts import Fact, Source

SOURCE = Source("courses", "lecture", 7)


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def record(self, batch: Sequence[Fact]) -> None:
        self.calls.append(("record", list(batch)))

    def retract(self, source: Source) -> None:
        self.calls.append(("retract", source))


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    monkeypatch.setattr(facts, "_handlers", [])
    handler = Recorder()
    facts.register_handler(handler)
    facts.register_handler(handler)  # once per process, however often ready() runs
    yield handler


def test_replace_retracts_then_records_the_sources_facts(recorder: Recorder) -> None:
    one = Fact("lectures_held", 3, date(2026, 3, 1), 1, SOURCE)
    facts.replace(SOURCE, [one])
    facts.record([])  # nothing to store: no call
    assert recorder.calls == [("retract", SOURCE), ("record", [one])]
    assert facts.handlers() == (recorder,)


def test_replace_refuses_a_fact_of_another_record(recorder: Recorder) -> None:
    other = Fact("lectures_held", 3, date(2026, 3, 1), 1, Source("courses", "lecture", 8))
    with pytest.raises(ValueError, match="replaced source"):
        facts.replace(SOURCE, [other])
    assert recorder.calls == []
