"""Importing the catalogue spreadsheet: every row checked, then all of it or nothing.

    report = catalogue_import(actor=request.user, upload=request.FILES["file"])

The file must be an .xlsx whose first sheet has the export's header row (in any site
language). Each problem names its row and column in the user's language; with any
problem nothing changes. Topics are matched by code; a row equal to what is stored
changes nothing, so importing an export again reports every row unchanged.
Topics missing from the file are left as they are (deactivate them with "Active: no").
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from accounts.models import User
from core.errors import DomainError, PermissionDenied
from courses.errors import ErrorCode
from courses.models import Topic, TopicExpert
from courses.selectors.catalogue import may_manage_catalogue
from courses.selectors.search import normalise
from courses.services.row_parser import Problem, RowParser
from courses.services.topics import TopicData, topic_data, topic_write
from courses.services.workbook import COLUMN_BY_KEY, COLUMNS, header_lookup
from network import audit
from network.models import OrgUnit

MAX_FILE_BYTES = 2 * 1024 * 1024
# Uncompressed: an .xlsx is a zip; a small file must not unpack into gigabytes.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 10_000
REQUIRED = frozenset({"code", "title", "category", "length_minutes", "formats", "audiences"})


class CatalogueFileError(DomainError):
    """The file as a whole cannot be read (not an .xlsx, too big, wrong headers, empty)."""

    default_message = gettext_lazy("The file could not be imported.")


class CatalogueRowsInvalid(DomainError):
    """Some rows are invalid; `problems` lists each by row and column. Nothing changed."""

    code = ErrorCode.FILE_ROWS_INVALID
    default_message = gettext_lazy("The file has errors; nothing was imported.")

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("The file has %(count)s error(s); nothing was imported.") % {"count": len(problems)}
        )
        self.problems = problems


@dataclass
class ImportReport:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _open(upload: IO[bytes], size: int) -> Any:
    if size > MAX_FILE_BYTES:
        raise CatalogueFileError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_FILE_BYTES // 2**20},
            code=ErrorCode.FILE_TOO_LARGE,
        )
    not_xlsx = CatalogueFileError(
        _("This is not an Excel workbook (.xlsx). Save the spreadsheet as .xlsx and try again."),
        code=ErrorCode.FILE_NOT_XLSX,
    )
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise CatalogueFileError(
                _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_FILE_BYTES // 2**20},
                code=ErrorCode.FILE_TOO_LARGE,
            )
        upload.seek(0)
        return load_workbook(upload, read_only=True, data_only=True)
    except CatalogueFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a broken or foreign file
        raise not_xlsx from error


def _columns(header: tuple[Any, ...]) -> dict[int, str]:
    """Column index → key, from the header row; wrong headers are one clear error."""
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
        expected = "、".join(str(column.label) for column in COLUMNS)
        parts = []
        if missing:
            parts.append(_("missing columns: %(columns)s") % {"columns": "、".join(missing)})
        if unknown:
            parts.append(
                _("unknown or repeated columns: %(columns)s") % {"columns": "、".join(unknown)}
            )
        raise CatalogueFileError(
            _("The first row must hold the column headers (%(expected)s); %(problems)s.")
            % {"expected": expected, "problems": "; ".join(parts)},
            code=ErrorCode.FILE_HEADERS,
        )
    return found


def _rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + 1:
            raise CatalogueFileError(
                _("The file has more than %(max)s rows.") % {"max": MAX_ROWS},
                code=ErrorCode.FILE_TOO_MANY_ROWS,
            )
        yield number, values


def catalogue_read(upload: IO[bytes], size: int) -> list[TopicData]:
    """The topics a file describes; CatalogueFileError or CatalogueRowsInvalid otherwise."""
    book = _open(upload, size)
    try:
        sheet = book.worksheets[0]
        rows = _rows(sheet)
        first = next(rows, None)
        if first is None:
            raise CatalogueFileError(_("The file is empty."), code=ErrorCode.FILE_EMPTY)
        parser = RowParser(_columns(first[1]))
        topics = [
            topic for number, values in rows if (topic := parser.parse(number, values)) is not None
        ]
    finally:
        book.close()
    if parser.problems:
        raise CatalogueRowsInvalid(parser.problems)
    if not topics:
        raise CatalogueFileError(
            _("The file has no topics below its headers."), code=ErrorCode.FILE_EMPTY
        )
    return topics


def catalogue_import(*, actor: User, upload: IO[bytes], size: int) -> ImportReport:
    """Check the whole file, then write it in one transaction; audit-logged."""
    if not may_manage_catalogue(actor):
        raise PermissionDenied(_("Only the city centre's administrators may import the catalogue."))
    rows = catalogue_read(upload, size)
    report = ImportReport(rows=len(rows))
    with transaction.atomic():
        stored = {
            topic.code: topic
            for topic in Topic.objects.select_for_update().prefetch_related(
                "format_rows",
                "audience_rows",
                Prefetch(
                    "expert_links", queryset=TopicExpert.objects.only("topic_id", "expert_id")
                ),
            )
        }
        for data in rows:
            topic = stored.get(data.code)
            if topic is not None and topic_data(topic) == data:
                report.unchanged += 1
                continue
            topic_write(topic=topic, data=data)
            (report.updated if topic is not None else report.created).append(data.code)
        audit.record(
            actor=actor,
            action="courses.catalogue.imported",
            unit=OrgUnit.objects.filter(parent__isnull=True).first(),
            details={
                "rows": report.rows,
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": report.unchanged,
            },
        )
    return report
