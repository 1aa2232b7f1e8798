"""QR codes as accessible inline SVG markup: no image files, nothing sent anywhere.

The code itself is qrcode's (version, error correction M, the mask with the lowest penalty);
two things are ours:

- choosing the mask. qrcode lays the code out eight times, once per mask, and scores each
  layout module by module in Python (three quarters of a code's time). Here the code is laid
  out once; the other seven layouts differ from it only where the masks differ on data
  modules, so each is one XOR of the whole matrix held as a single integer, and the four
  penalty rules (ISO/IEC 18004 §7.8.3, as qrcode scores them) are counted with shifts, ANDs
  and popcounts over all rows, and all columns, at once. The chosen layout then gets its
  format information by one more XOR, where qrcode lays the code out again. The code is
  qrcode's, module for module (tests/core/test_qr.py compares both on many texts).
- the drawing: one path of horizontal runs, a row at a time, instead of qrcode's SVG image of
  one square per module through ElementTree (half the markup).
"""

from __future__ import annotations

import functools
from typing import Any

import qrcode
import qrcode.constants
import qrcode.util
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BORDER = 4  # the quiet zone the standard asks for, in modules
MASKS = range(8)


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of `text`'s QR code, quiet zone included: True is dark."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=BORDER)
    code.add_data(text)
    code.best_fit()
    code.makeImpl(True, 0)  # mask 0 with blank format information, as qrcode scores layouts
    plan = layout(code.version)
    rows = _as_int(code.modules)
    scores = _scores(rows, _as_int(zip(*code.modules, strict=True)), plan)
    mask = scores.index(min(scores))
    # The chosen layout, its format (and version) information written: qrcode's final code.
    return _with_border(rows ^ plan.rows[mask] ^ plan.info[mask], plan.lines.n)


def _with_border(x: int, n: int) -> list[list[bool]]:
    bits = format(x, f"0{n * n}b")[::-1]  # module (r, c) at index r·n + c
    light = [False] * BORDER
    width = n + 2 * BORDER
    return (
        [[False] * width for _ in range(BORDER)]
        + [light + [b == "1" for b in bits[r * n : (r + 1) * n]] + light for r in range(n)]
        + [[False] * width for _ in range(BORDER)]
    )


# --- the mask -------------------------------------------------------------------------


class _Lines:
    """A square matrix as one integer, module (r, c) at bit r·n + c, with the masks that keep
    each count within a line."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.area = n * n

        def columns_up_to(last: int) -> int:  # bits of columns 0..last in every row
            row = (1 << (last + 1)) - 1
            return sum(row << (r * n) for r in range(n))

        self.all = (1 << self.area) - 1
        self.pairs = columns_up_to(n - 2)  # a module and the next one in its row
        self.finders = columns_up_to(n - 11) if n >= 11 else 0  # an 11-module window
        self.blocks = self.pairs & ((1 << (n * (n - 1))) - 1)  # 2×2 with the row below


class Layout:
    """What one version's layouts share: the XOR turning mask 0's layout into mask k's, by
    rows and by columns, and the XOR writing mask k's format (and version) information over
    the blank information the layouts are scored with."""

    def __init__(self, version: int) -> None:
        n = version * 4 + 17
        self.lines = _Lines(n)
        data = _data_modules(version)
        patterns = [qrcode.util.mask_func(k) for k in MASKS]
        self.rows: list[int] = []
        self.columns: list[int] = []
        self.info: list[int] = []
        scored = _as_int(_lit(_blank(version, True, 0)))
        for k in MASKS:
            flips = [(r, c) for r, c in data if patterns[0](r, c) != patterns[k](r, c)]
            self.rows.append(sum(1 << (r * n + c) for r, c in flips))
            self.columns.append(sum(1 << (c * n + r) for r, c in flips))
            self.info.append(scored ^ _as_int(_lit(_blank(version, False, k))))


@functools.cache
def layout(version: int) -> Layout:
    return Layout(version)


class _Blank(qrcode.QRCode):  # type: ignore[misc]
    """A layout without its data: the modules left unset are where the data goes."""

    def map_data(self, data: Any, mask_pattern: int) -> None:
        pass


def _blank(version: int, test: bool, mask: int) -> list[list[bool | None]]:
    blank = _Blank(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M)
    blank.add_data("")
    blank.makeImpl(test, mask)
    return blank.modules  # type: ignore[no-any-return]


def _lit(modules: list[list[bool | None]]) -> list[list[bool]]:
    """A blank layout's modules, the data area (None) light."""
    return [[bool(on) for on in row] for row in modules]


def _data_modules(version: int) -> list[tuple[int, int]]:
    modules = _blank(version, True, 0)
    return [(r, c) for r, row in enumerate(modules) for c, on in enumerate(row) if on is None]


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _as_int(lines: Any) -> int:
    """Modules (rows of booleans) as one integer, the first module the lowest bit."""
    digits = b"".join(bytes(line) for line in lines).translate(_DIGITS)  # b"0"/b"1" a module
    return int(digits[::-1], 2)


def penalties(modules: list[list[bool]], layout: Layout) -> list[int]:
    """qrcode's penalty of each mask, given the layout with mask 0 (blank format information)."""
    return _scores(_as_int(modules), _as_int(zip(*modules, strict=True)), layout)


def _scores(rows: int, columns: int, layout: Layout) -> list[int]:
    lines = layout.lines
    scores = []
    for k in MASKS:
        by_rows, by_columns = rows ^ layout.rows[k], columns ^ layout.columns[k]
        scores.append(
            _runs(by_rows, lines)
            + _runs(by_columns, lines)
            + _blocks(by_rows, lines)
            + _finder_like(by_rows, lines)
            + _finder_like(by_columns, lines)
            + _balance(by_rows, lines)
        )
    return scores


def _runs(x: int, lines: _Lines) -> int:
    """Rule 1: a run of five or more modules of one colour costs its length less two."""
    same = ~(x ^ (x >> 1)) & lines.pairs
    fives = same & (same >> 1) & (same >> 2) & (same >> 3)  # (run length − 4) bits a run
    return fives.bit_count() + 2 * (fives & ~(fives >> 1)).bit_count()


def _blocks(x: int, lines: _Lines) -> int:
    """Rule 2: every 2×2 block of one colour costs 3 (overlapping blocks each count)."""
    same = ~(x ^ (x >> 1))
    below = x >> lines.n
    return 3 * (same & (same >> lines.n) & ~(x ^ below) & lines.blocks).bit_count()


def _finder_like(x: int, lines: _Lines) -> int:
    """Rule 3: 1011101 with four light modules before or after it costs 40."""
    light = x ^ lines.all
    core = (light >> 1) & (x >> 4) & (light >> 5) & (x >> 6) & (light >> 9)
    first = x & (x >> 2) & (x >> 3) & (light >> 7) & (light >> 8) & (light >> 10)
    second = light & (light >> 2) & (light >> 3) & (x >> 7) & (x >> 8) & (x >> 10)
    return 40 * (
        (core & first & lines.finders).bit_count() + (core & second & lines.finders).bit_count()
    )


def _balance(x: int, lines: _Lines) -> int:
    """Rule 4: 10 for every 5 % the dark modules depart from half (qrcode's arithmetic)."""
    percent = float(x.bit_count()) / lines.area
    return int(abs(percent * 100 - 50) / 5) * 10


# --- the drawing ----------------------------------------------------------------------


def _path(matrix: list[list[bool]]) -> str:
    runs = []
    for y, row in enumerate(matrix):
        x, width = 0, len(row)
        while x < width:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < width and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return "".join(runs)


def qr_svg(text: str, *, label: str) -> SafeString:
    """An inline <svg> of `text` as a QR code, sized by CSS (class "qr"), named by `label`."""
    matrix = qr_matrix(text)
    size = len(matrix)
    return mark_safe(  # noqa: S308 - our own markup; the label is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="qr" '
        f'role="img" aria-label="{escape(label)}" focusable="false" '
        f'shape-rendering="crispEdges"><path d="{_path(matrix)}"/></svg>'
    )
