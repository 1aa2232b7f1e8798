"""Units, their station profiles (services, opening hours) and unit groups in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.query_params import uuid_or_none
from core.web import signed_in_user
from network import access, audit, services
from network.admin.scoping import AuditedSaveMixin, ScopedAdminMixin, ScopedInlineMixin, adopt
from network.forms.staff import OrgUnitAdminForm, StationProfileAdminForm
from network.models import (
    Level,
    OpeningException,
    OpeningRule,
    OrgUnit,
    StationProfile,
    StationService,
    UnitGroup,
)


class StationProfileInline(ScopedInlineMixin, admin.StackedInline):
    model = StationProfile
    extra = 0
    max_num = 1
    show_change_link = True
    verbose_name_plural = _("station profile (edit opening hours on its own page)")
    fields = (
        "address",
        ("lat", "lng"),
        "phone",
        "open_24h",
        ("has_counselling_room", "has_relief_area", "has_regulation_pod", "has_group_room"),
        ("host_kind", "host_name"),
        ("employer_name", "employer_workers"),
        "description",
    )

    def object_path(self, obj: Any) -> str | None:
        return obj.path  # the parent OrgUnit


class WithinFilter(admin.SimpleListFilter):
    """`?within=<public id>`: a unit and its subtree (the KPI dashboard's active-unit
    counts link here). The choices are the districts and the unit asked for; the rows stay
    limited to the viewer's reach by the admin's queryset."""

    title = _("unit and its subtree")
    parameter_name = "within"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        asked = uuid_or_none(self.value())
        units = OrgUnit.objects.filter(Q(level=Level.DISTRICT) | Q(public_id=asked))
        units = units.filter(access.scope_q(request.user, model_admin.perm, field="path"))
        return [(str(u.public_id), u.name) for u in units.order_by("path")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
        if self.value() is None:
            return queryset
        asked = uuid_or_none(self.value())
        units = OrgUnit.objects.filter(public_id=asked) if asked else OrgUnit.objects.none()
        path = units.values_list("path", flat=True).first()
        return queryset.filter(path__startswith=path) if path else queryset.none()


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = OrgUnitAdminForm
    list_display = ("tree_name", "level", "parent", "is_active")
    list_filter = ("level", "is_active", WithinFilter)
    list_select_related = ("parent",)
    search_fields = ("name",)
    ordering = ("path",)
    filter_horizontal = ("groups",)
    inlines = (StationProfileInline,)
    actions = ("deactivate", "reactivate")

    def object_path(self, obj: Any) -> str | None:
        return obj.path

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # units are deactivated, never deleted: their history stays

    @admin.display(description=_("name"), ordering="path")
    def tree_name(self, obj: OrgUnit) -> str:
        return "— " * obj.depth + obj.name

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        if obj is None:
            return ["name", "level", "parent", "groups"]
        return ["name", "level", "parent", "is_active", "deactivated_at", "groups", "public_id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        readonly = ["level", "deactivated_at", "public_id"]
        # The top of one's own reach stays where it is: its parent lies outside.
        if obj.parent is None or not access.can(request.user, self.perm, obj.parent):
            readonly.append("parent")
        return readonly

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        actor = signed_in_user(request)
        if not change:
            created = services.unit_create(
                actor=actor, name=obj.name, level=obj.level, parent=obj.parent
            )
            adopt(obj, created)
            return
        changed = set(form.changed_data)
        unit = obj
        if "name" in changed:
            unit = services.unit_rename(actor=actor, unit=unit, name=form.cleaned_data["name"])
        if "parent" in changed:
            unit = services.unit_move(
                actor=actor, unit=unit, new_parent=form.cleaned_data["parent"]
            )
        if "is_active" in changed:
            unit = OrgUnit.objects.select_related("parent").get(pk=obj.pk)
            services.unit_set_active(actor=actor, unit=unit, active=form.cleaned_data["is_active"])
        obj.refresh_from_db()

    def _set_active(self, request: HttpRequest, queryset: QuerySet[OrgUnit], active: bool) -> int:
        done = 0
        for unit in queryset.select_related("parent"):
            unit.refresh_from_db()  # an earlier one may have deactivated this subtree
            if unit.is_active == active:
                continue
            if self.run_service(
                request,
                services.unit_set_active,
                actor=signed_in_user(request),
                unit=unit,
                active=active,
            ):
                done += 1
        return done

    @admin.action(
        description=_("Deactivate selected units (and their subtrees)"), permissions=["change"]
    )
    def deactivate(self, request: HttpRequest, queryset: QuerySet[OrgUnit]) -> None:
        done = self._set_active(request, queryset, active=False)
        self.message_user(
            request, gettext("%(count)s unit(s) deactivated.") % {"count": done}, messages.SUCCESS
        )

    @admin.action(description=_("Reactivate selected units"), permissions=["change"])
    def reactivate(self, request: HttpRequest, queryset: QuerySet[OrgUnit]) -> None:
        done = self._set_active(request, queryset, active=True)
        self.message_user(
            request, gettext("%(count)s unit(s) reactivated.") % {"count": done}, messages.SUCCESS
        )


class StationPartInline(ScopedInlineMixin, admin.TabularInline):
    """Rows belonging to a station profile: its services, hours and exceptions."""

    extra = 0

    def object_path(self, obj: Any) -> str | None:
        return obj.unit.path  # the parent StationProfile


class StationServiceInline(StationPartInline):
    model = StationService


class OpeningRuleInline(StationPartInline):
    model = OpeningRule


class OpeningExceptionInline(StationPartInline):
    model = OpeningException


@admin.register(StationProfile)
class StationProfileAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = StationProfileAdminForm
    path_field = "unit__path"
    list_display = ("unit", "address", "host_kind", "open_24h")
    list_filter = ("host_kind", "open_24h", "unit__level")
    list_select_related = ("unit",)
    search_fields = ("unit__name", "address", "host_name", "employer_name")
    ordering = ("unit__path",)
    inlines = (StationServiceInline, OpeningRuleInline, OpeningExceptionInline)

    def object_path(self, obj: Any) -> str | None:
        return obj.unit.path

    def get_queryset(self, request: HttpRequest) -> QuerySet[StationProfile]:
        return super().get_queryset(request).select_related("unit")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["unit"] if obj is not None else []

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Every edit of a station's profile, services or hours leaves an audit entry."""
        super().save_related(request, form, formsets, change)
        changed = list(form.changed_data) + [
            formset.model._meta.model_name for formset in formsets if formset.has_changed()
        ]
        if changed or not change:
            audit.record(
                actor=signed_in_user(request),
                action="network.station.updated" if change else "network.station.created",
                target=form.instance,
                unit=form.instance.unit,
                details={"changed": sorted(changed)},
            )


@admin.register(UnitGroup)
class UnitGroupAdmin(AuditedSaveMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Groups are network-wide tags: every administrator uses them, the centre edits them."""

    audit_action = "network.group"
    path_field = None
    write_needs_root = True
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
