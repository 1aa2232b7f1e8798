"""Admin pages of quiz contests (loaded by learning/admin.py).

The centre creates and edits a contest here (window, blueprint, time limit, stagger, prize
rule, status); entries are read-only: they change only through the services.
"""

from __future__ import annotations

from django.contrib import admin

from learning.admin_exams import CentreOnly, ReadOnly
from learning.models import Contest, ContestEntry, ContestLine


class ContestLineInline(CentreOnly, admin.TabularInline):
    model = ContestLine
    extra = 1


@admin.register(Contest)
class ContestAdmin(CentreOnly, admin.ModelAdmin):
    list_display = ("title", "starts_at", "ends_at", "staggered_start", "prize_rule", "status")
    list_filter = ("status", "prize_rule")
    search_fields = ("title",)
    readonly_fields = ("draw_seed",)
    inlines = [ContestLineInline]


@admin.register(ContestEntry)
class ContestEntryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("contest", "nickname", "unit", "opened_at", "submitted_at", "score")
    list_filter = ("contest",)
    list_select_related = ("contest", "unit")
    search_fields = ("nickname",)
    exclude = ("worker",)  # who is behind a nickname shows only in the audited export
