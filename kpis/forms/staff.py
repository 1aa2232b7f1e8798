"""Staff forms of the kpis pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kpis.indicators import indicator_codes, manual_codes
from network.models import OrgUnit


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class PlanForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    code = forms.ChoiceField(label=_("Indicator"))
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=14, decimal_places=2)
    allow_over_allocation = forms.BooleanField(
        label=_("Children may be allocated more than this target"), required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.public_id): u for u in units}
        _set_choices(self, "unit", [(key, u.name) for key, u in self.units.items()])
        _set_choices(self, "code", [(c, c) for c in indicator_codes()])

    def chosen_unit(self) -> OrgUnit:
        return self.units[self.cleaned_data["unit"]]


class ManualEntryForm(forms.Form):
    code = forms.ChoiceField(label=_("Indicator"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "code", [(c, c) for c in manual_codes()])


class ApprovalActionForm(forms.Form):
    ACTIONS = ("submit", "approve", "accept", "reopen")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
