"""Forms of the petition desk: a visit day, a case heard, a legal aid outcome.
The services check the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from hotline.models import HearingCategory, LegalAidOutcome

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class VisitForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("From"), widget=TIME)
    ends = forms.TimeField(label=_("To"), widget=TIME)
    people_counselled = forms.IntegerField(
        label=_("People counselled one to one"), min_value=0, initial=0
    )


class VisitLogForm(VisitForm):
    """A supervisor also chooses whose visit it is (`people`: the line's counsellors)."""

    counsellor = forms.ModelChoiceField(
        label=_("Counsellor (if not you)"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["counsellor"]
        else:
            cast(forms.ModelChoiceField, self.fields["counsellor"]).queryset = people


class HearingForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=HearingCategory.choices)
    summary = forms.CharField(label=_("Short summary"), widget=forms.Textarea, max_length=2000)
    one_to_one = forms.BooleanField(label=_("Counselled one to one"), required=False)
    refer_legal_aid = forms.BooleanField(label=_("Refer to the union's legal aid"), required=False)


class LegalAidOutcomeForm(forms.Form):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=LegalAidOutcome.choices)
    amount = forms.DecimalField(
        label=_("Amount recovered (yuan, optional)"),
        max_digits=12,
        decimal_places=2,
        required=False,
    )
