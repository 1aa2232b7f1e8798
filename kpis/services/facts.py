"""The fact table's side of core.facts, and the ancestors table kept with the tree.

`FactTable` is the handler `KpisConfig.ready` registers: the domain services' facts are
written (and retracted) in their own transaction. `tree_changed` rewrites the ancestors
rows of a created or moved subtree in the network's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from core.facts import Fact as FactData
from core.facts import Source
from kpis.models import Fact, UnitAncestor
from kpis.services import rollup
from network.models import STEP_LEN, OrgUnit


def fact_row(fact: FactData) -> Fact:
    return Fact(
        indicator=fact.indicator,
        unit_id=fact.unit_id,
        date=fact.day,
        year=fact.day.year,
        month=fact.day.month,
        value=fact.value,
        breakdown=fact.breakdown,
        source_app=fact.source.app,
        source_model=fact.source.model,
        source_pk=fact.source.pk,
    )


class FactTable:
    """Stores facts as kpis.Fact rows."""

    def record(self, facts: Sequence[FactData]) -> None:
        rows = [fact_row(fact) for fact in facts]
        Fact.objects.bulk_create(rows)
        rollup.add((r.unit_id, r.year, r.month, r.indicator, r.breakdown, r.value) for r in rows)

    def retract(self, source: Source) -> None:
        facts = Fact.objects.filter(
            source_app=source.app, source_model=source.model, source_pk=source.pk
        )
        rows = list(
            facts.values_list("unit_id", "year", "month", "indicator", "breakdown", "value")
        )
        if rows:
            facts.delete()
            rollup.add(rows, sign=-1)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FactTable)

    def __hash__(self) -> int:
        return hash(FactTable)


FACT_TABLE = FactTable()


def _prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(STEP_LEN, len(path) + 1, STEP_LEN)]


def ancestor_rows(units: Iterable[tuple[int, str]], ids_by_path: dict[str, int]) -> list[Any]:
    """UnitAncestor rows (self included) for (id, path) pairs, ancestors found by path."""
    rows = []
    for unit_id, path in units:
        prefixes = _prefixes(path)
        for depth, prefix in enumerate(reversed(prefixes)):
            rows.append(UnitAncestor(unit_id=unit_id, ancestor_id=ids_by_path[prefix], depth=depth))
    return rows


def ancestors_rewrite(root: OrgUnit) -> None:
    """The ancestors rows of `root`'s subtree, rewritten from the current paths."""
    subtree = list(OrgUnit.objects.filter(path__startswith=root.path).values_list("id", "path"))
    above = _prefixes(root.path)[:-1]
    ids_by_path = {path: pk for pk, path in subtree}
    ids_by_path.update(OrgUnit.objects.filter(path__in=above).values_list("path", "id"))
    unit_ids = [pk for pk, _path in subtree]
    old = set(UnitAncestor.objects.filter(unit=root).values_list("ancestor_id", flat=True))
    UnitAncestor.objects.filter(unit_id__in=unit_ids).delete()
    rows = ancestor_rows(subtree, ids_by_path)
    UnitAncestor.objects.bulk_create(rows)
    new = {row.ancestor_id for row in rows if row.unit_id == root.pk}
    # The subtree's own sums are unchanged; those above it move with it.
    rollup.move(unit_ids, left=old - new, joined=new - old)


def on_tree_changed(sender: object, *, root: OrgUnit, **kwargs: object) -> None:
    ancestors_rewrite(root)
