"""Forms of the appointments staff pages and admin: they parse input and limit choice
lists to the actor's reach; the rules live in services.office_hours."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.models import AvailabilityException, AvailabilityRule, Pod, Room
from appointments.selectors import staff
from appointments.selectors.counsellors import counsellor_name
from core import dates
from network import access
from network.forms.staff import ServiceModelForm, UnitChoiceField
from network.models import Level


class MeetingLinkForm(forms.Form):
    link = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_(
            "The https:// address of the video meeting. The worker gets it by SMS and e-mail."
        ),
    )


class WeekForm(forms.Form):
    week = dates.DateField(label=_("Week of"), required=False)


class CounsellorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = counsellor_name(obj)
        return f"{name} ({obj.email})" if obj.email else name


def _stations(actor: User) -> Any:
    return (
        access.units_visible_to(actor, access.Perm.MANAGE_OFFICE_HOURS)
        .filter(is_active=True, level__in=[Level.STATION, Level.ROOM])
        .order_by("path")
    )


class _OfficeHoursForm(ServiceModelForm):
    """Station, counsellor and room choices limited to the actor's reach."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.actor
        stations = _stations(actor)
        if "station" in self.fields:
            self.fields["station"].queryset = stations  # type: ignore[attr-defined]
        if "counsellor" in self.fields:
            self.fields["counsellor"].queryset = (  # type: ignore[attr-defined]
                staff.counsellors_in_reach(actor).select_related("practitioner").order_by("email")
            )
        if "room" in self.fields:
            self.fields["room"].queryset = (  # type: ignore[attr-defined]
                Room.objects.filter(station__in=stations, is_active=True)
                .select_related("station")
                .order_by("station__path", "name")
            )


class AvailabilityRuleAdminForm(_OfficeHoursForm):
    class Meta:
        model = AvailabilityRule
        fields = [
            "counsellor",
            "station",
            "mode",
            "room",
            "recurrence",
            "weekday",
            "weeks_of_month",
            "start_time",
            "end_time",
            "slot_minutes",
            "buffer_minutes",
            "horizon_days",
            "valid_from",
            "valid_until",
            "is_active",
        ]
        field_classes = {"station": UnitChoiceField, "counsellor": CounsellorChoiceField}


class AvailabilityExceptionAdminForm(_OfficeHoursForm):
    class Meta:
        model = AvailabilityException
        fields = [
            "counsellor",
            "date",
            "kind",
            "station",
            "mode",
            "room",
            "start_time",
            "end_time",
            "slot_minutes",
            "buffer_minutes",
            "note",
        ]
        field_classes = {"station": UnitChoiceField, "counsellor": CounsellorChoiceField}


class RoomAdminForm(_OfficeHoursForm):
    class Meta:
        model = Room
        fields = ["station", "name", "is_active"]
        field_classes = {"station": UnitChoiceField}


class PodAdminForm(_OfficeHoursForm):
    class Meta:
        model = Pod
        fields = ["station", "kind", "name", "weekdays", "opens_at", "closes_at", "is_active"]
        field_classes = {"station": UnitChoiceField}
