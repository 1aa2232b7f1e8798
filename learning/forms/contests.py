"""The contest entry form: a nickname for the leaderboard and, optionally, one's unit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learning.models import NICKNAME_MAX
from network.models import OrgUnit


class ContestEnterForm(forms.Form):
    nickname = forms.CharField(
        label=_("Nickname on the leaderboard"),
        max_length=NICKNAME_MAX,
        help_text=_("2 to 16 characters; no phone numbers or web addresses. Only this is shown."),
    )
    unit = forms.ModelChoiceField(
        label=_("Your unit (optional)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Counts towards the leaderboard of units; never shown next to your nickname."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = OrgUnit.objects.active().exclude(parent__isnull=True).order_by("path")
