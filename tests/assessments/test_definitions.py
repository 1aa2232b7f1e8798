"""Checking definitions: clear errors naming the field; room for licensed instruments."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from assessments import scoring
from tests.assessments.definitions import answers_for, raw_definition


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh-Hans": zh, "en": en}


def _licensed_mean_based() -> dict[str, Any]:
    """Shaped like SCL-90: options 1-5, mean scores, factor subscales. Placeholder texts only:
    the repository ships no licensed wording."""
    return {
        "code": "licensed_demo",
        "license": "licensed",
        "name": _text("授权量表示例", "Licensed scale example"),
        "short_name": _text("示例", "EX"),
        "instructions": _text("（授权文本由运营方提供）", "(licensed text held by the operator)"),
        "time_frame": _text("最近一周", "the last week"),
        "source": "Placeholder for the publisher's citation of a licensed instrument.",
        "terms_of_use": "Licensed to the operator; the text is not distributed with the code.",
        "options": [{"value": v, "label": _text(f"选项{v}", f"option {v}")} for v in range(1, 6)],
        "items": [{"text": _text(f"题目{n}", f"item {n}")} for n in range(1, 7)],
        "subscales": [
            {
                "code": "factor_a",
                "name": _text("因子甲", "Factor A"),
                "items": [1, 2, 3],
                "method": "mean",
            },
            {
                "code": "factor_b",
                "name": _text("因子乙", "Factor B"),
                "items": [4, 5, 6],
                "method": "mean",
            },
        ],
        "scoring": {"method": "mean", "decimals": 2, "range": {"min": 1, "max": 5}},
        "bands": [
            _band("none", 1, 1.99, 0),
            _band("mild", 2, 2.99, 1),
            _band("marked", 3, 5, 2),
        ],
        "risk_rules": [
            {
                "code": "factor_b_high",
                "kind": "subscale",
                "subscale": "factor_b",
                "min": 3,
                "reason": _text("因子乙偏高", "Factor B is high"),
            },
        ],
    }


def _index_based() -> dict[str, Any]:
    """Shaped like SDS: 1-4 options, some reverse items, raw x 1.25, integer part."""
    data = _licensed_mean_based()
    data["code"] = "index_demo"
    data["options"] = data["options"][:4]
    data["items"] = [{"text": _text(f"题目{n}", f"item {n}")} for n in range(1, 21)]
    data["reverse_items"] = [2, 5, 6, 11, 12, 14, 16, 17, 18, 20]
    data["subscales"] = []
    data["risk_rules"] = []
    data["scoring"] = {
        "method": "sum",
        "multiplier": 1.25,
        "rounding": "floor",
        "range": {"min": 25, "max": 100},
    }
    data["bands"] = [
        _band("normal", 25, 52, 0),
        _band("mild", 53, 62, 1),
        _band("moderate", 63, 72, 2),
        _band("severe", 73, 100, 3),
    ]
    return data


def _band(code: str, low: float, high: float, severity: int) -> dict[str, Any]:
    return {
        "code": code,
        "min": low,
        "max": high,
        "severity": severity,
        "label": _text(f"{code}级", code),
        "meaning": _text("含义", "meaning"),
        "recommendation": _text("建议", "recommendation"),
    }


def _error(data: Any) -> scoring.InstrumentDefinitionError:
    with translation.override("en"), pytest.raises(scoring.InstrumentDefinitionError) as caught:
        scoring.parse_definition(data)
    return caught.value


# --- licensed and free-form scoring -------------------------------------------


def test_a_licensed_mean_based_instrument_is_held_and_scored() -> None:
    definition = scoring.parse_definition(_licensed_mean_based())

    result = scoring.score(definition, [1, 2, 2, 4, 3, 3])

    assert definition.license == scoring.License.LICENSED
    assert result.total == Decimal("2.50")  # 15 / 6
    assert result.band_code == "mild"
    assert result.subscales == {"factor_a": Decimal("1.67"), "factor_b": Decimal("3.33")}
    assert [rule.code for rule in result.risk_reasons] == ["factor_b_high"]


def test_mean_totals_round_half_up_into_contiguous_bands() -> None:
    definition = scoring.parse_definition(_licensed_mean_based())

    # 11 / 6 = 1.833 -> 1.83; 12 / 6 = 2.00.
    assert scoring.score(definition, [1, 1, 2, 2, 2, 3]).total == Decimal("1.83")
    assert scoring.score(definition, [2, 2, 2, 2, 2, 2]).band_code == "mild"
    assert scoring.score(definition, [5] * 6).total == Decimal("5.00")


def test_an_index_with_a_multiplier_takes_the_integer_part() -> None:
    definition = scoring.parse_definition(_index_based())

    lowest = scoring.score(definition, answers_for(definition, 20))
    raw_42 = scoring.score(definition, answers_for(definition, 42))
    raw_43 = scoring.score(definition, answers_for(definition, 43))

    assert lowest.total == 25  # 20 x 1.25
    assert (raw_42.total, raw_42.band_code) == (52, "normal")  # 52.5 -> 52
    assert (raw_43.total, raw_43.band_code) == (53, "mild")  # 53.75 -> 53
    assert scoring.score(definition, answers_for(definition, 80)).total == 100


def test_items_may_bring_their_own_options() -> None:
    data = _licensed_mean_based()
    data["items"][0]["options"] = [
        {"value": 0, "label": _text("否", "no")},
        {"value": 5, "label": _text("是", "yes")},
    ]
    data["scoring"]["range"] = {"min": 0.8333, "max": 5}
    error = _error(data)
    assert error.field == "scoring.range.min"
    assert "more decimals than the scoring gives (2)" in str(error.message)
    data["scoring"]["range"] = {"min": 0.83, "max": 5}
    data["bands"][0]["min"] = 0.83

    definition = scoring.parse_definition(data)

    assert definition.items[0].values == (0, 5)
    with pytest.raises(scoring.InvalidAnswers, match=r"allowed: 0, 5"):
        scoring.score(definition, [1, 1, 1, 1, 1, 1])


# --- errors name the field ------------------------------------------------------


def _phq9() -> dict[str, Any]:
    return copy.deepcopy(raw_definition("phq9"))


def test_a_missing_field_is_named() -> None:
    data = _phq9()
    del data["bands"]

    error = _error(data)

    assert error.field == "bands"
    assert str(error.message) == "Instrument definition, field “bands”: is required"
    assert error.code == "invalid_instrument_definition"


def test_a_missing_translation_is_named() -> None:
    data = _phq9()
    del data["items"][2]["text"]["en"]

    assert _error(data).field == "items[3].text.en"


def test_an_unknown_field_is_refused() -> None:
    data = _phq9()
    data["itmes"] = data["items"]

    error = _error(data)
    assert error.field == "itmes"
    assert "is not a known field" in str(error.message)


def test_a_gap_between_bands_is_refused() -> None:
    data = _phq9()
    data["bands"][1]["min"] = 6

    error = _error(data)
    assert error.field == "bands[2].min"
    assert "expected 5" in str(error.message)


def test_overlapping_bands_are_refused() -> None:
    data = _phq9()
    data["bands"][1]["min"] = 4

    assert _error(data).field == "bands[2].min"


def test_bands_must_reach_the_highest_total() -> None:
    data = _phq9()
    data["bands"][-1]["max"] = 26

    error = _error(data)
    assert error.field == "bands[5].max"
    assert "27" in str(error.message)


def test_the_declared_range_must_match_the_items() -> None:
    data = _phq9()
    data["scoring"]["range"]["max"] = 30

    error = _error(data)
    assert error.field == "scoring.range"
    assert "0–27" in str(error.message)


def test_reverse_items_must_exist() -> None:
    data = _phq9()
    data["reverse_items"] = [10]

    error = _error(data)
    assert error.field == "reverse_items"
    assert "item 10 does not exist" in str(error.message)


def test_a_risk_rule_must_name_an_existing_band() -> None:
    data = _phq9()
    data["risk_rules"][1]["bands"] = ["extreme"]

    assert _error(data).field == "risk_rules[2].bands"


def test_an_item_rule_needs_a_bound() -> None:
    data = _phq9()
    del data["risk_rules"][0]["min"]

    assert _error(data).field == "risk_rules[1]"


def test_an_item_rule_names_its_item() -> None:
    data = _phq9()
    del data["risk_rules"][0]["item"]
    assert _error(data).field == "risk_rules[1].item"
    data["risk_rules"][0]["item"] = 10
    assert "item 10 does not exist" in str(_error(data).message)


def test_options_need_distinct_values() -> None:
    data = _phq9()
    data["options"][1]["value"] = 0

    assert _error(data).field == "options"


def test_the_license_is_one_of_the_choices() -> None:
    data = _phq9()
    data["license"] = "maybe"

    error = _error(data)
    assert error.field == "license"
    assert "free, licensed" in str(error.message)


def test_a_definition_must_be_a_mapping() -> None:
    assert _error(["phq9"]).field == ""


def test_the_content_hash_ignores_key_order() -> None:
    data = _phq9()
    reordered = copy.deepcopy(dict(reversed(list(data.items()))))

    assert scoring.content_hash(data) == scoring.content_hash(reordered)
    data["bands"][0]["label"]["en"] = "Minimal"
    assert scoring.content_hash(data) != scoring.content_hash(reordered)
