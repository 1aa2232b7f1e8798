"""Template output kept in this process for the values that determine it.

A part of a page that is a pure function of a few values (a question's fieldset, a result
card's summary, an empty form's fields) is rendered once for those values and written from
memory after that. The key is those values: the caller names every value the output shows,
and nothing that says who asked. The memory is this process's only, and bounded: past
`entries` keys it starts again, empty.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


class Rendered:
    """`template_name`'s output per key, rendered from `context()` the first time."""

    def __init__(self, template_name: str, *, entries: int = 1024) -> None:
        self.template_name = template_name
        self.entries = entries
        self._kept: dict[Hashable, str] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: Hashable, context: Callable[[], dict[str, Any]]) -> SafeString:
        found = self._kept.get(key)
        if found is None:
            found = str(render_to_string(self.template_name, context()))
            if len(self._kept) >= self.entries:
                self._kept.clear()
            self._kept[key] = found
        return mark_safe(found)  # noqa: S308  # our own template's output, escaped there
