"""The question-bank upload form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Question bank spreadsheet (.xlsx)"),
        help_text=_("The first sheet, with the export's header row. At most 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
