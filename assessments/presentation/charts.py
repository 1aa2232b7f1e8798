"""Trend charts drawn on the server as inline SVG: geometry only, the template draws.

No JavaScript and no chart library: the archive page shows a small line chart
per instrument, with the instrument's bands as shaded zones behind the line.
Results are spaced evenly in time order (several on one day stay apart).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format

WIDTH = 320
HEIGHT = 180
LEFT = 34  # room for the score axis labels
RIGHT = 12
TOP = 10
BOTTOM = 26  # room for the date labels
MAX_DATE_LABELS = 4


@dataclass(frozen=True)
class Sample:
    day: date
    value: Decimal | int
    label: str  # the band in plain words


@dataclass(frozen=True)
class Zone:
    low: Decimal
    high: Decimal
    label: str
    severity: int


@dataclass(frozen=True)
class DrawnPoint:
    x: float
    y: float
    day: date
    value: str
    label: str


@dataclass(frozen=True)
class DrawnZone:
    y: float
    height: float
    label: str
    css: str


@dataclass(frozen=True)
class Tick:
    at: float
    text: str


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    bottom_edge: int
    points: list[DrawnPoint]
    zones: list[DrawnZone]
    y_ticks: list[Tick]
    x_ticks: list[Tick]

    @property
    def plot_width(self) -> int:
        return self.right_edge - self.left

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def format_score(value: Decimal | int) -> str:
    """5.00 → "5", 12.50 → "12.5"."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _labelled(count: int) -> list[int]:
    """The points whose date is printed: all of a few, else MAX_DATE_LABELS spread evenly."""
    if count <= MAX_DATE_LABELS:
        return list(range(count))
    stride = (count - 1) / (MAX_DATE_LABELS - 1)
    return sorted({round(i * stride) for i in range(MAX_DATE_LABELS)})


def _zone(
    band: Zone,
    y_of: Callable[[Decimal | int], float],
    *,
    high: Decimal,
    step: Decimal,
    top_severity: int,
) -> DrawnZone:
    """A band drawn across the chart, up to the next band's first total."""
    y_top, y_bottom = y_of(min(high, band.high + step)), y_of(band.low)
    severity_share = band.severity / top_severity
    return DrawnZone(
        y=y_top,
        height=max(0.0, y_bottom - y_top),
        label=band.label,
        css=f"zone-{min(4, round(severity_share * 4))}",
    )


def trend_chart(
    samples: Sequence[Sample],
    *,
    bands: Sequence[Zone],
    low: Decimal,
    high: Decimal,
    step: Decimal = Decimal(1),
) -> TrendChart:
    """Lay out `samples` (oldest first) on a chart whose score axis runs from `low` to `high`.

    `step` is the smallest difference between two totals: a band "5–9" is drawn up to 10.
    """
    plot_bottom = HEIGHT - BOTTOM
    plot_right = WIDTH - RIGHT
    span = high - low or Decimal(1)
    top_severity = max((b.severity for b in bands), default=0) or 1

    def y_of(value: Decimal | int) -> float:
        share = float((Decimal(value) - low) / span)
        return plot_bottom - share * (plot_bottom - TOP)

    count = len(samples)
    spacing = (plot_right - LEFT) / (count - 1) if count > 1 else 0.0

    def x_of(index: int) -> float:
        return LEFT + index * spacing if count > 1 else (LEFT + plot_right) / 2

    points = [
        DrawnPoint(
            x=x_of(i),
            y=y_of(s.value),
            day=s.day,
            value=format_score(s.value),
            label=s.label,
        )
        for i, s in enumerate(samples)
    ]
    zones = [_zone(band, y_of, high=high, step=step, top_severity=top_severity) for band in bands]
    ticks = sorted({low, high, *(b.low for b in bands)})
    y_ticks = [Tick(at=y_of(t), text=format_score(t)) for t in ticks]
    x_ticks = [
        Tick(at=points[i].x, text=date_format(points[i].day, "SHORT_DATE_FORMAT"))
        for i in _labelled(count)
    ]
    return TrendChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=plot_right,
        top=TOP,
        bottom_edge=plot_bottom,
        points=points,
        zones=zones,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )
