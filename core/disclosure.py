"""Safe publication of counts over people: small-cell and complementary suppression.

Pure functions, no database. Every aggregate the platform shows over people (a
campaign's band distribution, a district's figures) goes through here:

- a count with 0 < n < MIN_GROUP_SIZE is hidden (primary suppression);
- more counts are hidden so that no hidden count can be worked out from what
  is published (complementary suppression);
- zeros are always published, so a reader knows every hidden count is at
  least 1, and the check below assumes exactly that reader.

A table is a set of *lines*: "these cells add up to that total". A row and its
row total is a line, so is a column and its column total, and so are the row
totals and the grand total. `suppress` works on any such set of lines:

1. hide every entry with 0 < n < min_size;
2. until nothing changes, look at each line: if exactly one of its entries is
   hidden (it would be the total minus the rest), or its total is published
   and every hidden cell could only be 1 (the hidden cells sum to their number),
   hide the line's smallest published non-zero cell (or its total when there
   is none);
3. audit the result exactly and hide more where the audit finds an entry with
   only one possible value, then go back to 2.

The audit reads the lines as a flow network (each line is a node, each entry
an edge whose flow is its count: a row line takes in its total and sends out
its cells). A hidden entry can take another value, with every hidden entry
staying at least 1 and every published entry unchanged, exactly when its edge
lies on a cycle of the residual graph: an edge can always carry one more, and
can carry one less when its count is at least 2. Tables with row, column and
grand totals, and one-line distributions, are such networks.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

from django.conf import settings

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


def min_group_size() -> int:
    """The smallest group any aggregate shows (settings.MIN_GROUP_SIZE, read at call time)."""
    return int(settings.MIN_GROUP_SIZE)


class Unprotectable(Exception):
    """The table cannot be protected without hiding an entry the caller must publish."""


@dataclass(frozen=True)
class Line(Generic[K]):
    """The cells add up to the total."""

    cells: tuple[K, ...]
    total: K


# --- the engine --------------------------------------------------------------------------


def suppress(
    values: Mapping[K, int],
    lines: Sequence[Line[K]],
    *,
    min_size: int | None = None,
    always_publish: Collection[K] = (),
    force_hidden: Collection[K] = (),
) -> frozenset[K]:
    """The entries to hide so that no small group is shown or can be worked out.

    `always_publish` entries are never hidden, even when small (a campaign's own
    count); `force_hidden` entries are hidden from the start (a margin another
    table hides). Zeros are never hidden. Raises `Unprotectable` when protecting
    the table would need an `always_publish` entry hidden.
    """
    size = min_group_size() if min_size is None else min_size
    keep = frozenset(always_publish)
    order = {key: index for index, key in enumerate(values)}
    hidden: set[K] = {k for k, v in values.items() if 0 < v < size and k not in keep}
    hidden |= {k for k in force_hidden if values[k] > 0}
    if hidden & keep:
        raise Unprotectable("an entry to publish is forced hidden")
    network = _Network(lines)

    def hideable(key: K) -> bool:
        return key not in hidden and key not in keep and values[key] > 0

    def smallest(candidates: Iterable[K]) -> K | None:
        ranked = sorted((k for k in candidates if hideable(k)), key=lambda k: (values[k], order[k]))
        return ranked[0] if ranked else None

    while True:
        changed = False
        for line in lines:
            if _weak(line, values, hidden):
                pick = smallest(line.cells)
                if pick is None:
                    pick = smallest((line.total,))
                if pick is None:
                    raise Unprotectable(f"line {line} cannot be protected")
                hidden.add(pick)
                changed = True
        if changed:
            continue
        stuck = network.pinned(values, hidden)
        if not stuck:
            return frozenset(hidden)
        key = min(stuck, key=lambda k: order[k])
        around = [line for line in lines if key in line.cells or key == line.total]
        pick = smallest(cell for line in around for cell in line.cells)
        if pick is None:
            pick = smallest(line.total for line in around)
        if pick is None:
            pick = smallest(values)
        if pick is None:
            raise Unprotectable(f"{key!r} cannot be protected")
        hidden.add(pick)


def _weak(line: Line[K], values: Mapping[K, int], hidden: Collection[K]) -> bool:
    hidden_cells = [cell for cell in line.cells if cell in hidden]
    count = len(hidden_cells) + (line.total in hidden)
    if count == 0:
        return False
    if count == 1:
        return True
    # The total is published and the hidden cells sum to their number: all are 1.
    return line.total not in hidden and sum(values[c] for c in hidden_cells) <= len(hidden_cells)


@dataclass(frozen=True)
class _Edge(Generic[K]):
    key: K
    tail: Hashable
    head: Hashable


class _Network(Generic[K]):
    """The lines as a flow network: one node per line, one edge per entry."""

    def __init__(self, lines: Sequence[Line[K]]) -> None:
        roles: dict[K, list[tuple[int, bool]]] = defaultdict(list)
        for index, line in enumerate(lines):
            for cell in line.cells:
                roles[cell].append((index, False))
            roles[line.total].append((index, True))
        sign, component = self._colour(len(lines), roles)

        def enters(index: int, is_total: bool) -> bool:
            # A "+" line takes in its total and sends out its cells; a "−" line the reverse.
            return is_total == (sign[index] > 0)

        self.edges: dict[K, _Edge[K]] = {}
        for key, places in roles.items():
            if len(places) > 2:
                raise ValueError(f"{key!r} lies on more than two lines")
            ends = [(("line", i), enters(i, t)) for i, t in places]
            if len(ends) == 1:
                # The other end is the component's outside node, whose balance
                # follows from the component's lines.
                ends.append((("outside", component[places[0][0]]), not ends[0][1]))
            (first, first_in), (second, second_in) = ends
            if first_in == second_in:
                raise ValueError(f"{key!r} cannot be oriented")
            self.edges[key] = _Edge(key, second, first) if first_in else _Edge(key, first, second)

    @staticmethod
    def _colour(
        count: int, roles: Mapping[K, list[tuple[int, bool]]]
    ) -> tuple[list[int], list[int]]:
        links: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for places in roles.values():
            if len(places) == 2:
                (i, ti), (j, tj) = places
                same = ti != tj  # a total in one line and a cell in the other: same sign
                links[i].append((j, same))
                links[j].append((i, same))
        sign = [0] * count
        component = [0] * count
        for start in range(count):
            if sign[start]:
                continue
            sign[start], component[start] = 1, start
            queue = deque([start])
            while queue:
                node = queue.popleft()
                for other, same in links[node]:
                    wanted = sign[node] if same else -sign[node]
                    if sign[other] == 0:
                        sign[other], component[other] = wanted, start
                        queue.append(other)
                    elif sign[other] != wanted:
                        raise ValueError("these lines do not form a flow network")
        return sign, component

    def pinned(self, values: Mapping[K, int], hidden: Collection[K]) -> set[K]:
        """Hidden entries that have only one possible value given the published ones."""
        arcs: dict[Hashable, list[tuple[Hashable, K]]] = defaultdict(list)
        for key in hidden:
            edge = self.edges.get(key)
            if edge is None:
                continue  # on no line: nothing constrains it
            arcs[edge.tail].append((edge.head, key))  # one more
            if values[key] >= 2:
                arcs[edge.head].append((edge.tail, key))  # one less, staying at least 1
        stuck = set()
        for key in hidden:
            edge = self.edges.get(key)
            if edge is None:
                continue
            up = _reaches(arcs, edge.head, edge.tail, avoid=key)
            down = values[key] >= 2 and _reaches(arcs, edge.tail, edge.head, avoid=key)
            if not (up or down):
                stuck.add(key)
        return stuck


def _reaches(
    arcs: Mapping[Hashable, list[tuple[Hashable, K]]], start: Hashable, goal: Hashable, avoid: K
) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt, key in arcs.get(node, ()):
            if key != avoid and nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def pinned_entries(
    values: Mapping[K, int], lines: Sequence[Line[K]], hidden: Collection[K]
) -> set[K]:
    """The audit on its own: hidden entries a reader could work out exactly."""
    return _Network(lines).pinned(values, hidden)


# --- published figures ----------------------------------------------------------------


def percent(part: int | None, whole: int | None) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal; None when either is hidden or whole is 0."""
    if part is None or not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SafeDistribution:
    """Counts over categories that add up to a total, as they may be published.

    A count of None is hidden. `withheld` means the group is below the minimum
    size: no category is shown at all (not even zeros), only the total when the
    caller allowed it.
    """

    counts: tuple[int | None, ...]
    total: int | None
    withheld: bool = False

    @property
    def shares(self) -> tuple[Decimal | None, ...]:
        return tuple(percent(count, self.total) for count in self.counts)


def safe_distribution(
    counts: Sequence[int], *, min_size: int | None = None, publish_total: bool = True
) -> SafeDistribution:
    """Protect one distribution (e.g. the bands of one questionnaire).

    With `publish_total` the total is shown whatever its size (a campaign's own
    count); a total below the minimum then withholds every category. Without
    it a small total is hidden too.
    """
    size = min_group_size() if min_size is None else min_size
    total = sum(counts)
    if total == 0:
        return SafeDistribution(counts=tuple(counts), total=0)
    if total < size:
        return SafeDistribution(
            counts=(None,) * len(counts), total=total if publish_total else None, withheld=True
        )
    values: dict[int | str, int] = {i: n for i, n in enumerate(counts)}
    values["total"] = total
    line: Line[int | str] = Line(cells=tuple(range(len(counts))), total="total")
    try:
        hidden = suppress(values, [line], min_size=size, always_publish=["total"])
    except Unprotectable:
        # Every non-zero count is below the minimum and they are all 1: hiding
        # the zeros as well leaves nothing to work out.
        return SafeDistribution(counts=(None,) * len(counts), total=total, withheld=True)
    return SafeDistribution(
        counts=tuple(None if i in hidden else n for i, n in enumerate(counts)), total=total
    )


def combined(parts: Sequence[SafeDistribution]) -> SafeDistribution:
    """The sum of disjoint protected distributions, published only where every part is.

    What it shows is a function of what the parts show, so it reveals nothing
    the parts do not: this is how a comparison (district = campaign + the rest
    of the district) stays as safe as its parts.
    """
    if not parts or any(part.withheld or part.total is None for part in parts):
        width = len(parts[0].counts) if parts else 0
        return SafeDistribution(counts=(None,) * width, total=None, withheld=True)
    counts = tuple(
        None if any(c is None for c in cells) else sum(c for c in cells if c is not None)
        for cells in zip(*(part.counts for part in parts), strict=True)
    )
    return SafeDistribution(counts=counts, total=sum(part.total or 0 for part in parts))


@dataclass(frozen=True)
class SafeTable(Generic[R, C]):
    """A rows × columns table of counts with its totals, as it may be published (None: hidden)."""

    rows: tuple[R, ...]
    columns: tuple[C, ...]
    cells: Mapping[tuple[R, C], int | None]
    row_totals: Mapping[R, int | None]
    column_totals: Mapping[C, int | None]
    total: int | None
    hidden: frozenset[tuple[object, ...]] = field(default_factory=frozenset)

    def cell(self, row: R, column: C) -> int | None:
        return self.cells[(row, column)]


def table_lines(rows: Sequence[R], columns: Sequence[C]) -> list[Line[tuple[object, ...]]]:
    """The lines of a table with row, column and grand totals, keyed as in `table_values`."""
    lines: list[Line[tuple[object, ...]]] = [
        Line(tuple(("cell", r, c) for c in columns), ("row", r)) for r in rows
    ]
    lines += [Line(tuple(("cell", r, c) for r in rows), ("col", c)) for c in columns]
    lines.append(Line(tuple(("row", r) for r in rows), ("all",)))
    lines.append(Line(tuple(("col", c) for c in columns), ("all",)))
    return lines


def table_values(
    counts: Mapping[tuple[R, C], int], rows: Sequence[R], columns: Sequence[C]
) -> dict[tuple[object, ...], int]:
    values: dict[tuple[object, ...], int] = {}
    for r in rows:
        for c in columns:
            values[("cell", r, c)] = counts.get((r, c), 0)
    for r in rows:
        values[("row", r)] = sum(counts.get((r, c), 0) for c in columns)
    for c in columns:
        values[("col", c)] = sum(counts.get((r, c), 0) for r in rows)
    values[("all",)] = sum(values[("row", r)] for r in rows)
    return values


def safe_table(
    counts: Mapping[tuple[R, C], int],
    rows: Sequence[R],
    columns: Sequence[C],
    *,
    min_size: int | None = None,
    publish_margins: bool = False,
) -> SafeTable[R, C]:
    """Protect a rows × columns table with its row, column and grand totals.

    With `publish_margins` the column totals and the grand total must stay
    published (they are shown elsewhere, already protected); `Unprotectable`
    is raised when the table cannot be protected that way.
    """
    size = min_group_size() if min_size is None else min_size
    values = table_values(counts, rows, columns)
    keep = [("col", c) for c in columns] + [("all",)] if publish_margins else []
    hidden = suppress(values, table_lines(rows, columns), min_size=size, always_publish=keep)

    def shown(key: tuple[object, ...]) -> int | None:
        return None if key in hidden else values[key]

    return SafeTable(
        rows=tuple(rows),
        columns=tuple(columns),
        cells={(r, c): shown(("cell", r, c)) for r in rows for c in columns},
        row_totals={r: shown(("row", r)) for r in rows},
        column_totals={c: shown(("col", c)) for c in columns},
        total=shown(("all",)),
        hidden=hidden,
    )
