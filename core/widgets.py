"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    """`<input type="date">` with its value in ISO form (value="2026-12-02").

    Browsers accept only ISO dates in a date input; Django's default would render the
    active language's format (2026/12/02 in zh-Hans), which the browser shows as empty.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
