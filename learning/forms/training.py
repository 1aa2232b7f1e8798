"""Training forms: enrolling (a worker themselves, or an administrator for a person),
revoking a certificate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.phone import phone_normalise_or_none
from network.models import OrgUnit


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class SelfEnrolForm(forms.Form):
    unit = UnitChoiceField(label=_("Your unit"), queryset=OrgUnit.objects.none())
    sign_in_name = forms.CharField(
        label=_("Your name on the sign-in sheet"),
        max_length=40,
        help_text=_("Sign in at every lecture with this name and unit: that is how we count you."),
    )
    sign_in_unit_name = forms.CharField(
        label=_("Unit as you write it at sign-in"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to use the unit's name."),
    )
    employee_number = forms.CharField(label=_("Employee number"), max_length=40, required=False)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class StaffEnrolForm(SelfEnrolForm):
    person = forms.CharField(
        label=_("E-mail or mobile number"),
        max_length=120,
        help_text=_("The person's account on the portal."),
    )

    field_order = ["person", "unit", "sign_in_name", "sign_in_unit_name", "employee_number"]

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        self.fields["unit"].label = _("The person's unit")
        self.fields["sign_in_name"].label = _("Name on the sign-in sheet")

    def clean_person(self) -> User:
        value = self.cleaned_data["person"].strip()
        phone = phone_normalise_or_none(value) if "@" not in value else None
        match = Q(email__iexact=value) if "@" in value else Q(phone=phone or "-")
        person = User.objects.filter(match, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("No active account has this e-mail or mobile number."))
        return person


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
