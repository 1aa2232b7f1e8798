from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """Workers sign up with a mobile number, an e-mail address, or both."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            raise forms.ValidationError(
                _("Give a mobile number or an e-mail address, so you can sign in again."),
                code="contact_required",
            )
        return cleaned


class NicknameForm(forms.Form):
    nickname = forms.CharField(
        label=_("What should we call you?"),
        max_length=40,
        required=False,
        help_text=_("For example 小王 or 王师傅. Leave it empty to be addressed by your name."),
    )
