"""Scoring the shipped instruments: every band boundary, reverse items, examples, risk."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import scoring
from core.errors import DomainError
from tests.assessments.definitions import SHIPPED, answers_for, parsed

# Both sides of every published cut-off, and the extremes: (instrument, total, band).
BOUNDARIES = [
    ("phq9", 0, "minimal"),
    ("phq9", 4, "minimal"),
    ("phq9", 5, "mild"),
    ("phq9", 9, "mild"),
    ("phq9", 10, "moderate"),
    ("phq9", 14, "moderate"),
    ("phq9", 15, "moderately_severe"),
    ("phq9", 19, "moderately_severe"),
    ("phq9", 20, "severe"),
    ("phq9", 27, "severe"),
    ("gad7", 0, "minimal"),
    ("gad7", 4, "minimal"),
    ("gad7", 5, "mild"),
    ("gad7", 9, "mild"),
    ("gad7", 10, "moderate"),
    ("gad7", 14, "moderate"),
    ("gad7", 15, "severe"),
    ("gad7", 21, "severe"),
    ("who5", 0, "poor"),
    ("who5", 12, "poor"),
    ("who5", 13, "adequate"),
    ("who5", 25, "adequate"),
    ("k10", 10, "low"),
    ("k10", 15, "low"),
    ("k10", 16, "moderate"),
    ("k10", 21, "moderate"),
    ("k10", 22, "high"),
    ("k10", 29, "high"),
    ("k10", 30, "very_high"),
    ("k10", 50, "very_high"),
    ("pss10", 0, "low"),
    ("pss10", 13, "low"),
    ("pss10", 14, "moderate"),
    ("pss10", 26, "moderate"),
    ("pss10", 27, "high"),
    ("pss10", 40, "high"),
]

TOP_BAND = {
    "phq9": "severe",
    "gad7": "severe",
    "who5": "poor",
    "k10": "very_high",
    "pss10": "high",
}

RANGES = {"phq9": (0, 27), "gad7": (0, 21), "who5": (0, 25), "k10": (10, 50), "pss10": (0, 40)}


@pytest.mark.parametrize(("code", "total", "band"), BOUNDARIES)
def test_each_band_boundary_scores_into_its_band(code: str, total: int, band: str) -> None:
    definition = parsed(code)

    result = scoring.score(definition, answers_for(definition, total))

    assert result.total == total
    assert result.band_code == band
    assert result.band is definition.band(band)


@pytest.mark.parametrize("code", SHIPPED)
def test_lowest_and_highest_answers_give_the_published_range(code: str) -> None:
    definition = parsed(code)
    low = [item.max_value if item.reverse else item.min_value for item in definition.items]
    high = [item.min_value if item.reverse else item.max_value for item in definition.items]

    assert scoring.score(definition, low).total == RANGES[code][0]
    assert scoring.score(definition, high).total == RANGES[code][1]
    assert (definition.scoring.min_total, definition.scoring.max_total) == RANGES[code]


@pytest.mark.parametrize("code", SHIPPED)
def test_every_boundary_of_every_band_is_covered_by_the_table(code: str) -> None:
    covered = {(total, band) for c, total, band in BOUNDARIES if c == code}
    for band in parsed(code).bands:
        assert (band.min, band.code) in covered
        assert (band.max, band.code) in covered


# --- examples computed by hand ----------------------------------------------


def test_phq9_example() -> None:
    # 1+2+1+3+0+1+2+0+0 = 10: the usual threshold for further evaluation.
    result = scoring.score(parsed("phq9"), [1, 2, 1, 3, 0, 1, 2, 0, 0])

    assert (result.total, result.band_code, result.risk) == (10, "moderate", False)
    assert result.percentage is None
    assert result.subscales == {}


def test_gad7_example() -> None:
    # 2+2+1+1+0+3+1 = 10.
    result = scoring.score(parsed("gad7"), [2, 2, 1, 1, 0, 3, 1])

    assert (result.total, result.band_code, result.risk) == (10, "moderate", False)


def test_who5_example_and_percentage() -> None:
    # 3+3+2+2+3 = 13 raw, 13 x 4 = 52 %: just "adequate".
    adequate = scoring.score(parsed("who5"), [3, 3, 2, 2, 3])
    # 1+2+1+0+2 = 6 raw = 24 %: poor wellbeing (and <= 7, the "likely depression" cut-off).
    poor = scoring.score(parsed("who5"), [1, 2, 1, 0, 2])

    assert (adequate.total, adequate.percentage, adequate.band_code) == (13, 52, "adequate")
    assert (poor.total, poor.percentage, poor.band_code) == (6, 24, "poor")
    assert scoring.score(parsed("who5"), [5] * 5).percentage == 100
    assert scoring.score(parsed("who5"), [0] * 5).percentage == 0
    assert scoring.score(parsed("who5"), answers_for(parsed("who5"), 12)).percentage == 48


def test_k10_example_with_subscales() -> None:
    answers = [2, 3, 1, 2, 2, 1, 3, 2, 1, 1]  # 18
    result = scoring.score(parsed("k10"), answers)

    assert (result.total, result.band_code) == (18, "moderate")
    # depression: items 1, 4, 7, 8, 9, 10 = 2+2+3+2+1+1; anxiety: items 2, 3, 5, 6 = 3+1+2+1.
    assert result.subscales == {"depression": 11, "anxiety": 7}


def test_pss10_reverse_items_computed_by_hand() -> None:
    answers = [3, 2, 3, 1, 2, 3, 1, 2, 2, 3]
    # Items 4, 5, 7, 8 count 4 - value: 1->3, 2->2, 1->3, 2->2.
    # 3+2+3 +3+2 +3 +3+2 +2+3 = 26.
    result = scoring.score(parsed("pss10"), answers)

    assert (result.total, result.band_code) == (26, "moderate")
    assert result.subscales == {"helplessness": 16, "lack_of_self_efficacy": 10}
    assert sum(result.subscales.values()) == result.total


def test_pss10_all_never_is_not_zero_because_of_reverse_items() -> None:
    assert scoring.score(parsed("pss10"), [0] * 10).total == 16  # 4 reversed items x 4
    assert scoring.score(parsed("pss10"), [4] * 10).total == 24  # 6 plain items x 4


def test_pss10_a_more_confident_answer_lowers_the_score() -> None:
    definition = parsed("pss10")
    unsure = [2, 2, 2, 0, 2, 2, 2, 2, 2, 2]  # item 4: never confident
    confident = [2, 2, 2, 4, 2, 2, 2, 2, 2, 2]  # item 4: very often confident

    # Nine items at 2 = 18, plus item 4 reversed: 4 - 0 = 4, or 4 - 4 = 0.
    assert scoring.score(definition, unsure).total == 22
    assert scoring.score(definition, confident).total == 18
    assert [item.number for item in definition.items if item.reverse] == [4, 5, 7, 8]


# --- risk ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 2, 3])
def test_phq9_item_9_above_zero_is_risk_even_with_a_low_total(value: int) -> None:
    result = scoring.score(parsed("phq9"), [0, 0, 0, 0, 0, 0, 0, 0, value])

    assert result.band_code == "minimal"
    assert result.risk is True
    assert [rule.code for rule in result.risk_reasons] == ["self_harm_thoughts"]
    assert "hurting yourself" in result.risk_reasons[0].reason.en


def test_phq9_item_9_at_zero_is_no_risk_even_with_a_high_total() -> None:
    result = scoring.score(parsed("phq9"), [3, 3, 3, 3, 3, 3, 3, 1, 0])  # 22

    assert result.band_code == "severe"
    assert [rule.code for rule in result.risk_reasons] == ["severe_band"]


@pytest.mark.parametrize("code", SHIPPED)
def test_the_worst_band_is_risk_and_the_next_band_is_not(code: str) -> None:
    definition = parsed(code)
    top = definition.band(TOP_BAND[code])
    low, high = int(top.min), int(top.max)
    # WHO-5 counts the other way: its worst band is at the bottom of the scale.
    worst, edge, outside = (low, high, high + 1) if code == "who5" else (high, low, low - 1)

    for total in (worst, edge):
        assert scoring.score(definition, answers_for(definition, total)).risk is True
    below = scoring.score(definition, answers_for(definition, outside))
    assert below.risk is False
    assert below.risk_reasons == ()


def test_phq9_item_9_and_the_severe_band_give_two_reasons() -> None:
    result = scoring.score(parsed("phq9"), [3] * 9)

    assert [rule.code for rule in result.risk_reasons] == ["self_harm_thoughts", "severe_band"]


# --- bad answers ----------------------------------------------------------------


def test_too_few_answers_raise_a_clear_error() -> None:
    with translation.override("en"), pytest.raises(scoring.InvalidAnswers) as caught:
        scoring.score(parsed("phq9"), [0] * 8)

    error = caught.value
    assert isinstance(error, DomainError)
    assert error.code == "invalid_answers"
    assert str(error.message) == "PHQ-9 has 9 questions; 8 answers were given."
    assert error.fields == {"answers": [str(error.message)]}


def test_too_many_answers_raise() -> None:
    with pytest.raises(scoring.InvalidAnswers, match="10"):
        scoring.score(parsed("gad7"), [0] * 10)


def test_a_value_outside_the_options_raises_naming_the_question() -> None:
    with translation.override("en"), pytest.raises(scoring.InvalidAnswers) as caught:
        scoring.score(parsed("phq9"), [0, 0, 4, 0, 0, 0, 0, 0, 0])

    assert str(caught.value.message) == (
        "Answer 3 is “4”, which is not an option of question 3 (allowed: 0, 1, 2, 3)."
    )


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_k10_values_run_from_1_to_5(bad: int) -> None:
    with pytest.raises(scoring.InvalidAnswers, match="allowed: 1, 2, 3, 4, 5"):
        scoring.score(parsed("k10"), [bad] + [1] * 9)


@pytest.mark.parametrize("bad", [True, 1.0, "1", None])
def test_answers_must_be_whole_numbers(bad: object) -> None:
    with pytest.raises(scoring.InvalidAnswers):
        scoring.score(parsed("gad7"), [bad, 0, 0, 0, 0, 0, 0])  # type: ignore[list-item]


def test_a_string_is_not_a_list_of_answers() -> None:
    with pytest.raises(scoring.InvalidAnswers):
        scoring.score(parsed("who5"), "33333")  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------------


@pytest.mark.parametrize("code", SHIPPED)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_valid_answers_give_a_total_in_range_and_exactly_one_band(
    code: str, data: st.DataObject
) -> None:
    definition = parsed(code)
    answers = [data.draw(st.sampled_from(item.values)) for item in definition.items]

    result = scoring.score(definition, answers)

    low, high = RANGES[code]
    assert low <= result.total <= high
    assert sum(band.contains(result.total) for band in definition.bands) == 1
    assert result.band.contains(result.total)
    assert result.risk == bool(result.risk_reasons)
    if definition.scoring.percentage_multiplier is not None:
        assert result.percentage == result.total * 4


@pytest.mark.parametrize("code", SHIPPED)
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_any_value_outside_an_items_options_is_refused(code: str, data: st.DataObject) -> None:
    definition = parsed(code)
    answers = [item.min_value for item in definition.items]
    index = data.draw(st.integers(0, len(answers) - 1))
    item = definition.items[index]
    answers[index] = data.draw(st.integers().filter(lambda v: v not in item.values))

    with pytest.raises(scoring.InvalidAnswers):
        scoring.score(definition, answers)


# --- bilingual content --------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


def _texts(definition: scoring.Definition) -> list[tuple[str, scoring.Text]]:
    texts = [
        ("name", definition.name),
        ("instructions", definition.instructions),
        ("time_frame", definition.time_frame),
    ]
    for item in definition.items:
        texts.append((f"item {item.number}", item.text))
        texts += [(f"item {item.number} option {o.value}", o.label) for o in item.options]
    for band in definition.bands:
        texts += [
            (f"band {band.code} label", band.label),
            (f"band {band.code} meaning", band.meaning),
            (f"band {band.code} recommendation", band.recommendation),
        ]
    texts += [(f"subscale {s.code}", s.name) for s in definition.subscales]
    texts += [(f"risk rule {r.code}", r.reason) for r in definition.risk_rules]
    return texts


def test_every_text_is_in_chinese_and_english(definition: scoring.Definition) -> None:
    for where, text in _texts(definition):
        assert CJK.search(text.zh_hans), f"{definition.code} {where}: no Chinese text"
        assert text.en.strip() and not CJK.search(text.en), f"{definition.code} {where}: English"


def test_texts_follow_the_active_language() -> None:
    band = parsed("phq9").band("severe")
    with translation.override("en"):
        assert str(band.label) == "Severe"
    with translation.override("zh-hans"):
        assert str(band.label) == "重度抑郁症状"
    assert band.label.get("en-gb") == "Severe"
    assert band.label.get("fr") == "重度抑郁症状"


def test_every_shipped_file_cites_its_source_and_terms(definition: scoring.Definition) -> None:
    assert definition.license == scoring.License.FREE
    assert len(definition.source) > 40
    assert len(definition.terms_of_use) > 20


def test_citations_name_the_rights_holders() -> None:
    assert "Pfizer" in parsed("phq9").source and "Pfizer" in parsed("gad7").source
    assert "No permission required" in parsed("phq9").terms_of_use
    assert "North Zealand" in parsed("who5").terms_of_use
    assert "Kessler" in parsed("k10").source and "public domain" in parsed("k10").terms_of_use
    assert "Cohen" in parsed("pss10").source
    assert "non-commercial" in parsed("pss10").terms_of_use


def test_who5_notes_the_likely_depression_cut_off() -> None:
    notes = parsed("who5").notes
    assert notes is not None
    assert "7 or less" in notes.en and "28 %" in notes.en


def test_scores_are_whole_numbers_for_the_shipped_instruments(
    definition: scoring.Definition,
) -> None:
    result = scoring.score(definition, [item.min_value for item in definition.items])
    assert isinstance(result.total, int) and not isinstance(result.total, Decimal)


def test_answer_errors_are_translated_for_chinese_readers() -> None:
    from django.utils import translation

    from tests.assessments.definitions import _PARSED

    with translation.override("zh-hans"), pytest.raises(scoring.InvalidAnswers) as caught:
        scoring.score(_PARSED["k10"], [0] * 10)
    assert "不是第 1 题的选项" in str(caught.value.message)
