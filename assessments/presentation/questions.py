"""A question's fieldset on a page of questions, rendered once for the values it shows.

The fieldset (legend, error, radio buttons) is a pure function of a handful of strings: the
question's number, its field's name, label and errors, and each button's id, value, label and
whether it is checked. Those values are the key: a page of questions writes each fieldset from
memory once it has been rendered for the same values, in this process. The key holds the
question's wording and the worker's chosen answer (one of four or five values), never
anything that says who chose it, and only in this process's memory, bounded.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString

from assessments.forms.portal import Question
from core.rendered import Rendered

FIELDSETS = Rendered("assessments/_question.html")


def _key(question: Question) -> tuple[Any, ...]:
    field = question.field
    return (
        question.number,
        field.html_name,
        str(field.label),
        tuple(str(error) for error in field.errors),
        tuple((o.id, o.value, str(o.label), o.checked) for o in question.options),
    )


def fieldset(question: Question) -> SafeString:
    """The question's fieldset, as `assessments/_question.html` renders it."""
    return FIELDSETS.get(_key(question), lambda: {"question": question})
