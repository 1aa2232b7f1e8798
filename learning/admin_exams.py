"""Admin pages of the question bank and exams (loaded by learning/admin.py).

Questions and exams are plain records the centre edits here (the bulk path is the
spreadsheet import); attempts are read-only: they change only through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from learning.models import Attempt, BlueprintLine, Exam, Option, PaperQuestion, Question
from learning.selectors import may_manage_bank


class CentreOnly:
    """Open to holders of the catalogue permission at the city centre."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_manage_bank(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage_bank(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_manage_bank(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage_bank(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage_bank(request.user)


class ReadOnly(CentreOnly):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OptionInline(CentreOnly, admin.TabularInline):
    model = Option
    extra = 2
    max_num = 6


@admin.register(Question)
class QuestionAdmin(CentreOnly, admin.ModelAdmin):
    list_display = ("code", "kind", "category", "difficulty", "times_used", "is_active")
    list_filter = ("kind", "category", "difficulty", "is_active")
    search_fields = ("code", "text")
    readonly_fields = ("times_used",)
    inlines = [OptionInline]


class BlueprintInline(CentreOnly, admin.TabularInline):
    model = BlueprintLine
    extra = 1


@admin.register(Exam)
class ExamAdmin(CentreOnly, admin.ModelAdmin):
    list_display = ("title", "opens_at", "closes_at", "time_limit_minutes", "pass_mark_percent")
    inlines = [BlueprintInline]


class PaperQuestionInline(ReadOnly, admin.TabularInline):
    model = PaperQuestion
    extra = 0
    fields = ("position", "question", "is_correct", "answered_at")
    readonly_fields = fields


@admin.register(Attempt)
class AttemptAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("exam", "worker", "number", "started_at", "submitted_at", "score", "passed")
    list_filter = ("exam", "passed")
    list_select_related = ("exam", "worker")
    inlines = [PaperQuestionInline]
