"""The network in the Django admin, scoped to each administrator's subtree.

Who gets in is decided by network.access, not by Django's model permissions:
a unit or centre administrator (access.Perm.MANAGE_UNITS somewhere) sees the
network models, limited to the subtree its roles reach; everyone else sees
none of them. Objects outside the reach are not found (404), and writes go
through network.services, whose DomainErrors come back as form errors or
admin messages.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotFound
from core.web import attempt, signed_in_user
from network import access, audit, audit_display, services
from network.models import (
    AuditEntry,
    Membership,
    OpeningException,
    OpeningRule,
    OrgUnit,
    PartnerApp,
    PractitionerProfile,
    StationProfile,
    StationService,
    UnitGroup,
)
from network.staff_forms import (
    MembershipGrantForm,
    OrgUnitAdminForm,
    PartnerAppAdminForm,
    PractitionerProfileAdminForm,
    ServiceModelForm,
    StationProfileAdminForm,
)

# The role that opens the network admin at all: unit and centre administrators.
ADMIN_GATE = access.Perm.MANAGE_UNITS
# Set on the request when a service refused a save; see ScopedAdminMixin.changeform_view.
_PENDING_ERROR = "_network_admin_domain_error"


def _adopt(obj: Model, saved: Model) -> None:
    """Make the admin's unsaved `obj` the row a service just created.

    The admin keeps using its own instance afterwards (inline formsets hang
    off it, the success message names it), so it takes over the saved state.
    """
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class ScopeRules:
    """Who may do what with one network model, from network.access.

    perm: the permission that gives access and whose reach limits the rows.
    path_field: the lookup to the tree path that scopes rows (None: not scoped by unit).
    view_needs_root / write_needs_root: only holders of `perm` at the city centre.
    """

    perm: str = access.Perm.MANAGE_UNITS
    path_field: str | None = "path"
    view_needs_root: bool = False
    write_needs_root: bool = False

    def object_path(self, obj: Any) -> str | None:
        """The tree path an object lives at (None: no object-level check)."""
        return None

    def network_allows(self, request: HttpRequest, obj: Any = None, *, write: bool) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if not user.is_superuser and not access.reach_prefixes(user, ADMIN_GATE):
            return False
        prefixes = access.reach_prefixes(user, self.perm)
        if prefixes is None:
            return True
        if not prefixes:
            return False
        needs_root = self.write_needs_root if write else self.view_needs_root
        if needs_root and not access.reaches_whole_network(user, self.perm):
            return False
        path = self.object_path(obj) if obj is not None else None
        return path is None or any(path.startswith(prefix) for prefix in prefixes)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.network_allows(request, write=False)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.network_allows(request, obj, write=False)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # ModelAdmin passes (request); inlines pass (request, parent_obj).
        return self.network_allows(request, args[0] if args else None, write=True)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.network_allows(request, obj, write=True)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.network_allows(request, obj, write=True)


class ScopedAdminMixin(ScopeRules):
    """A ModelAdmin limited to the user's reach, writing through services."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        if not self.has_view_permission(request):
            return qs.none()
        if self.path_field is not None:
            qs = qs.filter(access.scope_q(request.user, self.perm, field=self.path_field))
        return qs

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        # Outside the reach (or no access at all) reads as "not found", never 403 or a redirect.
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is None:
            raise Http404
        return obj

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        if not issubclass(form, ServiceModelForm):
            return form
        bound = {
            "actor": signed_in_user(request),
            "domain_error": getattr(request, _PENDING_ERROR, None),
        }
        return type(form.__name__, (form,), bound)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Run the admin's save; if a service refuses it, show the refusal on the form.

        The refused attempt is rolled back (the admin wraps it in a
        transaction), then the same POST is validated again with the error
        attached, so the form comes back with the user's input and the
        service's message on the fields it names.
        """
        parent = super().changeform_view  # type: ignore[misc]
        try:
            return parent(request, object_id, form_url, extra_context)
        except NotFound as error:
            raise Http404 from error
        except DomainError as error:
            if request.method != "POST" or hasattr(request, _PENDING_ERROR):
                raise
            setattr(request, _PENDING_ERROR, error)
            return parent(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """A refused delete goes back to the list with the refusal as an error message."""
        parent = super().delete_view  # type: ignore[misc]
        outcome = attempt(lambda: parent(request, object_id, extra_context), request=request)
        if outcome.ok:
            return cast(HttpResponse, outcome.value)
        opts = self.model._meta  # type: ignore[attr-defined]
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def run_service(self, request: HttpRequest, call: Any, *args: Any, **kwargs: Any) -> Any:
        """For admin actions: run one service call; a refusal becomes an error message
        and the call returns None. (The rows come from the scoped queryset, so a
        NotFound here is a scope bug and answers 404 rather than a message.)"""
        return attempt(lambda: call(*args, **kwargs), request=request).value


class ScopedInlineMixin(ScopeRules):
    """Inline rows follow their parent object's reach (the parent is already scoped)."""


# --- units and stations ----------------------------------------------------------------


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


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = OrgUnitAdminForm
    list_display = ("tree_name", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
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
            _adopt(obj, created)
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


class AuditedSaveMixin:
    """Admin saves and deletes leave an audit entry naming the changed fields (never values)."""

    audit_action: str  # e.g. "network.group": ".created", ".updated", ".deleted" are added

    def audit_unit(self, obj: Any) -> OrgUnit | None:
        return None

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        audit.record(
            actor=signed_in_user(request),
            action=f"{self.audit_action}.{'updated' if change else 'created'}",
            target=obj,
            unit=self.audit_unit(obj),
            details={"changed": sorted(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            actor=signed_in_user(request),
            action=f"{self.audit_action}.deleted",
            target=obj,
            unit=self.audit_unit(obj),
        )
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(UnitGroup)
class UnitGroupAdmin(AuditedSaveMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Groups are network-wide tags: every administrator uses them, the centre edits them."""

    audit_action = "network.group"
    path_field = None
    write_needs_root = True
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


# --- people ----------------------------------------------------------------------------


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
        _adopt(obj, membership)

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


# --- the audit log and partner apps ----------------------------------------------------


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
        _adopt(obj, app)
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
