from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = _("Hotline")

    def staff_links(self, user: "User") -> list[tuple[str, Any]]:
        """The hotline's staff pages this user may open (see core.views.staff_links)."""
        from django.urls import reverse

        from hotline.selectors.cases import may_see_counts
        from network import access

        counts = [(reverse("staff:hotline:counts"), _("Hotline: counts (no narratives)"))]
        if not access.holds_anywhere(user, access.Perm.HOTLINE_OPERATE):
            return counts if may_see_counts(user) else []
        return [
            (reverse("staff:hotline:lines"), _("Hotline: calls, queue and roster")),
            (reverse("staff:hotline:queue"), _("Hotline: contact requests and call-backs")),
            (reverse("staff:hotline:petition_visits"), _("Hotline: petition desk visits")),
            *counts,
        ]
