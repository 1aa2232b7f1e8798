"""A result card's summary, rendered once for the values it shows.

The summary (the questionnaire's name, the band, the score and its range, what it means,
the subscales, what we recommend, the day it was answered) is a pure function of the
language, the card's place on the page, the instrument version, the band, the score, the
subscales and the day. Those values are the key: a result page writes each summary from
memory once it has been rendered for the same values, in this process. Many workers share a
key (a PHQ-9 total is one of 28 values on a given day); nothing in it says whose result it
is, the report and the retrieval code are not in it, and the memory is bounded.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import get_language

from assessments.selectors import ResultCard
from core.rendered import Rendered

SUMMARIES = Rendered("assessments/_result_card.html")


def _key(card: ResultCard, number: int) -> tuple[Any, ...]:
    submission = card.submission
    version = submission.instrument_version
    return (
        get_language(),
        number,
        # A version's definition, as its parse is kept (InstrumentVersion.parsed).
        (version.pk, version.content_hash, version.created_at),
        card.band.code,
        submission.total,
        submission.percentage,
        tuple(card.subscales),
        submission.submitted_on,
    )


def summary(card: ResultCard, number: int) -> SafeString:
    """The card's summary, as `assessments/_result_card.html` renders it."""
    return SUMMARIES.get(_key(card, number), lambda: {"card": card, "number": number})
