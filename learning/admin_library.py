"""Admin pages of the online library (loaded by learning/admin.py).

Items are edited here by the centre's catalogue managers; saving goes through
`learning.services.item_save` (the article's HTML sanitised, the media checked, audited).
Premium courses are scheduled on the staff page; counters are read-only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from courses.services import Audience
from learning import services
from learning.admin_exams import CentreOnly, ReadOnly
from learning.models import ItemDailyViews, LibraryItem, PremiumCourse


class LibraryItemForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("audiences"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    external_url = forms.URLField(
        label=_("external video address"),
        required=False,
        assume_scheme="https",
        help_text=_("Only https addresses; instead of an uploaded video file."),
    )

    class Meta:
        model = LibraryItem
        fields = [
            *("kind", "title", "summary", "body", "category", "audiences", "duration_minutes"),
            *("cover", "media_file", "external_url", "publish_from", "publish_until", "status"),
        ]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        for field, problems in services.item_problems(self.instance).items():
            target = field if field in self.fields else None
            for problem in problems:
                if target is None or target not in self.errors:
                    self.add_error(target, problem)


@admin.register(LibraryItem)
class LibraryItemAdmin(CentreOnly, admin.ModelAdmin):
    form = LibraryItemForm
    list_display = ("title", "kind", "category", "status", "publish_from", "publish_until")
    list_filter = ("kind", "category", "status")
    search_fields = ("title", "summary")
    readonly_fields = ("published_by", "published_at")
    actions = ["publish", "withdraw"]

    def save_model(self, request: HttpRequest, obj: LibraryItem, form: Any, change: bool) -> None:
        services.item_save(actor=request.user, item=obj)

    @admin.action(description=_("Publish the selected items"))
    def publish(self, request: HttpRequest, queryset: Any) -> None:
        for item in queryset:
            services.item_publish(actor=request.user, item=item)
        messages.success(request, _("Published."))

    @admin.action(description=_("Withdraw the selected items"))
    def withdraw(self, request: HttpRequest, queryset: Any) -> None:
        for item in queryset:
            services.item_withdraw(actor=request.user, item=item)
        messages.success(request, _("Withdrawn."))


@admin.register(PremiumCourse)
class PremiumCourseAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("year", "month", "order", "item")
    list_filter = ("year", "month")
    list_select_related = ("item",)


@admin.register(ItemDailyViews)
class ItemDailyViewsAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("day", "item", "count")
    list_select_related = ("item",)
    date_hierarchy = "day"
