"""Office hours, exceptions, counselling rooms and pods in the Django admin.

Scoped like the network admin (network.admin.ScopedAdminMixin): a unit or centre
administrator (access.Perm.MANAGE_OFFICE_HOURS) sees and edits only what lies at
stations of its subtree; anything else is not found (404). Choice lists are
limited to the reach, and every save goes through appointments.services.office_hours, which
checks the reach again, records an audit entry and regenerates the counsellor's
slots.

Cases, session notes, follow-ups and referrals are confidential and are
deliberately not registered here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from appointments import services
from appointments.forms.staff import (
    AvailabilityExceptionAdminForm,
    AvailabilityRuleAdminForm,
    PodAdminForm,
    RoomAdminForm,
)
from appointments.models import AvailabilityException, AvailabilityRule, Pod, Room
from appointments.selectors import staff
from appointments.views.people import signed_in
from network import access
from network.admin import ScopedAdminMixin


class OfficeHoursAdmin(ScopedAdminMixin, admin.ModelAdmin):
    perm = access.Perm.MANAGE_OFFICE_HOURS
    path_field: str | None = "station__path"

    def object_path(self, obj: Any) -> str | None:
        return obj.station.path if obj.station_id else None


@admin.register(AvailabilityRule)
class AvailabilityRuleAdmin(OfficeHoursAdmin):
    form = AvailabilityRuleAdminForm
    list_display = (
        "counsellor",
        "station",
        "mode",
        "weekday",
        "start_time",
        "end_time",
        "valid_from",
        "valid_until",
        "is_active",
    )
    list_filter = ("mode", "is_active", "weekday")
    list_select_related = ("counsellor", "station")
    search_fields = ("station__name", "counsellor__email")
    ordering = ("station__path", "weekday", "start_time")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.office_hours_rule_save(actor=signed_in(request), rule=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.office_hours_rule_delete(actor=signed_in(request), rule=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for rule in queryset.select_related("station"):
            self.run_service(
                request, services.office_hours_rule_delete, actor=signed_in(request), rule=rule
            )


@admin.register(AvailabilityException)
class AvailabilityExceptionAdmin(OfficeHoursAdmin):
    """Extra hours belong to their station; leave and holidays to the counsellor."""

    form = AvailabilityExceptionAdminForm
    path_field = None  # scoped below: by station, or by the counsellor's memberships
    list_display = ("counsellor", "date", "kind", "station", "start_time", "end_time")
    list_filter = ("kind",)
    list_select_related = ("counsellor", "station")
    search_fields = ("counsellor__email", "note")
    ordering = ("-date",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        at_station = access.scope_q(request.user, self.perm, field="station__path")
        counsellors = staff.counsellors_in_reach(signed_in(request)).values("pk")
        return qs.filter(at_station | (Q(station__isnull=True) & Q(counsellor_id__in=counsellors)))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.office_hours_exception_save(actor=signed_in(request), exception=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.office_hours_exception_delete(actor=signed_in(request), exception=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for exception in queryset.select_related("station"):
            self.run_service(
                request,
                services.office_hours_exception_delete,
                actor=signed_in(request),
                exception=exception,
            )


@admin.register(Room)
class RoomAdmin(OfficeHoursAdmin):
    form = RoomAdminForm
    list_display = ("name", "station", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("station",)
    search_fields = ("name", "station__name")
    ordering = ("station__path", "name")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: bookings and slots keep pointing at the room

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.room_save(actor=signed_in(request), room=obj)


@admin.register(Pod)
class PodAdmin(OfficeHoursAdmin):
    form = PodAdminForm
    list_display = ("name", "kind", "station", "opens_at", "closes_at", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("station",)
    search_fields = ("name", "station__name")
    ordering = ("station__path", "name")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: pod bookings keep pointing at the pod

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.pod_save(actor=signed_in(request), pod=obj)
