"""The submit's common case without DRF's field-by-field walk, with the same outcome.

DRF builds (copies and binds) every field of a serializer for each instance, then walks
them: for a submit's input and its result that walk was about a third of the request's
CPU. Here the body a partner app usually sends (`instrument`, `answers` and optionally
`language`, as plain JSON types) is read directly, and the result dict is rendered
directly. Anything else (another field, a string where a number goes, a bad value) takes
DRF's own path, which also words every error: the fast path never refuses anything.
Both are pinned against DRF's rendering and validation in
tests/assessments/test_speed_submit_lean.py.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

# What SlugField accepts (ASCII letters, digits, `-` and `_`), and its max_length.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
INSTRUMENT_MAX_LENGTH = 32
ANSWERS_MAX_LENGTH = 200
LANGUAGES = frozenset({"zh-hans", "en"})
# The body's keys the fast path reads; any other declared field present means DRF's path.
FAST_KEYS = frozenset({"instrument", "answers", "language"})


def submission_input(data: Any, declared: frozenset[str]) -> dict[str, Any] | None:
    """The validated fields of a plain submit body, or None when DRF must judge it.

    None for anything but a dict with a slug `instrument`, a list of at most 200 plain
    integers as `answers`, and an optional `language` of `zh-hans` or `en` (any case);
    keys that are not fields are ignored, as DRF ignores them.
    """
    if type(data) is not dict:
        return None
    if any(name in data for name in declared - FAST_KEYS):
        return None
    instrument, answers = data.get("instrument"), data.get("answers")
    if not (
        type(instrument) is str
        and len(instrument) <= INSTRUMENT_MAX_LENGTH
        and _SLUG.fullmatch(instrument)
    ):
        return None
    if type(answers) is not list or len(answers) > ANSWERS_MAX_LENGTH:
        return None
    if not all(type(answer) is int for answer in answers):  # bool is not: DRF refuses it
        return None
    validated: dict[str, Any] = {"instrument": instrument, "answers": list(answers)}
    if "language" in data:
        language = data["language"]
        if type(language) is not str or language.lower() not in LANGUAGES:
            return None
        validated["language"] = language.lower()
    return validated


def score(value: Any) -> int | float:
    """As ScoreField renders it: whole scores as integers, others with their decimals."""
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _whole(value: Any) -> int | None:
    return None if value is None else int(value)


def _score(value: Any) -> int | float | None:
    return None if value is None else score(value)


def submission_result(result: dict[str, Any], crisis: Any) -> dict[str, Any]:
    """SubmissionResultSerializer's rendering of the dict the view builds (None stays None,
    as DRF renders it), in the serializer's field order.

    `crisis(panel)` renders the crisis panel (DRF's path: only submits at risk carry one).
    """
    body: dict[str, Any] = {
        "submission_id": _text(result["submission_id"]),
        "retrieval_code": _text(result["retrieval_code"]),
        "instrument": _text(result["instrument"]),
        "version": _whole(result["version"]),
        "language": _text(result["language"]),
        "score": _score(result["score"]),
        "percentage": _score(result["percentage"]),
        "band": _text(result["band"]),
        "band_label": _text(result["band_label"]),
        "meaning": _text(result["meaning"]),
        "recommendation": _text(result["recommendation"]),
        "risk": None if result["risk"] is None else bool(result["risk"]),
        "risk_reasons": None
        if result["risk_reasons"] is None
        else [_text(reason) for reason in result["risk_reasons"]],
    }
    if "crisis" in result:
        body["crisis"] = None if result["crisis"] is None else crisis(result["crisis"])
    return body
