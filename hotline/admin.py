"""The roster in the Django admin, scoped to the lines a hotline supervisor reaches.

Hotline supervisors (access.Perm.HOTLINE_SUPERVISE) see the lines of their subtree and
set up their templates and rolling patterns; writes go through hotline.services, whose
refusals come back on the form (network.admin.ScopedAdminMixin). Shifts, swap requests
and welfare events are read-only here: they change through the roster's own pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from hotline import services
from hotline.models import (
    CallTopic,
    EscalationChain,
    EscalationStep,
    Line,
    PatternAssignment,
    PatternEntry,
    RosterPattern,
    Shift,
    ShiftAssignment,
    ShiftTemplate,
    SwapRequest,
    WelfareEvent,
)
from network import access
from network.access import Viewer
from network.admin import ScopedAdminMixin, ScopedInlineMixin
from network.forms.staff import ServiceModelForm

PERM = access.Perm.HOTLINE_SUPERVISE


def _allows(request: HttpRequest, path: str | None) -> bool:
    """A hotline supervisor (or a superuser) whose reach holds `path` (None: any)."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    prefixes = access.reach_prefixes(user, PERM)
    if prefixes is None:
        return True
    return bool(prefixes) and (path is None or any(path.startswith(p) for p in prefixes))


class HotlineScope(ScopedAdminMixin):
    """Gated and scoped by HOTLINE_SUPERVISE instead of the network admin's gate."""

    perm = PERM
    path_field: str | None = "line__unit__path"

    def network_allows(self, request: HttpRequest, obj: Any = None, *, write: bool) -> bool:
        return _allows(request, self.object_path(obj) if obj is not None else None)

    def object_path(self, obj: Any) -> str | None:
        return services.roster_line_of(obj).unit.path if obj is not None else None

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        scoped = _scoped_choices(db_field.name, request.user)
        if field is not None and scoped is not None:
            field.queryset = scoped
        return field

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.roster_setup_save(actor=request.user, obj=obj)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.roster_setup_delete(actor=request.user, obj=obj)  # type: ignore[arg-type]


def _scoped_choices(name: str, user: Viewer) -> QuerySet[Any] | None:
    scope = access.scope_q(user, PERM, field="unit__path")
    lines = Line.objects.filter(scope)
    return {
        "unit": access.units_visible_to(user, PERM),
        "line": lines,
        "template": ShiftTemplate.objects.filter(line__in=lines),
        "pattern": RosterPattern.objects.filter(line__in=lines),
    }.get(name)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LineForm(ServiceModelForm):
    class Meta:
        model = Line
        fields = [
            "unit",
            "name",
            "number",
            "min_operators",
            "min_supervisors",
            "night_starts",
            "night_ends",
            "night_shift_limit",
            "lead",
            "is_active",
        ]


@admin.register(Line)
class LineAdmin(HotlineScope, admin.ModelAdmin):
    form = LineForm
    path_field = "unit__path"
    list_display = ("name", "number", "unit", "min_operators", "min_supervisors", "is_active")
    list_select_related = ("unit",)


class TemplateForm(ServiceModelForm):
    class Meta:
        model = ShiftTemplate
        fields = ["line", "name", "starts", "ends"]


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(HotlineScope, admin.ModelAdmin):
    form = TemplateForm
    list_display = ("name", "line", "starts", "ends")
    list_select_related = ("line",)


class PatternForm(ServiceModelForm):
    class Meta:
        model = RosterPattern
        fields = ["line", "name", "cycle_weeks", "anchor", "valid_from", "valid_until", "is_active"]


@admin.register(RosterPattern)
class RosterPatternAdmin(HotlineScope, admin.ModelAdmin):
    form = PatternForm
    list_display = ("name", "line", "cycle_weeks", "valid_from", "valid_until", "is_active")
    list_select_related = ("line",)


class HotlineInline(ScopedInlineMixin):
    """Inline rows follow their (already scoped) parent's line."""

    def network_allows(self, request: HttpRequest, obj: Any = None, *, write: bool) -> bool:
        return _allows(request, None)


class PatternAssignmentInline(HotlineInline, admin.TabularInline):
    model = PatternAssignment
    extra = 1


class EntryForm(ServiceModelForm):
    class Meta:
        model = PatternEntry
        fields = ["pattern", "week", "weekday", "template"]


@admin.register(PatternEntry)
class PatternEntryAdmin(HotlineScope, admin.ModelAdmin):
    form = EntryForm
    path_field = "pattern__line__unit__path"
    list_display = ("pattern", "week", "weekday", "template")
    list_select_related = ("pattern", "template")
    inlines = (PatternAssignmentInline,)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # The people of a pattern shift go through the service one by one (eligibility).
        for row in formset.save(commit=False):
            services.roster_setup_save(actor=request.user, obj=row)  # type: ignore[arg-type]
        for row in formset.deleted_objects:
            services.roster_setup_delete(actor=request.user, obj=row)  # type: ignore[arg-type]


class EscalationStepInline(HotlineInline, admin.TabularInline):
    model = EscalationStep
    fields = ("position", "target", "user", "wait_minutes")
    extra = 1


class ChainForm(ServiceModelForm):
    class Meta:
        model = EscalationChain
        fields = ["line"]


@admin.register(EscalationChain)
class EscalationChainAdmin(HotlineScope, admin.ModelAdmin):
    """A line's crisis escalation chain; a running incident keeps the chain it began with."""

    form = ChainForm
    list_display = ("line", "updated_at")
    list_select_related = ("line",)
    inlines = (EscalationStepInline,)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for row in formset.save(commit=False):
            services.roster_setup_save(actor=request.user, obj=row)  # type: ignore[arg-type]
        for row in formset.deleted_objects:
            services.roster_setup_delete(actor=request.user, obj=row)  # type: ignore[arg-type]


class ShiftAssignmentInline(ReadOnly, HotlineInline, admin.TabularInline):
    model = ShiftAssignment
    extra = 0


@admin.register(Shift)
class ShiftAdmin(ReadOnly, HotlineScope, admin.ModelAdmin):
    list_display = ("line", "starts_at", "ends_at", "kind", "label", "cancelled")
    list_filter = ("kind", "cancelled")
    list_select_related = ("line",)
    inlines = (ShiftAssignmentInline,)

    def object_path(self, obj: Any) -> str | None:
        return obj.line.unit.path if obj is not None else None


@admin.register(SwapRequest)
class SwapRequestAdmin(ReadOnly, HotlineScope, admin.ModelAdmin):
    list_display = ("line", "requester", "colleague", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("line", "requester", "colleague")

    def object_path(self, obj: Any) -> str | None:
        return obj.line.unit.path if obj is not None else None


@admin.register(WelfareEvent)
class WelfareEventAdmin(ReadOnly, HotlineScope, admin.ModelAdmin):
    list_display = ("line", "person", "kind", "occurred_at")
    list_select_related = ("line", "person")

    def object_path(self, obj: Any) -> str | None:
        return obj.line.unit.path if obj is not None else None


class CallTopicForm(ServiceModelForm):
    class Meta:
        model = CallTopic
        fields = ["code", "name", "position", "is_active"]


@admin.register(CallTopic)
class CallTopicAdmin(admin.ModelAdmin):
    """The editable topic list of the call form: hotline supervisors add, rename, reorder
    and retire topics (retire, not delete: logged calls keep theirs)."""

    form = CallTopicForm
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]

    def _supervises(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff) and access.holds_anywhere(user, PERM)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._supervises(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._supervises(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._supervises(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._supervises(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.call_topic_save(actor=request.user, topic=obj)  # type: ignore[arg-type]
