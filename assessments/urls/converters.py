"""URL converters: several public ids in one path ("<uuid>+<uuid>"), for a bundle's results."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
MAX_IDS = 5


class UUIDListConverter:
    regex = rf"{_UUID}(?:\+{_UUID}){{0,{MAX_IDS - 1}}}"

    def to_python(self, value: str) -> list[uuid.UUID]:
        return [uuid.UUID(part) for part in value.split("+")]

    def to_url(self, value: uuid.UUID | str | Iterable[uuid.UUID | str]) -> str:
        if isinstance(value, uuid.UUID | str):
            return str(value)
        return "+".join(str(part) for part in value)
