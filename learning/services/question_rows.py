"""One spreadsheet row of the question bank → QuestionData, or problems named by column."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from courses.services import Category
from learning.models import Difficulty, QuestionKind
from learning.services.question_workbook import (
    COLUMN_BY_KEY,
    LETTERS,
    choice_lookup,
    normalise,
    split_letters,
    yes_no_lookup,
)

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")
MAX_TEXT = 2000
MAX_OPTION = 500


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the spreadsheet's letter, e.g. "C"
    label: str  # the column's header in the user's language
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s (%(label)s): %(message)s") % {
            "row": self.row,
            "column": self.column,
            "label": self.label,
            "message": self.message,
        }


@dataclass(frozen=True)
class QuestionData:
    code: str
    kind: str
    category: str
    difficulty: str
    text: str
    options: tuple[tuple[str, bool], ...]
    explanation: str
    is_active: bool


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _code(text: str) -> str:
    code = text.upper()
    if not code:
        raise _Invalid(_("the code is missing"))
    if not CODE.match(code):
        raise _Invalid(
            _("“%(code)s” is not a valid code: up to 16 letters, digits and hyphens, e.g. Q-0001")
            % {"code": text}
        )
    return code


def _choice(choices: type[TextChoices], missing: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text:
            raise _Invalid(missing)
        value = choice_lookup(choices).get(normalise(text))
        if value is None:
            raise _Invalid(
                _("“%(value)s” is not known; use one of: %(known)s")
                % {"value": text, "known": "、".join(str(label) for label in choices.labels)}
            )
        return value

    return parse


def _long_text(required: bool) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if required and not text:
            raise _Invalid(_("the question is missing"))
        if len(text) > MAX_TEXT:
            raise _Invalid(_("the text is longer than %(max)s characters") % {"max": MAX_TEXT})
        return text

    return parse


def _active(text: str) -> bool:
    if not text:
        return True
    value = yes_no_lookup().get(normalise(text))
    if value is None:
        raise _Invalid(_("write yes or no"))
    return value


def _options(kind: str, texts: list[str], correct: list[str]) -> tuple[tuple[str, bool], ...]:
    """The options as given (gaps not allowed), checked against the type's rule."""
    while texts and not texts[-1]:
        texts.pop()
    if "" in texts:
        raise _Invalid(_("options must be filled from A onwards without gaps"))
    if any(len(text) > MAX_OPTION for text in texts):
        raise _Invalid(_("an option is longer than %(max)s characters") % {"max": MAX_OPTION})
    bad = [letter for letter in correct if letter not in LETTERS[: len(texts)]]
    if bad:
        raise _Invalid(_("%(letters)s: no such option") % {"letters": "、".join(bad)})
    if kind == QuestionKind.TRUE_FALSE and len(texts) != 2:
        raise _Invalid(_("a true-or-false question has exactly two options (A and B)"))
    if len(texts) < 2:
        raise _Invalid(_("give at least two options"))
    if kind != QuestionKind.MULTIPLE and len(set(correct)) != 1:
        raise _Invalid(_("give exactly one correct option"))
    if not correct:
        raise _Invalid(_("give at least one correct option"))
    return tuple((text, LETTERS[i] in correct) for i, text in enumerate(texts))


class RowParser:
    """Parses rows one by one, collecting every problem (it never stops at the first)."""

    def __init__(self, columns: dict[int, str]) -> None:
        self.columns = columns
        self.problems: list[Problem] = []
        self.codes: dict[str, int] = {}

    def _problem(self, row: int, key: str, message: str) -> None:
        index = next((i for i, k in self.columns.items() if k == key), 0)
        self.problems.append(
            Problem(row, get_column_letter(index + 1), str(COLUMN_BY_KEY[key].label), message)
        )

    def parse(self, row: int, cells: dict[str, str]) -> QuestionData | None:
        if not any(cells.values()):
            return None  # blank rows are skipped
        parsers: dict[str, Callable[[str], Any]] = {
            "code": _code,
            "kind": _choice(QuestionKind, _("the type is missing")),
            "category": _choice(Category, _("the category is missing")),
            "difficulty": _choice(Difficulty, _("the difficulty is missing")),
            "text": _long_text(True),
            "explanation": _long_text(False),
            "active": _active,
        }
        parsed: dict[str, Any] = {}
        for key, parse in parsers.items():
            try:
                parsed[key] = parse(cells.get(key, ""))
            except _Invalid as invalid:
                self._problem(row, key, invalid.message)
        self._check_repeat(row, parsed.get("code"))
        if "kind" in parsed:
            texts = [cells.get(f"option_{letter.lower()}", "") for letter in LETTERS]
            try:
                parsed["options"] = _options(
                    parsed["kind"], texts, split_letters(cells.get("correct", ""))
                )
            except _Invalid as invalid:
                self._problem(row, "correct", invalid.message)
        if len(parsed) < len(parsers) + 1:
            return None
        return QuestionData(
            code=parsed["code"],
            kind=parsed["kind"],
            category=parsed["category"],
            difficulty=parsed["difficulty"],
            text=parsed["text"],
            options=parsed["options"],
            explanation=parsed["explanation"],
            is_active=parsed["active"],
        )

    def _check_repeat(self, row: int, code: str | None) -> None:
        if code is None:
            return
        if code in self.codes:
            self._problem(
                row,
                "code",
                _("the code %(code)s is already on row %(row)s")
                % {"code": code, "row": self.codes[code]},
            )
        else:
            self.codes[code] = row
