"""Each indicator's breakdown by key group, as bars (the dashboard's ECharts chart and the
annual report's inline SVG).

A suppressed cell (a small count, None in `Figure.breakdown`) is never drawn, and never
drawn as zero: it is left out of the bars and named among the hidden groups instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpis.indicators import key_group_label
from kpis.selectors.figures import Figure


@dataclass(frozen=True)
class GroupBar:
    key: str
    label: str
    value: float
    width: float  # percent of the indicator's largest shown group


@dataclass(frozen=True)
class GroupChart:
    code: str
    name: str
    bars: list[GroupBar]
    hidden: list[str]  # labels of the groups too small to show


def key_group_charts(figures_: list[Figure]) -> list[GroupChart]:
    """The figures with a breakdown by key group, shown groups as bars, hidden ones apart."""
    found = []
    for figure in figures_:
        if not figure.breakdown:
            continue
        shown = {k: float(v) for k, v in figure.breakdown.items() if v is not None}
        top = max(shown.values(), default=0.0)
        bars = [
            GroupBar(
                key=key,
                label=key_group_label(key),
                value=value,
                width=round(100 * value / top, 2) if top else 0.0,
            )
            for key, value in shown.items()
        ]
        hidden = [key_group_label(k) for k, v in figure.breakdown.items() if v is None]
        found.append(
            GroupChart(code=figure.code, name=str(figure.indicator.name), bars=bars, hidden=hidden)
        )
    return found


def key_group_chart_data(figures_: list[Figure]) -> dict[str, Any]:
    """The dashboard chart's JSON: per indicator, the shown groups' labels and values (a
    hidden group has no bar and no value, only its label among `hidden`)."""
    return {
        "series": [
            {
                "code": chart.code,
                "name": chart.name,
                "keys": [bar.key for bar in chart.bars],
                "labels": [bar.label for bar in chart.bars],
                "values": [bar.value for bar in chart.bars],
                "hidden": chart.hidden,
            }
            for chart in key_group_charts(figures_)
        ]
    }
