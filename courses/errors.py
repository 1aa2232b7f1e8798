"""The courses app's error codes: the `code` of every DomainError it raises."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # Catalogue spreadsheet import.
    FILE_NOT_XLSX = "catalogue_file_not_xlsx"
    FILE_TOO_LARGE = "catalogue_file_too_large"
    FILE_HEADERS = "catalogue_file_headers"
    FILE_EMPTY = "catalogue_file_empty"
    FILE_TOO_MANY_ROWS = "catalogue_file_too_many_rows"
    FILE_ROWS_INVALID = "catalogue_file_rows_invalid"
