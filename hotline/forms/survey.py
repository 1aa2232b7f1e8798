"""The satisfaction survey's form (checked again by hotline.services.survey_answer)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hotline.services import SurveyData
from hotline.services.survey import COMMENT_MAX

HELPED_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class SurveyForm(forms.Form):
    helped = forms.TypedChoiceField(
        label=_("Did we help you? (1 = not at all, 5 = very much)"),
        choices=HELPED_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    would_call_again = forms.ChoiceField(
        label=_("Would you call the hotline again?"), choices=YES_NO, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        help_text=_("Please do not write your name or number: the survey is anonymous."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX}),
    )

    def to_data(self) -> SurveyData:
        data = self.cleaned_data
        return SurveyData(
            helped=data.get("helped"),
            would_call_again=data.get("would_call_again") == "yes",
            comment=data.get("comment") or "",
        )
