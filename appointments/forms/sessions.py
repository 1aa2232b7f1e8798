"""The filter of the "Sessions held" staff page: kind, unit and year, offered as choices.

The page reads its parameters with the lenient readers (core.query_params), so a bad
value is no filter; this form only draws the choices with the values in force selected.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.selectors.sessions import SessionKind
from network.models import OrgUnit

KIND_LABELS = {
    SessionKind.COUNSELLING: _("One-to-one counselling sessions"),
    SessionKind.POD: _("Pod and relaxation-room uses"),
}


def unit_label(unit: OrgUnit) -> str:
    """A unit as an indented tree entry: "— — 甲一心灵驿站 (heart station)"."""
    return "{indent}{name} ({level})".format(
        indent="— " * unit.depth, name=unit.name, level=unit.get_level_display()
    )


class SessionsFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=list(KIND_LABELS.items()))
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(
        self, *args: Any, units: Iterable[OrgUnit], years: Iterable[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", _("All stations you can see")),
            *((str(unit.public_id), unit_label(unit)) for unit in units),
        ]
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
