"""Input serializers that copy their declared fields shallowly, per request.

DRF deep-copies every declared field for every serializer instance (`Serializer.get_fields`):
each field is rebuilt from deep copies of its arguments, so choices with translated labels
and a field's queryset are copied on every request (about a fifth of an assessment submit's
CPU). A flat input serializer's fields keep no state between requests but what `bind()` sets
on the copy (name, parent, source), so a shallow copy is enough. Not for serializers with
nested serializers as fields, nor for fields that change their own arguments.
"""

from __future__ import annotations

import copy
from typing import Any


class ShallowFieldsMixin:
    _declared_fields: dict[str, Any]

    def get_fields(self) -> dict[str, Any]:
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}
