"""Figures across a subtree of the network, each cell through core.disclosure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Instrument, Submission
from assessments.scoring import Text
from core import clock, disclosure
from core.disclosure import Unprotectable, percent
from core.errors import NotFound
from network import access
from network.access import Perm, Viewer
from network.models import STEP_LEN, OrgUnit

# One publication per questionnaire and calendar year, the same for every viewer:
# a unit's figures are worked out top-down from the network root, so what the
# city's table hides about a district stays hidden in the district's own view
# (otherwise the city total minus the district's own headline would give away
# the district's sibling). Questionnaires and years cover disjoint answers, so
# their publications are independent; no total across them is shown.

BELOW, MILD = "below", "mild"


@dataclass(frozen=True)
class FigureRow:
    label: Any
    tested: int | None
    mild: int | None
    detail: Any = ""

    @property
    def mild_share(self) -> Decimal | None:
        return percent(self.mild, self.tested)


@dataclass(frozen=True)
class Figures:
    unit: OrgUnit
    instrument: Instrument | None
    year: int
    tested: int | None
    mild: int | None
    withheld: bool
    by_unit: tuple[FigureRow, ...]
    by_instrument: tuple[FigureRow, ...]
    min_group_size: int

    @property
    def mild_share(self) -> Decimal | None:
        return percent(self.mild, self.tested)


@dataclass(frozen=True)
class SubtreeView:
    """A unit's figures within one publication: its headline and one row per child (or itself)."""

    tested: int | None
    mild: int | None
    withheld: bool
    rows: tuple[tuple[str, int | None, int | None], ...]


def subtree_view(
    results: dict[str, tuple[int, int]], chain: list[str], *, size: int
) -> SubtreeView:
    """The view of the last unit of `chain` (tree paths from the network root down to it).

    `results` maps a unit path to (tested, mild or above) filed exactly there.
    Each unit's table is protected with its headline as decided by its parent's
    table: published (mild too), tested only, or withheld.
    """

    def grouped(prefix: str) -> dict[str, tuple[int, int]]:
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for path, (tested, mild) in results.items():
            if path.startswith(prefix):
                key = path[: len(prefix) + STEP_LEN]
                groups[key][0] += tested
                groups[key][1] += mild
        return {key: (t, m) for key, (t, m) in sorted(groups.items())}

    top = grouped(chain[0]).values()
    total, mild_total = sum(t for t, _m in top), sum(m for _t, m in top)
    tested: int | None = total
    mild: int | None = mild_total
    if 0 < total < size:
        tested = mild = None
    elif total:
        mild = disclosure.safe_distribution([total - mild_total, mild_total], min_size=size).counts[
            1
        ]

    for depth, node in enumerate(chain):
        groups = grouped(node)
        keys = list(groups)
        rows: list[tuple[str, int | None, int | None]]
        if tested is None:
            rows = [(k, None, None) for k in keys]
        else:
            rows = _view_rows(groups, keys, publish_mild=mild is not None, size=size)
        if depth == len(chain) - 1:
            return SubtreeView(tested=tested, mild=mild, withheld=tested is None, rows=tuple(rows))
        child = chain[depth + 1]
        tested, mild = next(((t, m) for k, t, m in rows if k == child), (0, 0))
    raise ValueError("empty chain")


def _view_rows(
    groups: dict[str, tuple[int, int]], keys: list[str], *, publish_mild: bool, size: int
) -> list[tuple[str, int | None, int | None]]:
    if publish_mild and keys:
        counts = {(k, BELOW): t - m for k, (t, m) in groups.items()}
        counts |= {(k, MILD): m for k, (t, m) in groups.items()}
        try:
            table = disclosure.safe_table(
                counts, keys, [BELOW, MILD], min_size=size, publish_margins=True
            )
        except Unprotectable:
            pass
        else:
            return [(k, table.row_totals[k], table.cell(k, MILD)) for k in keys]
    # How many were tested per row only: one distribution over the rows.
    tested = disclosure.safe_distribution([groups[k][0] for k in keys], min_size=size)
    return [(k, tested.counts[i], None) for i, k in enumerate(keys)]


def figure_roots(viewer: Viewer) -> list[OrgUnit]:
    """The units at the top of the viewer's reach for assessment figures."""
    prefixes = access.reach_prefixes(viewer, Perm.VIEW_ASSESSMENT_FIGURES)
    if prefixes is None:
        return list(OrgUnit.objects.filter(parent__isnull=True))
    return list(OrgUnit.objects.filter(path__in=prefixes).order_by("path"))


def _figures_unit(viewer: Viewer, unit: OrgUnit | None) -> OrgUnit:
    """The unit asked for, or the top of the viewer's reach; NotFound outside it."""
    if unit is None:
        roots = figure_roots(viewer)
        if not roots:
            raise NotFound()
        unit = roots[0]
    if not access.can(viewer, Perm.VIEW_ASSESSMENT_FIGURES, unit):
        raise NotFound()
    return unit


def _year_results(year: int) -> dict[int, dict[str, tuple[int, int]]]:
    """(tested, mild or above) per instrument id and unit path, for one calendar year.

    Every result of the year filed under a unit, network-wide: the unit's
    ancestors' tables decide what its own view may show.
    """
    grouped = (
        Submission.objects.exclude(unit_path="")
        .filter(submitted_on__gte=date(year, 1, 1), submitted_on__lte=date(year, 12, 31))
        .values("unit_path", "instrument_version__instrument_id")
        .annotate(tested=Count("pk"), mild=Count("pk", filter=Q(severity__gte=1)))
        .order_by()
    )
    results: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in grouped:
        results[row["instrument_version__instrument_id"]][row["unit_path"]] = (
            row["tested"],
            row["mild"],
        )
    return results


def subtree_figures(
    viewer: Viewer,
    *,
    unit: OrgUnit | None = None,
    instrument_code: str | None = None,
    year: int | None = None,
) -> Figures:
    """A unit's results in a calendar year: "606 tested, 226 mild or above".

    For one questionnaire (default: the first with results under the unit),
    with a row per child unit (and one for results filed at the unit itself),
    and each questionnaire's headline for the unit. Counts are answer sets
    filed under a unit: campaign answers, and self-assessments where the
    worker named a district. "Mild or above" is severity ≥ 1 on the
    questionnaire's bands. The unit defaults to the top of the viewer's reach;
    outside it is NotFound.
    """
    size = disclosure.min_group_size()
    unit = _figures_unit(viewer, unit)
    year = year or clock.today().year
    results = _year_results(year)
    instruments = list(Instrument.objects.filter(pk__in=list(results)).order_by("code"))
    chain = [unit.path[:end] for end in range(STEP_LEN, len(unit.path) + 1, STEP_LEN)]
    views = {i.pk: subtree_view(results[i.pk], chain, size=size) for i in instruments}

    chosen = next((i for i in instruments if i.code == instrument_code), None)
    if chosen is None and instrument_code is None:
        chosen = next((i for i in instruments if views[i.pk].tested != 0), None)
    view = views[chosen.pk] if chosen is not None else SubtreeView(0, 0, False, ())
    names = {u.path: u.name for u in OrgUnit.objects.filter(path__in=[k for k, *_ in view.rows])}

    def label(path: str) -> Any:
        name = names.get(path, path)
        return _("%(name)s itself") % {"name": name} if path == unit.path else name

    return Figures(
        unit=unit,
        instrument=chosen,
        year=year,
        tested=view.tested,
        mild=view.mild,
        withheld=view.withheld,
        by_unit=tuple(FigureRow(label=label(k), tested=t, mild=m) for k, t, m in view.rows),
        by_instrument=tuple(
            FigureRow(
                label=i.short_name,
                detail=Text(i.name, i.name_en),
                tested=views[i.pk].tested,
                mild=views[i.pk].mild,
            )
            for i in instruments
        ),
        min_group_size=size,
    )
