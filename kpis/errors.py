"""The kpis app's error codes: the `code` of every DomainError it raises."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    pass
