"""Reads about call-back requests: their screening in words (for the plain-text summary
handed to the hotline's queue, where staff handle them), and risk results per day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from assessments.models import (
    CallbackRequest,
    InstrumentVersion,
)

# Requests other apps open (no assessment behind them), by their `source`.
CALLBACK_SOURCES = {"lecture_feedback": gettext_lazy("Lecture feedback")}


@dataclass(frozen=True)
class ScreeningWords:
    """A call-back's screening in words: "PHQ-9 · 中重度抑郁症状 · 第 9 题（伤害自己的念头）"."""

    instrument: str
    band: str
    risks: tuple[str, ...]


def callback_screening_words(requests: Sequence[CallbackRequest]) -> dict[int, ScreeningWords]:
    """Each request's instrument, band and risk reasons as the instrument names them, in the
    page's language (one query for the instruments of the page); unknown codes stay codes."""
    codes = {r.instrument_code for r in requests if r.instrument_code}
    definitions = {
        v.instrument.code: v.parsed
        for v in InstrumentVersion.objects.filter(
            instrument__code__in=codes, is_current=True
        ).select_related("instrument")
    }
    words: dict[int, ScreeningWords] = {}
    for request in requests:
        definition = definitions.get(request.instrument_code)
        if request.submission_id is None and request.instrument_code in CALLBACK_SOURCES:
            source = str(CALLBACK_SOURCES[request.instrument_code])
            words[request.pk] = ScreeningWords(source, "", ())
            continue
        if definition is None:
            words[request.pk] = ScreeningWords(
                request.instrument_code, request.band_code, tuple(request.risk_reasons)
            )
            continue
        bands = {b.code: b.label.get() for b in definition.bands}
        reasons = {rule.code: rule.reason.get() for rule in definition.risk_rules}
        words[request.pk] = ScreeningWords(
            instrument=definition.short_name.get(),
            band=bands.get(request.band_code, request.band_code),
            risks=tuple(reasons.get(code, code) for code in request.risk_reasons),
        )
    return words


# --- staff: risk results per unit and day -----------------------------------------------
