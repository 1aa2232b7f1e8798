"""The outbox in the admin: status and attempts only, never the payload (numbers, texts)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "kind",
        "purpose",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    fields = (
        "kind",
        "purpose",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "queued_at",
        "sent_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
