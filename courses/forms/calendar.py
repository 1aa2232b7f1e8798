"""The expert's calendar forms: block a day, free a day."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import IsoDateInput


class BlockDayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=IsoDateInput)
    note = forms.CharField(
        label=_("Note (optional, seen by the centre)"), max_length=120, required=False
    )


class FreeDayForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
