"""Roles (memberships) and counsellors' and experts' profiles in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from core.web import signed_in_user
from network import access, services
from network.admin.scoping import AuditedSaveMixin, ScopedAdminMixin, adopt
from network.forms.staff import MembershipGrantForm, PractitionerProfileAdminForm
from network.models import Membership, PractitionerProfile


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Roles are granted and revoked, never edited: a change is a revoke and a grant."""

    perm = access.Perm.MANAGE_MEMBERS
    path_field = "unit__path"
    list_display = ("user", "role", "unit", "granted_at", "granted_by")
    list_filter = ("role",)
    list_select_related = ("user", "unit", "granted_by")
    search_fields = ("user__email", "unit__name")
    ordering = ("unit__path", "role")

    def object_path(self, obj: Any) -> str | None:
        return obj.unit.path

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or obj.role in access.grantable_roles(request.user, obj.unit)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("user", "unit", "granted_by")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        if obj is None:
            kwargs["form"] = MembershipGrantForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        if obj is None:
            return ["user", "unit", "role"]
        return ["user", "unit", "role", "granted_at", "granted_by"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        membership = services.membership_grant(
            actor=signed_in_user(request),
            user=form.cleaned_data["user"],
            unit=form.cleaned_data["unit"],
            role=form.cleaned_data["role"],
        )
        adopt(obj, membership)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.membership_revoke(actor=signed_in_user(request), membership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("unit"):
            self.run_service(
                request,
                services.membership_revoke,
                actor=signed_in_user(request),
                membership=membership,
            )


@admin.register(PractitionerProfile)
class PractitionerProfileAdmin(AuditedSaveMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Profiles of people holding a role in the administrator's reach."""

    audit_action = "network.practitioner"
    form = PractitionerProfileAdminForm
    perm = access.Perm.MANAGE_MEMBERS
    path_field = None  # scoped through the person's memberships, below
    list_display = ("display_name", "user", "qualification", "is_public")
    list_filter = ("qualification", "is_public")
    list_select_related = ("user",)
    search_fields = ("display_name", "user__email")

    def get_queryset(self, request: HttpRequest) -> QuerySet[PractitionerProfile]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        in_reach = Membership.objects.filter(
            access.scope_q(request.user, self.perm, field="unit__path")
        ).values("user_id")
        return qs.filter(user_id__in=in_reach)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["user"] if obj is not None else []
