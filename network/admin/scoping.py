"""What every network-aware admin shares: reach, writes through services, audited saves.

ScopeRules decides access from network.access; ScopedAdminMixin limits the rows to
the reach and brings a service's refusal back onto the form; AuditedSaveMixin audits
plain saves. The admins of other apps (appointments, hotline) build on these.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from core.errors import DomainError, NotFound
from core.web import attempt, signed_in_user
from network import access, audit
from network.forms.staff import ServiceModelForm
from network.models import OrgUnit

# The role that opens the network admin at all: unit and centre administrators.
ADMIN_GATE = access.Perm.MANAGE_UNITS
# Set on the request when a service refused a save; see ScopedAdminMixin.changeform_view.
_PENDING_ERROR = "_network_admin_domain_error"


def adopt(obj: Model, saved: Model) -> None:
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
