"""Small-cell and complementary suppression: hand-made tables and property tests.

The property tests check the engine against an independent reader: a
brute-force solver that, for every hidden entry, looks for another table
consistent with everything published (every hidden count at least 1, since
zeros are always shown) in which that entry differs.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core import disclosure
from core.disclosure import Line, Unprotectable

K = 10


# --- an independent reader ------------------------------------------------------------------


class BudgetExceeded(Exception):
    pass


def _solve(
    domains: Mapping[Hashable, range | set[int]],
    assigned: dict[Hashable, int],
    lines: Sequence[Line[Hashable]],
    budget: list[int],
) -> bool:
    """Is there an assignment of the unassigned keys within their domains satisfying every line?"""
    budget[0] -= 1
    if budget[0] < 0:
        raise BudgetExceeded
    assigned = dict(assigned)
    changed = True
    while changed:
        changed = False
        for line in lines:
            members = [*line.cells, line.total]
            unknown = [m for m in members if m not in assigned]
            known_cells = sum(assigned[c] for c in line.cells if c in assigned)
            if not unknown:
                if known_cells != assigned[line.total]:
                    return False
            elif len(unknown) == 1:
                key = unknown[0]
                value = known_cells if key == line.total else assigned[line.total] - known_cells
                if value not in domains[key]:
                    return False
                assigned[key] = value
                changed = True
            elif line.total in assigned and known_cells + len(unknown) > assigned[line.total]:
                return False  # every unknown cell is at least 1
    free = [key for key in domains if key not in assigned]
    if not free:
        return True
    key = free[0]
    return any(
        _solve(domains, {**assigned, key: value}, lines, budget) for value in sorted(domains[key])
    )


def recoverable(
    values: Mapping[Any, int], lines: Sequence[Line[Any]], hidden: Collection[Any]
) -> set[Any]:
    """Hidden entries that take the same value in every table consistent with what is shown."""
    cap = max(values.values()) + 2
    published = {key: value for key, value in values.items() if key not in hidden}
    found = set()
    for key in hidden:
        domains: dict[Hashable, range | set[int]] = {h: range(1, cap + 1) for h in hidden}
        domains[key] = set(range(1, cap + 1)) - {values[key]}
        if not _solve(domains, published, lines, budget=[200_000]):
            found.add(key)
    return found


# --- distributions by hand --------------------------------------------------------------


def test_two_ones_hide_the_largest_band_too() -> None:
    # The two 1s alone would add up to 32 − 30 − 0 = 2: each must be 1.
    safe = disclosure.safe_distribution([30, 1, 1, 0], min_size=K)
    assert safe.counts == (None, None, None, 0)
    assert safe.total == 32


def test_one_small_band_hides_the_next_smallest() -> None:
    safe = disclosure.safe_distribution([40, 3, 15, 12], min_size=K)
    assert safe.counts == (40, None, 15, None)
    assert safe.shares == (Decimal("57.1"), None, Decimal("21.4"), None)


def test_no_small_band_hides_nothing() -> None:
    assert disclosure.safe_distribution([40, 0, 0, 12], min_size=K).counts == (40, 0, 0, 12)


def test_a_small_group_shows_only_its_count() -> None:
    small = disclosure.safe_distribution([5, 2, 0], min_size=K)
    assert small.withheld and small.counts == (None, None, None) and small.total == 7
    assert disclosure.safe_distribution([5, 2, 0], min_size=K, publish_total=False).total is None
    empty = disclosure.safe_distribution([0, 0], min_size=K)
    assert not empty.withheld and empty.counts == (0, 0) and empty.total == 0


def test_a_group_of_ones_withholds_every_band() -> None:
    # Ten bands of one person each: hiding them all still says "1 each", so the zeros go too.
    safe = disclosure.safe_distribution([1] * 10 + [0], min_size=K)
    assert safe.withheld and safe.total == 10 and set(safe.counts) == {None}


def test_min_size_comes_from_the_settings(settings: pytest.FixtureRequest) -> None:
    settings.MIN_GROUP_SIZE = 5  # type: ignore[attr-defined]
    assert disclosure.safe_distribution([20, 6, 4, 0]).counts == (20, None, None, 0)
    settings.MIN_GROUP_SIZE = 3  # type: ignore[attr-defined]
    assert disclosure.safe_distribution([20, 6, 4, 0]).counts == (20, 6, 4, 0)


def test_combined_parts_show_only_where_every_part_shows() -> None:
    campaign = disclosure.SafeDistribution(counts=(20, None, None, 0), total=35)
    rest = disclosure.SafeDistribution(counts=(100, 40, None, None), total=160)
    both = disclosure.combined([campaign, rest])
    assert both.counts == (120, None, None, None) and both.total == 195
    withheld = disclosure.SafeDistribution(counts=(None,) * 4, total=None, withheld=True)
    assert disclosure.combined([campaign, withheld]).withheld


# --- tables by hand -------------------------------------------------------------------------


def test_a_small_cell_in_a_table_hides_a_rectangle() -> None:
    counts = {("a", "lo"): 20, ("a", "hi"): 3, ("b", "lo"): 15, ("b", "hi"): 12}
    counts |= {("c", "lo"): 30, ("c", "hi"): 25}
    table = disclosure.safe_table(counts, ["a", "b", "c"], ["lo", "hi"], min_size=K)
    # a/hi = 3 is hidden; its row, its column and the rows those lead to need a second one.
    assert table.cell("a", "hi") is None
    hidden_cells = {key for key, value in table.cells.items() if value is None}
    assert len(hidden_cells) >= 4
    assert table.total == 105 and table.column_totals == {"lo": 65, "hi": 40}
    values = disclosure.table_values(counts, ["a", "b", "c"], ["lo", "hi"])
    lines = disclosure.table_lines(["a", "b", "c"], ["lo", "hi"])
    assert not recoverable(values, lines, table.hidden)


def test_published_margins_that_cannot_be_kept_are_refused() -> None:
    # Twelve units with one "mild or above" each: that column can only hide if its total does.
    counts = {(unit, "mild"): 1 for unit in range(12)} | {(unit, "below"): 30 for unit in range(12)}
    with pytest.raises(Unprotectable):
        disclosure.safe_table(counts, list(range(12)), ["below", "mild"], publish_margins=True)
    table = disclosure.safe_table(counts, list(range(12)), ["below", "mild"], min_size=K)
    assert table.column_totals["mild"] is None and table.total == 372


def test_the_audit_finds_a_bridge_the_line_rule_misses() -> None:
    """Two hidden rectangles joined by one hidden cell: every line has two hidden
    entries, yet the joining cell follows from the published totals."""
    rows, columns = ["r1", "r2", "r3", "r4"], ["c1", "c2", "c3", "c4"]
    counts = {(r, c): 20 for r in rows for c in columns}
    values = disclosure.table_values(counts, rows, columns)
    lines = disclosure.table_lines(rows, columns)
    left = [("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")]
    right = [("r3", "c3"), ("r3", "c4"), ("r4", "c3"), ("r4", "c4")]
    hidden = {("cell", r, c) for r, c in [*left, *right, ("r1", "c3")]}
    bridge = ("cell", "r1", "c3")
    assert disclosure.pinned_entries(values, lines, hidden) == {bridge}
    assert recoverable(values, lines, hidden) == {bridge}


def test_suppress_never_hides_what_must_be_published() -> None:
    values = {"a": 3, "b": 0, "total": 3}
    with pytest.raises(Unprotectable):
        disclosure.suppress(
            values, [Line(("a", "b"), "total")], min_size=K, always_publish=["total"]
        )


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bands=st.lists(st.one_of(st.integers(0, 12), st.integers(0, 120)), min_size=2, max_size=6))
def test_no_campaign_distribution_shows_or_gives_away_a_small_group(bands: list[int]) -> None:
    """Random campaign sizes and band distributions, MIN_GROUP_SIZE = 10."""
    safe = disclosure.safe_distribution(bands, min_size=K)
    total = sum(bands)
    assert safe.total == total  # a campaign's own count is always shown
    if 0 < total < K:
        assert safe.withheld and set(safe.counts) == {None}
        return
    if safe.withheld:  # only when every non-zero band is 1
        assert set(bands) <= {0, 1}
        return
    for shown, true in zip(safe.counts, bands, strict=True):
        assert shown is None or shown == true
        assert shown is None or not 0 < shown < K
    hidden = {i for i, shown in enumerate(safe.counts) if shown is None}
    assert all(bands[i] > 0 for i in hidden)  # zeros are always shown
    values: dict[Hashable, int] = {i: n for i, n in enumerate(bands)} | {"total": total}
    line: Line[Hashable] = Line(tuple(range(len(bands))), "total")
    assert not recoverable(values, [line], set(hidden))
    # The same in closed form: the hidden counts add up to more than their number.
    if hidden:
        assert len(hidden) >= 2 and sum(bands[i] for i in hidden) > len(hidden)


@st.composite
def tables(draw: st.DrawFn, k: int) -> tuple[dict[tuple[int, int], int], list[int], list[int]]:
    rows = list(range(draw(st.integers(1, 4))))
    columns = list(range(draw(st.integers(2, 3))))
    small = st.integers(0, k + 2)
    cell = st.one_of(small, small, st.integers(0, 4 * k))
    counts = {(r, c): draw(cell) for r in rows for c in columns}
    return counts, rows, columns


def _check_table(
    counts: dict[tuple[int, int], int], rows: list[int], columns: list[int], k: int
) -> None:
    values = disclosure.table_values(counts, rows, columns)
    lines = disclosure.table_lines(rows, columns)
    table = disclosure.safe_table(counts, rows, columns, min_size=k)
    shown = (
        list(table.cells.values())
        + list(table.row_totals.values())
        + list(table.column_totals.values())
        + [table.total]
    )
    assert all(value is None or not 0 < value < k for value in shown)
    assert all(values[key] > 0 for key in table.hidden)
    assert table.cells == {
        (r, c): None if ("cell", r, c) in table.hidden else counts[(r, c)]
        for r in rows
        for c in columns
    }
    assert not recoverable(values, lines, table.hidden)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_table_shows_or_gives_away_a_small_group(data: st.DataObject) -> None:
    """Tables with row, column and grand totals (units × below / mild or above), K = 3 and 10."""
    k = data.draw(st.sampled_from([3, K]))
    counts, rows, columns = data.draw(tables(k))
    assume(sum(counts.values()) > 0)
    _check_table(counts, rows, columns, k)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_published_margins_stay_published_or_are_refused(data: st.DataObject) -> None:
    counts, rows, columns = data.draw(tables(K))
    values = disclosure.table_values(counts, rows, columns)
    assume(all(values[("col", c)] == 0 or values[("col", c)] >= K for c in columns))
    assume(values[("all",)] >= K)
    try:
        table = disclosure.safe_table(counts, rows, columns, min_size=K, publish_margins=True)
    except Unprotectable:
        return
    assert table.total == values[("all",)]
    assert all(table.column_totals[c] == values[("col", c)] for c in columns)
    assert not recoverable(values, disclosure.table_lines(rows, columns), table.hidden)


# --- one publication across the tree ------------------------------------------------------

# centre → districts A, B; A → station A1 (→ room), room; B → station B1. Paths as in network.
TREE = {
    "C000": None,
    "C000A000": "C000",
    "C000B000": "C000",
    "C000A000S100": "C000A000",
    "C000A000S100R100": "C000A000S100",
    "C000A000R200": "C000A000",
    "C000B000S100": "C000B000",
}


def _chain(path: str) -> list[str]:
    return [path[:end] for end in range(4, len(path) + 1, 4)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(
        st.sampled_from(sorted(TREE)),
        st.tuples(st.integers(0, 40), st.integers(0, 40)),
        min_size=1,
    )
)
def test_every_units_view_agrees_with_its_row_in_the_parents_view(
    data: dict[str, tuple[int, int]],
) -> None:
    """A unit's headline is its row in its parent's table, hidden there → hidden here;
    and no view shows a count between 1 and K − 1."""
    from assessments.selectors import subtree_view

    results = {path: (below + mild, mild) for path, (below, mild) in data.items()}
    views = {path: subtree_view(results, _chain(path), size=K) for path in TREE}
    for path, parent in TREE.items():
        view = views[path]
        shown = [view.tested, view.mild] + [v for _k, t, m in view.rows for v in (t, m)]
        assert all(v is None or not 0 < v < K for v in shown)
        if view.tested is None:
            assert all(t is None and m is None for _k, t, m in view.rows)
        if parent is None:
            continue
        row = next(((t, m) for k, t, m in views[parent].rows if k == path), (0, 0))
        assert (view.tested, view.mild) == row
