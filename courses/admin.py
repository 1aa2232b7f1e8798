"""The catalogue and the expert pool in the Django admin, for centre-level staff.

Topics are read here and changed through the catalogue spreadsheet (staff site →
course catalogue → import), which checks every row, keeps the search text current and
writes the audit log. Experts (their code, pool, districts and blocked days) are plain
records edited here by those who may manage the catalogue (network.access).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from courses import selectors
from courses.models import (
    BlockedDay,
    Expert,
    ExpertDistrict,
    Order,
    OrderDate,
    OrderEvent,
    Round,
    RoundQuota,
    Topic,
    TopicAudience,
    TopicFormat,
)


class CentreOnly:
    """Open to holders of the catalogue permission at the city centre."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return selectors.may_manage_catalogue(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.may_manage_catalogue(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return selectors.may_manage_catalogue(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.may_manage_catalogue(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.may_manage_catalogue(request.user)


class ReadOnly(CentreOnly):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TopicFormatInline(ReadOnly, admin.TabularInline):
    model = TopicFormat
    extra = 0


class TopicAudienceInline(ReadOnly, admin.TabularInline):
    model = TopicAudience
    extra = 0


@admin.register(Topic)
class TopicAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "title", "category", "length_minutes", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("code", "title")
    exclude = ("search_text",)
    inlines = (TopicFormatInline, TopicAudienceInline)


class ExpertDistrictInline(CentreOnly, admin.TabularInline):
    model = ExpertDistrict
    extra = 0


class BlockedDayInline(CentreOnly, admin.TabularInline):
    model = BlockedDay
    extra = 0


@admin.register(Expert)
class ExpertAdmin(CentreOnly, admin.ModelAdmin):
    list_display = ("code", "name", "unit", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("practitioner", "unit")
    search_fields = ("code", "practitioner__display_name")
    raw_id_fields = ("practitioner",)
    inlines = (ExpertDistrictInline, BlockedDayInline)


# --- ordering rounds and orders: read here, changed through the staff pages' services ----


class RoundsReadOnly:
    """Rounds and orders are read here by centre staff; every change goes through the
    staff pages (courses.services), which check the rules and write the timeline."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return selectors.may_manage_rounds(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.may_manage_rounds(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoundQuotaInline(RoundsReadOnly, admin.TabularInline):
    model = RoundQuota
    extra = 0


@admin.register(Round)
class RoundAdmin(RoundsReadOnly, admin.ModelAdmin):
    list_display = ("year", "opens_on", "closes_on")
    exclude = ("topics",)
    inlines = (RoundQuotaInline,)


class OrderDateInline(RoundsReadOnly, admin.TabularInline):
    model = OrderDate
    extra = 0


class OrderEventInline(RoundsReadOnly, admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ("created_at", "kind", "actor", "partner_app", "reason")
    readonly_fields = ("created_at",)


@admin.register(Order)
class OrderAdmin(RoundsReadOnly, admin.ModelAdmin):
    list_display = ("unit", "district", "first_topic", "status", "created_at")
    list_filter = ("status", "round")
    list_select_related = ("unit", "district", "first_topic")
    search_fields = ("unit__name", "first_topic__title", "first_topic__code")
    # The contact's phone number is personal data: shown masked on the staff page only.
    exclude = ("contact_phone",)
    inlines = (OrderDateInline, OrderEventInline)
