"""The question-bank spreadsheet: its columns, the words it accepts, the export.

One row per question: code, type, category, difficulty, question, options A–F, the
correct letters (e.g. "A" or "A、C"), explanation, active. Headers and labels are written
in the exporter's language; an import accepts those of every site language and the
stored values, so an export imports again unchanged.
"""

from __future__ import annotations

import io
import re
import string
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db.models import Prefetch, TextChoices
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from courses.services import Category
from learning.models import MAX_OPTIONS, Difficulty, Option, Question, QuestionKind

SHEET_TITLE = _("Question bank")
LETTERS = string.ascii_uppercase[:MAX_OPTIONS]
SEPARATORS = re.compile(r"[、,，;；\s/]+")
YES, NO = _("yes"), _("no")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    width: int


def _option_label(letter: str) -> Promise:
    return format_lazy("{} {}", _("Option"), letter)


COLUMNS = (
    Column("code", _("Question code"), 10),
    Column("kind", _("Type"), 10),
    Column("category", _("Category"), 12),
    Column("difficulty", _("Difficulty"), 8),
    Column("text", _("Question"), 48),
    *(Column(f"option_{letter.lower()}", _option_label(letter), 24) for letter in LETTERS),
    Column("correct", _("Correct options"), 10),
    Column("explanation", _("Explanation"), 48),
    Column("active", _("Active"), 8),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).casefold()


def _every_language(label: Promise | str) -> set[str]:
    words = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words.add(normalise(str(label)))
    return words


@cache
def header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        for word in _every_language(column.label) | {column.key}:
            lookup[word] = column.key
    return lookup


@cache
def choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        for word in _every_language(label) | {normalise(value)}:
            lookup[word] = value
    return lookup


@cache
def yes_no_lookup() -> dict[str, bool]:
    lookup = {word: True for word in _every_language(YES) | {"y", "true", "1", "是"}}
    lookup.update({word: False for word in _every_language(NO) | {"n", "false", "0", "否"}})
    return lookup


def split_letters(text: str) -> list[str]:
    tokens = [part for part in SEPARATORS.split(text.upper()) if part]
    # "AC" is read as A and C.
    return [letter for token in tokens for letter in (token if token.isalpha() else [token])]


def _row(question: Question) -> list[object]:
    options = list(question.options.all())
    texts = [o.text for o in options] + [""] * (MAX_OPTIONS - len(options))
    sep = "、" if (translation.get_language() or "").startswith("zh") else ", "
    correct = sep.join(LETTERS[i] for i, o in enumerate(options) if o.is_correct)
    return [
        question.code,
        str(QuestionKind(question.kind).label),
        str(Category(question.category).label),
        str(Difficulty(question.difficulty).label),
        question.text,
        *texts,
        correct,
        question.explanation,
        str(YES if question.is_active else NO),
    ]


def questions_export() -> bytes:
    """The whole bank as .xlsx, in the active language (two queries)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = gettext("Question bank")
    sheet.append([str(column.label) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    questions = Question.objects.order_by("code").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("position"))
    )
    for question in questions:
        sheet.append(_row(question))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
