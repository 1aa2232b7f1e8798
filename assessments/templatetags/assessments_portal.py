"""Template filters of the self-assessment pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.utils.safestring import SafeString

from assessments.forms.portal import Question
from assessments.presentation import cards, questions
from assessments.presentation.charts import format_score
from assessments.selectors import ResultCard

register = template.Library()


@register.filter
def score(value: Decimal | int | str | None) -> str:
    """A score without trailing zeros: 5.00 → "5", 52.00 → "52", 12.50 → "12.5"."""
    if value is None or value == "":
        return ""
    return format_score(Decimal(str(value)))


@register.filter
def group_count(value: int) -> Any:
    """A count of people, or "<10" when 0 < n < MIN_GROUP_SIZE (small groups are never shown)."""
    if 0 < value < settings.MIN_GROUP_SIZE:
        return f"<{settings.MIN_GROUP_SIZE}"
    return value


@register.filter
def fieldset(question: Question) -> SafeString:
    """A question's fieldset on a page of questions (written from memory once rendered)."""
    return questions.fieldset(question)


@register.filter
def result_card(card: ResultCard, number: int) -> SafeString:
    """A result card's summary on the result page (written from memory once rendered)."""
    return cards.summary(card, number)
