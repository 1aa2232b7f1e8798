"""The confirmation step of an irreversible action (cancel a booking, end a campaign).

The action's page shows what will happen and a required checkbox; the POST that does
it is refused (400, the page again) unless the box is ticked. It works without
JavaScript, and a stray or replayed POST without the box changes nothing.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I understand this cannot be undone."),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )
