"""Forms of the pod pages: which time to book, mark or record. No rules here."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.models import PodBookingStatus
from core import dates
from core.widgets import IsoDateInput


class PodBookForm(forms.Form):
    starts_at = dates.DateTimeField(label=_("Time"), widget=forms.HiddenInput)


class PodDayForm(forms.Form):
    day = dates.DateField(label=_("Day"), required=False, widget=IsoDateInput())


class PodMarkForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (PodBookingStatus.USED, PodBookingStatus.USED.label),
            (PodBookingStatus.NO_SHOW, PodBookingStatus.NO_SHOW.label),
        ],
    )


class WalkInForm(forms.Form):
    starts_at = dates.DateTimeField(label=_("Time"), required=False)
