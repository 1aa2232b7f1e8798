"""The form to join a waitlist. No rules here (services.waitlist decides)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.forms.bookings import CounsellorChoiceField
from appointments.models import Mode
from appointments.selectors import counsellors
from core import dates
from core.widgets import IsoDateInput
from network.models import Level, OrgUnit


class WaitlistJoinForm(forms.Form):
    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=OrgUnit.objects.filter(
            is_active=True, level__in=(Level.STATION, Level.DISTRICT, Level.ROOM)
        ).order_by("path"),
        to_field_name="public_id",
    )
    day = dates.DateField(label=_("Day"), widget=IsoDateInput())
    counsellor = CounsellorChoiceField(
        label=_("Counsellor"),
        queryset=counsellors.public_counsellors(),
        to_field_name="practitioner__public_id",
        required=False,
        empty_label=_("Any counsellor"),
    )
    mode = forms.ChoiceField(
        label=_("Way of meeting"),
        choices=[("", _("Any way")), *list(Mode.choices)],
        required=False,
    )
