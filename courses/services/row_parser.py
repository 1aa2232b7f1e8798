"""One spreadsheet row → TopicData, or problems named by row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from courses.models import Audience, Category, Expert, Format
from courses.models.topics import MAX_LENGTH_MINUTES, MIN_LENGTH_MINUTES
from courses.selectors.search import normalise
from courses.services.topics import TopicData
from courses.services.workbook import (
    COLUMN_BY_KEY,
    choice_lookup,
    split_list,
    yes_no_lookup,
)

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")
MAX_TITLE = 120
MAX_SUMMARY = 2000


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


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class ExpertLookup:
    """Experts as a file names them: by code, or by a name no other expert has."""

    def __init__(self) -> None:
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        for expert in Expert.objects.select_related("practitioner").only(
            "id", "code", "practitioner__display_name"
        ):
            self.by_code[normalise(expert.code)] = expert.pk
            self.by_name.setdefault(normalise(expert.name), []).append(expert.pk)

    def find(self, token: str) -> int:
        key = normalise(token)
        if key in self.by_code:
            return self.by_code[key]
        matches = self.by_name.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise _Invalid(
                _("several experts are called “%(name)s”: write the expert's code instead")
                % {"name": token}
            )
        raise _Invalid(_("no expert is called “%(name)s” (or has that code)") % {"name": token})


class RowParser:
    """Parses rows one by one, collecting every problem (it never stops at the first)."""

    def __init__(self, columns: dict[int, str]) -> None:
        self.columns = columns
        self.problems: list[Problem] = []
        self.codes: dict[str, int] = {}
        self.experts = ExpertLookup()

    def _problem(self, row: int, key: str, message: str) -> None:
        index = (
            next(i for i, k in self.columns.items() if k == key)
            if key in self.columns.values()
            else 0
        )
        self.problems.append(
            Problem(row, get_column_letter(index + 1), str(COLUMN_BY_KEY[key].label), message)
        )

    def parse(self, row: int, values: tuple[Any, ...]) -> TopicData | None:
        cells = {
            key: _text(values[i]) if i < len(values) else "" for i, key in self.columns.items()
        }
        if not any(cells.values()):
            return None  # blank rows are skipped
        parsed: dict[str, Any] = {}
        for key, parse in self._parsers().items():
            try:
                parsed[key] = parse(cells.get(key, ""))
            except _Invalid as invalid:
                self._problem(row, key, invalid.message)
        code = parsed.get("code")
        if code is not None:
            if code in self.codes:
                self._problem(
                    row,
                    "code",
                    _("the code %(code)s is already on row %(row)s")
                    % {"code": code, "row": self.codes[code]},
                )
            else:
                self.codes[code] = row
        if len(parsed) < len(self._parsers()):
            return None
        return TopicData(
            code=parsed["code"],
            title=parsed["title"],
            category=parsed["category"],
            length_minutes=parsed["length_minutes"],
            formats=parsed["formats"],
            audiences=parsed["audiences"],
            experts=parsed["experts"],
            summary=parsed["summary"],
            is_active=parsed["active"],
        )

    def _parsers(self) -> dict[str, Any]:
        return {
            "code": _code,
            "title": _title,
            "category": _category,
            "length_minutes": _length,
            "formats": lambda text: _choices(text, Format, required=True),
            "audiences": lambda text: _choices(text, Audience, required=True),
            "experts": self._experts,
            "summary": _summary,
            "active": _active,
        }

    def _experts(self, text: str) -> frozenset[int]:
        return frozenset(self.experts.find(token) for token in split_list(text))


def _code(text: str) -> str:
    code = text.upper()
    if not code:
        raise _Invalid(_("the code is missing"))
    if not CODE.match(code):
        raise _Invalid(
            _("“%(code)s” is not a valid code: up to 16 letters, digits and hyphens, e.g. QX-001")
            % {"code": text}
        )
    return code


def _title(text: str) -> str:
    if not text:
        raise _Invalid(_("the title is missing"))
    if len(text) > MAX_TITLE:
        raise _Invalid(_("the title is longer than %(max)s characters") % {"max": MAX_TITLE})
    return text


def _summary(text: str) -> str:
    if len(text) > MAX_SUMMARY:
        raise _Invalid(_("the summary is longer than %(max)s characters") % {"max": MAX_SUMMARY})
    return text


def _known_labels(choices: type[Category] | type[Format] | type[Audience]) -> str:
    return "、".join(str(label) for label in choices.labels)


def _category(text: str) -> str:
    if not text:
        raise _Invalid(_("the category is missing"))
    value = choice_lookup(Category).get(normalise(text))
    if value is None:
        raise _Invalid(
            _("“%(value)s” is not a category; use one of: %(known)s")
            % {"value": text, "known": _known_labels(Category)}
        )
    return value


def _choices(
    text: str, choices: type[Format] | type[Audience], *, required: bool
) -> frozenset[str]:
    tokens = split_list(text)
    if required and not tokens:
        raise _Invalid(_("give at least one; use: %(known)s") % {"known": _known_labels(choices)})
    lookup = choice_lookup(choices)
    unknown = [token for token in tokens if normalise(token) not in lookup]
    if unknown:
        raise _Invalid(
            _("not known: %(values)s; use: %(known)s")
            % {"values": "、".join(unknown), "known": _known_labels(choices)}
        )
    return frozenset(lookup[normalise(token)] for token in tokens)


def _length(text: str) -> int:
    minutes: int | None
    try:
        minutes = int(float(text))
    except (ValueError, OverflowError):
        minutes = None
    if minutes is None or str(minutes) != text.split(".")[0] or not text:
        raise _Invalid(_("give the length as a whole number of minutes, e.g. 90"))
    if not MIN_LENGTH_MINUTES <= minutes <= MAX_LENGTH_MINUTES:
        raise _Invalid(
            _("the length must be from %(min)s to %(max)s minutes")
            % {"min": MIN_LENGTH_MINUTES, "max": MAX_LENGTH_MINUTES}
        )
    return minutes


def _active(text: str) -> bool:
    if not text:
        return True
    value = yes_no_lookup().get(normalise(text))
    if value is None:
        raise _Invalid(_("write yes or no"))
    return value
