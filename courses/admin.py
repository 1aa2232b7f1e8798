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
from courses.models import BlockedDay, Expert, ExpertDistrict, Topic, TopicAudience, TopicFormat


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
