"""Partner apps in the admin: centre administrators only; keys shown once."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.web import signed_in_user
from network import access, services
from network.admin.scoping import ScopedAdminMixin, adopt
from network.forms.staff import PartnerAppAdminForm
from network.models import PartnerApp


@admin.register(PartnerApp)
class PartnerAppAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Centre administrators only. The plain key is shown once, after create or rotate."""

    form = PartnerAppAdminForm
    perm = access.Perm.MANAGE_PARTNER_APPS
    path_field = None
    view_needs_root = True
    write_needs_root = True
    list_display = ("name", "key_prefix", "unit", "is_active", "last_used_at", "rotated_at")
    list_filter = ("is_active",)
    list_select_related = ("unit",)
    search_fields = ("name", "key_prefix")
    actions = ("rotate_key", "revoke")
    readonly_fields = (
        "key_prefix",
        "is_active",
        "created_at",
        "rotated_at",
        "revoked_at",
        "last_used_at",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the audit log keeps pointing at the app

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        editable = ["name", "scopes", "unit", "throttle_rate"]
        return editable if obj is None else [*editable, *self.readonly_fields]

    def save_model(self, request: HttpRequest, obj: PartnerApp, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.partner_app_update(
                actor=signed_in_user(request),
                app=obj,
                name=data["name"],
                scopes=list(data["scopes"]),
                unit=data["unit"],
                throttle_rate=data["throttle_rate"],
            )
            obj.refresh_from_db()
            return
        app, key = services.partner_app_create(
            actor=signed_in_user(request),
            name=data["name"],
            scopes=list(data["scopes"]),
            unit=data["unit"],
            throttle_rate=data["throttle_rate"],
        )
        adopt(obj, app)
        self._show_key(request, app, key)

    def _show_key(self, request: HttpRequest, app: PartnerApp, key: str) -> None:
        messages.success(
            request,
            gettext("The key of %(name)s is %(key)s — copy it now: it is shown only this once.")
            % {"name": app.name, "key": key},
        )

    @admin.action(
        description=_("Rotate the key of selected apps (shows each new key once)"),
        permissions=["change"],
    )
    def rotate_key(self, request: HttpRequest, queryset: QuerySet[PartnerApp]) -> None:
        for app in queryset.filter(is_active=True):
            key = self.run_service(
                request, services.partner_app_rotate, actor=signed_in_user(request), app=app
            )
            if key:
                self._show_key(request, app, key)

    @admin.action(description=_("Revoke selected apps"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[PartnerApp]) -> None:
        done = 0
        for app in queryset.filter(is_active=True):
            if self.run_service(
                request, services.partner_app_revoke, actor=signed_in_user(request), app=app
            ):
                done += 1
        self.message_user(
            request, gettext("%(count)s app(s) revoked.") % {"count": done}, messages.SUCCESS
        )
