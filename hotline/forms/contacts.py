"""Forms of the contact-request queue: give a request to someone, close it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from hotline.models import ContactOutcome


class ContactAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Give to"), queryset=User.objects.none())

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = people


class ContactCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    survey_consent = forms.BooleanField(
        label=_("The caller agrees to get a short anonymous survey by SMS"), required=False
    )
