"""Importing the question-bank spreadsheet: every row checked, then all of it or nothing.

    report = questions_import(actor=request.user, upload=f, size=f.size)

Same rules as the course catalogue's import: an .xlsx whose first sheet has the export's
header row (any site language); each problem names its row and column in the user's
language; with any problem nothing is written. Questions are matched by code; options are
replaced by position (a paper already drawn keeps the option ids it showed).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from accounts.models import User
from core.errors import DomainError, PermissionDenied
from learning.errors import ErrorCode
from learning.models import Option, Question
from learning.selectors.bank import may_manage_bank
from learning.services.question_rows import Problem, QuestionData, RowParser
from learning.services.question_workbook import COLUMN_BY_KEY, COLUMNS, header_lookup, normalise
from network import audit

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 5_000
REQUIRED = frozenset({"code", "kind", "category", "difficulty", "text", "correct"})


class QuestionFileError(DomainError):
    default_message = gettext_lazy("The file could not be imported.")


class QuestionRowsInvalid(DomainError):
    code = ErrorCode.FILE_ROWS_INVALID
    default_message = gettext_lazy("The file has errors; nothing was imported.")

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("The file has %(count)s error(s); nothing was imported.") % {"count": len(problems)}
        )
        self.problems = problems


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def _open(upload: IO[bytes], size: int) -> Any:
    too_large = QuestionFileError(
        _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_FILE_BYTES // 2**20},
        code=ErrorCode.FILE_TOO_LARGE,
    )
    if size > MAX_FILE_BYTES:
        raise too_large
    try:
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise too_large
        upload.seek(0)
        return load_workbook(upload, read_only=True, data_only=True)
    except QuestionFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a broken or foreign file
        raise QuestionFileError(
            _("This is not an Excel workbook (.xlsx). Save it as .xlsx and try again."),
            code=ErrorCode.FILE_NOT_XLSX,
        ) from error


def _columns(header: tuple[Any, ...]) -> dict[int, str]:
    lookup = header_lookup()
    found: dict[int, str] = {}
    unknown: list[str] = []
    for index, value in enumerate(header):
        text = normalise(str(value)) if value is not None else ""
        if not text:
            continue
        key = lookup.get(text)
        if key is None or key in found.values():
            unknown.append(f"{get_column_letter(index + 1)} “{value}”")
            continue
        found[index] = key
    missing = [str(COLUMN_BY_KEY[key].label) for key in sorted(REQUIRED - set(found.values()))]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing columns: %(columns)s") % {"columns": "、".join(missing)})
        if unknown:
            parts.append(
                _("unknown or repeated columns: %(columns)s") % {"columns": "、".join(unknown)}
            )
        raise QuestionFileError(
            _("The first row must hold the column headers (%(expected)s); %(problems)s.")
            % {
                "expected": "、".join(str(c.label) for c in COLUMNS),
                "problems": "; ".join(parts),
            },
            code=ErrorCode.FILE_HEADERS,
        )
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def questions_read(upload: IO[bytes], size: int) -> list[QuestionData]:
    """The questions a file describes; QuestionFileError or QuestionRowsInvalid otherwise."""
    book = _open(upload, size)
    try:
        rows = enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
        first = next(rows, None)
        if first is None:
            raise QuestionFileError(_("The file is empty."), code=ErrorCode.FILE_EMPTY)
        parser = RowParser(_columns(first[1]))
        questions = []
        for number, values in rows:
            if number > MAX_ROWS + 1:
                raise QuestionFileError(
                    _("The file has more than %(max)s rows.") % {"max": MAX_ROWS},
                    code=ErrorCode.FILE_TOO_MANY_ROWS,
                )
            cells = {
                key: _text(values[i]) if i < len(values) else ""
                for i, key in parser.columns.items()
            }
            if (question := parser.parse(number, cells)) is not None:
                questions.append(question)
    finally:
        book.close()
    if parser.problems:
        raise QuestionRowsInvalid(parser.problems)
    if not questions:
        raise QuestionFileError(
            _("The file has no questions below its headers."), code=ErrorCode.FILE_EMPTY
        )
    return questions


def _write(data: QuestionData) -> bool:
    """Creates or updates one question; True when it was new."""
    question, created = Question.objects.update_or_create(
        code=data.code,
        defaults={
            "kind": data.kind,
            "category": data.category,
            "difficulty": data.difficulty,
            "text": data.text,
            "explanation": data.explanation,
            "is_active": data.is_active,
        },
    )
    question.options.filter(position__gt=len(data.options)).delete()
    for position, (text, correct) in enumerate(data.options, start=1):
        Option.objects.update_or_create(
            question=question, position=position, defaults={"text": text, "is_correct": correct}
        )
    return created


def questions_import(*, actor: User | None, upload: IO[bytes], size: int) -> ImportReport:
    if not may_manage_bank(actor):
        raise PermissionDenied()
    questions = questions_read(upload, size)
    report = ImportReport()
    with transaction.atomic():
        for data in questions:
            (report.created if _write(data) else report.updated).append(data.code)
        audit.record(
            actor=actor,
            action="learning.questions.imported",
            details={"created": len(report.created), "updated": len(report.updated)},
        )
    return report
