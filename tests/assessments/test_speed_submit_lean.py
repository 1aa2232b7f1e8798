"""The submit's lean paths (assessments.api.lean) give DRF's outcome without DRF's walk.

The usual body is validated without building a field, the result rendered without building
one; every other body goes through DRF and gets its errors, and both renderings agree
field for field with the generic serializer's.
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import fields, serializers

from assessments import services
from assessments.api import lean
from assessments.api.serializers import SubmissionInputSerializer, SubmissionResultSerializer
from assessments.selectors import partner

PLAIN = [1, 1, 0, 1, 0, 1, 0, 0, 0]
RISK = [1, 1, 0, 1, 0, 1, 0, 0, 2]


class _FieldCopies:
    """Counts the fields DRF copies for a serializer instance (deep or shallow)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        deepcopy = fields.Field.__deepcopy__
        get_fields = SubmissionInputSerializer.get_fields

        def counting_deepcopy(field: Any, memo: Any) -> Any:
            self.count += 1
            return deepcopy(field, memo)

        def counting_get_fields(serializer: Any) -> Any:
            found = get_fields(serializer)
            self.count += len(found)
            return found

        monkeypatch.setattr(fields.Field, "__deepcopy__", counting_deepcopy)
        monkeypatch.setattr(SubmissionInputSerializer, "get_fields", counting_get_fields)


def _drf_validated(data: Any) -> tuple[bool, Any]:
    """DRF's own walk over the same serializer (the fast path switched off)."""
    form = SubmissionInputSerializer(data=data)
    form.to_internal_value = (  # type: ignore[method-assign]
        lambda data: serializers.Serializer.to_internal_value(form, data)
    )
    return form.is_valid(), (form.validated_data if not form.errors else form.errors)


@pytest.mark.parametrize(
    "body",
    [
        {"instrument": "phq9", "answers": PLAIN},
        {"instrument": "phq9", "answers": RISK, "language": "zh-Hans"},
        {"instrument": "gad7", "answers": [0] * 7, "language": "EN", "unknown": 1},
    ],
)
def test_a_usual_body_is_validated_without_building_a_field(
    instruments: None, monkeypatch: pytest.MonkeyPatch, body: dict[str, Any]
) -> None:
    expected = _drf_validated(body)
    copies = _FieldCopies(monkeypatch)
    form = SubmissionInputSerializer(data=body)
    assert form.is_valid(), form.errors
    assert copies.count == 0
    assert (True, form.validated_data) == expected


@pytest.mark.parametrize(
    "body",
    [
        {"instrument": "phq9", "answers": [1, 1, 0, 1, 0, 1, 0, 0, True]},  # bool: refused
        {"instrument": "phq9", "answers": ["1", 1, 0, 1, 0, 1, 0, 0, 0]},  # DRF accepts "1"
        {"instrument": "phq9", "answers": [1.0, 1, 0, 1, 0, 1, 0, 0, 0]},
        {"instrument": "phq9", "answers": [1, 1, 0, 1, 0, 1, 0, 0, 9]},  # not an option
        {"instrument": "phq9", "answers": PLAIN[:8]},  # one missing
        {"instrument": "phq 9", "answers": PLAIN},
        {"instrument": " phq9 ", "answers": PLAIN},
        {"instrument": "x" * 33, "answers": PLAIN},
        {"instrument": "phq9", "answers": [0] * 201},
        {"instrument": "nope", "answers": PLAIN},
        {"instrument": "phq9", "answers": "1,1,0"},
        {"instrument": "phq9", "answers": PLAIN, "language": "fr"},
        {"instrument": "phq9", "answers": PLAIN, "language": None},
        {"instrument": "phq9", "answers": PLAIN, "industry": ""},
        {"instrument": "phq9", "answers": PLAIN, "campaign": "NOPE"},
        {"instrument": "phq9"},
        {"answers": PLAIN},
        [],
        "phq9",
    ],
)
def test_any_other_body_gets_drfs_outcome(instruments: None, body: Any) -> None:
    form = SubmissionInputSerializer(data=body)
    valid = form.is_valid()
    assert (valid, form.validated_data if valid else form.errors) == _drf_validated(body)


def test_only_the_usual_shape_takes_the_fast_path() -> None:
    declared = frozenset(SubmissionInputSerializer._declared_fields)
    assert lean.submission_input({"instrument": "phq9", "answers": PLAIN}, declared) == {
        "instrument": "phq9",
        "answers": PLAIN,
    }
    assert lean.submission_input({"instrument": "phq9", "answers": [True]}, declared) is None
    with_age_band = {"instrument": "phq9", "answers": [], "age_band": ""}
    assert lean.submission_input(with_age_band, declared) is None


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [("phq9", PLAIN), ("phq9", RISK), ("who5", [3, 4, 2, 5, 1]), ("k10", [2] * 10)],
)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_result_renders_as_drf_renders_it_without_building_a_field(
    instruments: None,
    monkeypatch: pytest.MonkeyPatch,
    instrument: str,
    answers: list[int],
    language: str,
) -> None:
    submission, code = services.submission_create(
        actor=None, instrument_code=instrument, answers=answers, language=language
    )
    result = partner.submission_result(submission, retrieval_code=code, language=language)
    drf = serializers.Serializer.to_representation(SubmissionResultSerializer(), result)
    copies = _FieldCopies(monkeypatch)
    body = SubmissionResultSerializer(result).data
    if not submission.risk:
        assert copies.count == 0  # the crisis panel alone goes through its serializer
    assert body == drf
    assert list(body) == list(drf)
    assert ("crisis" in body) is submission.risk
