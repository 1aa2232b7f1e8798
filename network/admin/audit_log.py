"""The audit log in the admin: read-only, who acted shown as audit_display decides."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.web import signed_in_user
from network import access, audit_display
from network.admin.scoping import ScopedAdminMixin
from network.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only for everyone, superusers included: the log is append-only."""

    perm = access.Perm.VIEW_AUDIT
    path_field = "unit_path"
    # Who acted is shown as audit_display decides (a worker's pseudonym to most
    # viewers), never the raw actor; the actor is no search or filter field.
    list_display = ("created_at", "who", "what", "unit", "target_type")
    list_filter = ("action", ("created_at", admin.DateFieldListFilter))
    list_select_related = ("actor", "partner_app", "unit")
    search_fields = ("action",)
    fields = (
        "created_at",
        "who",
        "what",
        "action",
        "unit",
        "unit_path",
        "target_type",
        "target_id",
    )
    readonly_fields = fields

    def object_path(self, obj: Any) -> str | None:
        return obj.unit_path

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        self._label(request, list(changelist.result_list))
        return changelist

    def _label(self, request: HttpRequest, entries: list[AuditEntry]) -> None:
        for row in audit_display.audit_rows(signed_in_user(request), entries):
            row.entry._shown = row  # type: ignore[attr-defined]

    def _shown(self, obj: AuditEntry) -> audit_display.AuditRow:
        # Labelled per request (the admin instance is shared between threads).
        return obj._shown  # type: ignore[attr-defined,no-any-return]

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        self._label(request, [obj])
        return obj

    @admin.display(description=_("who"))
    def who(self, obj: AuditEntry) -> str:
        return self._shown(obj).who

    @admin.display(description=_("what was done"))
    def what(self, obj: AuditEntry) -> str:
        return self._shown(obj).what

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
