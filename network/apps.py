from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the models are not ready when Django imports this module
    from django_stubs_ext import StrOrPromise

    from network.access import Viewer


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Service network")

    def ready(self) -> None:
        from core import cache_versions, public_cache
        from network import models

        # Cached station searches and pages (core.public_cache) end with any change to what
        # they show; the slot lists name stations and counsellors, so they end too.
        cache_versions.watch(
            public_cache.STATIONS,
            models.OrgUnit,
            models.UnitGroup,
            models.StationProfile,
            models.StationService,
            models.OpeningRule,
            models.OpeningException,
            models.PractitionerProfile,
            models.Membership,
        )

    def staff_links(self, user: Viewer) -> list[tuple[str, StrOrPromise]]:
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
