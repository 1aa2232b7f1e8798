"""What a personal PDF report shows: the charts and every value its template prints."""

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from assessments import scoring
from assessments.models import Report

logger = logging.getLogger(__name__)

# Emergency numbers of mainland China: ambulance, police.
EMERGENCY_NUMBERS = ("120", "110")
# Band colours by severity rank (SVG needs them as attributes: WeasyPrint's SVG
# renderer does not read the page's stylesheet).
SEVERITY_COLOURS = ("#3a9d5d", "#c9a227", "#e08a2e", "#d0532f", "#a61b1b")


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a label, the value shown and its share of the scale (0–100)."""

    label: str
    value: str
    maximum: str
    percent: float


@dataclass(frozen=True)
class BandSegment:
    """One band on the score scale: where it sits (percent of the scale) and its range."""

    label: str
    range: str
    severity: int
    colour: str
    start: float
    width: float
    current: bool


def _number(value: Decimal | int | str) -> str:
    """A score as printed: no trailing zeros ("12", "1.5")."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _share(value: Decimal, low: Decimal, high: Decimal) -> float:
    if high <= low:
        return 0.0
    return float(max(Decimal(0), min(Decimal(1), (value - low) / (high - low))) * 100)


def _subscale_range(
    definition: scoring.Definition, subscale: scoring.Subscale
) -> tuple[Decimal, Decimal]:
    items = [definition.items[number - 1] for number in subscale.items]
    low = sum((Decimal(item.min_value) for item in items), Decimal(0))
    high = sum((Decimal(item.max_value) for item in items), Decimal(0))
    if subscale.method == scoring.Method.MEAN:
        return low / len(items), high / len(items)
    return low, high


def subscale_bars(
    definition: scoring.Definition, scores: dict[str, Any], language: str
) -> list[Bar]:
    """The subscale chart: one bar per subscale the instrument defines and the submission has."""
    bars = []
    for subscale in definition.subscales:
        if subscale.code not in scores:
            continue
        value = Decimal(str(scores[subscale.code]))
        low, high = _subscale_range(definition, subscale)
        bars.append(
            Bar(
                label=subscale.name.get(language),
                value=_number(value),
                maximum=_number(high),
                percent=round(_share(value, low, high), 1),
            )
        )
    return bars


def band_scale(
    definition: scoring.Definition, total: Decimal, current: str, language: str
) -> tuple[list[BandSegment], float]:
    """The bands laid along the score scale, and where the total falls on it (percent)."""
    step = definition.scoring.step
    low = Decimal(str(definition.scoring.min_total))
    span = Decimal(str(definition.scoring.max_total)) - low + step
    segments = [
        BandSegment(
            label=band.label.get(language),
            range=f"{_number(band.min)}–{_number(band.max)}",
            severity=min(band.severity, 4),
            colour=SEVERITY_COLOURS[min(band.severity, 4)],
            start=round(float((Decimal(str(band.min)) - low) / span * 100), 2),
            width=round(
                float((Decimal(str(band.max)) - Decimal(str(band.min)) + step) / span * 100), 2
            ),
            current=band.code == current,
        )
        for band in sorted(definition.bands, key=lambda band: band.min)
    ]
    marker = round(float((total - low + step / 2) / span * 100), 2)
    return segments, max(0.0, min(100.0, marker))


def report_context(report: Report) -> dict[str, Any]:
    """Everything the PDF template shows, as plain values in the report's language."""
    language = report.language
    submission = report.submission
    definition = submission.instrument_version.parsed
    band = definition.band(submission.band_code)
    total = Decimal(str(submission.total))
    segments, marker = band_scale(definition, total, band.code, language)
    reasons = [
        rule.reason.get(language)
        for rule in definition.risk_rules
        if rule.code in (submission.risk_reasons or [])
    ]
    return {
        "report": report,
        "submission": submission,
        "LANGUAGE_CODE": "en" if language == "en" else "zh-Hans",
        "instrument_name": definition.name.get(language),
        "time_frame": definition.time_frame.get(language),
        "notes": definition.notes.get(language) if definition.notes else "",
        "total": _number(total),
        "max_total": _number(definition.scoring.max_total),
        "percentage": _number(submission.percentage) if submission.percentage is not None else "",
        "band_label": band.label.get(language),
        "meaning": band.meaning.get(language),
        "recommendation": band.recommendation.get(language),
        "risk": submission.risk,
        "risk_reasons": reasons,
        "segments": segments,
        "marker": marker,
        "subscales": subscale_bars(definition, submission.subscales or {}, language),
        "HOTLINE_NUMBER": settings.HOTLINE_NUMBER,
        "EMERGENCY_NUMBERS": EMERGENCY_NUMBERS,
        # A full link, kept on one line: a link broken at its slash is hard to type from paper.
        "stations_path": format_html(
            '<span class="nowrap">{}</span>',
            (settings.SITE_URL or report.link_base.rstrip("/")) + reverse("network:station_list"),
        ),
    }
