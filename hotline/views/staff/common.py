"""What every hotline staff page shows: the line and who is on duty now."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hotline import selectors
from hotline.models import Line


def page_context(request: HttpRequest, line: Line, **extra: Any) -> dict[str, Any]:
    """The hotline layout's context: `line`, `on_duty` (the include), `supervises`."""
    return {
        "line": line,
        "on_duty": selectors.on_duty(line=line),
        "supervises": selectors.may_supervise(request.user, line),
        **extra,
    }
