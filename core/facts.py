"""KPI facts: what the domain apps tell the indicator side about the work they record.

A domain service that records work (a lecture filed, a session attended, a call
logged) builds `Fact`s with its app's pure mapping functions (`<app>/facts.py`) and
calls `replace(source, facts)` (or `record` / `retract`) inside its own transaction,
so the figures change exactly when the work is committed. Core knows nothing of who
stores facts: handlers are registered at start-up (`kpis` registers its fact table in
`KpisConfig.ready`), so the domain apps never import `kpis`.

Every fact names its `Source` (app label, model, primary key): the facts of one record
are retracted and recorded again whenever the record changes, which keeps them a pure
function of the record's current state (a rebuild from the raw records gives the same).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db import models


@dataclass(frozen=True)
class Source:
    """The record a fact comes from."""

    app: str
    model: str
    pk: int

    @classmethod
    def of(cls, instance: models.Model) -> Source:
        meta = instance._meta
        return cls(app=meta.app_label, model=meta.model_name or "", pk=int(instance.pk))


@dataclass(frozen=True)
class Fact:
    """One count for an indicator, at a unit on a day (value 1 for one thing done).

    `breakdown` is empty for the indicator's total, or a key (e.g. a key group, "gig")
    for a count within it; breakdown facts never add into the total.
    """

    indicator: str
    unit_id: int
    day: date
    value: int
    source: Source
    breakdown: str = ""


class FactHandler(Protocol):
    def record(self, facts: Sequence[Fact]) -> None: ...

    def retract(self, source: Source) -> None: ...


_handlers: list[FactHandler] = []


def register_handler(handler: FactHandler) -> None:
    """Called once per process at start-up (an AppConfig.ready); idempotent."""
    if handler not in _handlers:
        _handlers.append(handler)


def handlers() -> tuple[FactHandler, ...]:
    return tuple(_handlers)


def record(facts: Iterable[Fact]) -> None:
    """Store `facts` with every registered handler (in the caller's transaction)."""
    batch = list(facts)
    if not batch:
        return
    for handler in _handlers:
        handler.record(batch)


def retract(source: Source) -> None:
    """Remove every fact of `source` (a record deleted, cancelled or changed)."""
    for handler in _handlers:
        handler.retract(source)


def replace(source: Source, facts: Iterable[Fact]) -> None:
    """The facts of `source` are now exactly `facts` (each must carry that source)."""
    batch = list(facts)
    if any(fact.source != source for fact in batch):
        raise ValueError("every replaced fact must carry the replaced source")
    retract(source)
    record(batch)
