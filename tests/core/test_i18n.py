"""One rule for the language of stored content: English for any English code, else Chinese."""

from __future__ import annotations

import pytest
from django.utils import translation

from assessments.scoring import Text
from core.i18n import active_content_language, content_language


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-gb", "en"),
        ("en-GB", "en"),
        ("zh-hans", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("fr", "zh-hans"),
        ("english", "zh-hans"),
        ("", "zh-hans"),
        (None, "zh-hans"),
    ],
)
def test_content_language(code: str | None, expected: str) -> None:
    assert content_language(code) == expected


def test_the_active_translation_decides_when_nothing_is_asked() -> None:
    with translation.override("en"):
        assert active_content_language() == "en"
    with translation.override("zh-hans"):
        assert active_content_language() == "zh-hans"
    with translation.override(None):
        assert active_content_language() == "zh-hans"


def test_questionnaire_texts_follow_the_same_rule() -> None:
    text = Text(zh_hans="抑郁", en="Depression")
    assert text.get("en-GB") == "Depression"
    assert text.get("zh-Hans") == "抑郁"
    with translation.override("en"):
        assert text.get() == "Depression"
