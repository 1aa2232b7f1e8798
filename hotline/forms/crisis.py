"""The crisis protocol checklist, filled to resolve an incident."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

YES_NO = [("", _("— choose —")), ("yes", _("yes")), ("no", _("no"))]


class CrisisChecklistForm(forms.Form):
    safety_assessed = forms.BooleanField(label=_("Safety assessed"), required=False)
    emergency_contacted = forms.ChoiceField(
        label=_("Emergency services contacted"), choices=YES_NO, required=False
    )
    emergency_reason = forms.CharField(label=_("Why (or why not)"), max_length=300, required=False)
    person_informed = forms.CharField(
        label=_("Person informed (e.g. family member, employer)"), max_length=120, required=False
    )
    followup_arranged = forms.BooleanField(
        label=_("Follow-up within 24 hours arranged"), required=False
    )

    def emergency(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("emergency_contacted") or "")
