from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Service network")

    def staff_links(self, user: Any) -> list[tuple[str, Any]]:
        """The network's staff pages this user may open (see core.views.staff_links)."""
        from django.urls import reverse

        from network import access

        pages = [
            (access.Perm.VIEW_AUDIT, "staff:network:audit", _("Audit log")),
            (access.Perm.VIEW_COVERAGE, "staff:network:coverage", _("Coverage")),
        ]
        return [
            (reverse(name), label)
            for perm, name, label in pages
            if access.holds_anywhere(user, perm)
        ]
