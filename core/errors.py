"""Domain errors: one base class with a stable code and a translated message.

Services raise these; core.web turns them into form errors and messages, and
core.api.errors into API responses. Each app lists its codes in its own
``<app>/errors.py`` as an ``ErrorCode(StrEnum)``; a code is never a bare string, so
the codes an API client may see are one greppable list per app.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ErrorCode(StrEnum):
    """The codes of the base errors, shared by every app."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    CONFLICT = "conflict"


class DomainError(Exception):
    code: StrEnum = ErrorCode.INVALID
    status: int = 400
    default_message: Any = _("The request could not be completed.")

    def __init__(
        self,
        message: Any = None,
        *,
        code: StrEnum | None = None,
        fields: Mapping[str, Sequence[StrOrPromise]] | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        self.fields = {name: list(messages) for name, messages in (fields or {}).items()}
        super().__init__(str(self.message))


class NotFound(DomainError):
    """Also used for objects outside the viewer's scope: existence never leaks."""

    code: StrEnum = ErrorCode.NOT_FOUND
    status = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    code: StrEnum = ErrorCode.PERMISSION_DENIED
    status = 403
    default_message = _("You do not have permission to do this.")


class Conflict(DomainError):
    code: StrEnum = ErrorCode.CONFLICT
    status = 409
    default_message = _("This conflicts with the current state; reload and try again.")
