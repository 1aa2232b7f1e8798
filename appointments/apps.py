from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from appointments import models
        from core import cache_versions, public_cache

        # Cached free-slot lists and booking pages (core.public_cache); the bulk writes of
        # slots_regenerate bump the namespace themselves.
        cache_versions.watch(
            public_cache.SLOTS,
            models.Slot,
            models.Booking,
            models.AvailabilityRule,
            models.AvailabilityException,
            models.Room,
            models.Pod,
        )

    def staff_links(self, user: "User") -> list[tuple[str, Any]]:
        """The appointments' staff pages this user may open (see core.views.staff_links)."""
        from django.urls import reverse

        from network import access

        Perm = access.Perm
        pages = [
            ((Perm.COUNSEL,), "staff:appointments:day", _("My day (counselling)")),
            (
                (Perm.COUNSEL, Perm.SUPERVISE_CASES, Perm.VIEW_STATION_SCHEDULE),
                "staff:appointments:overdue_followups",
                _("Overdue follow-ups"),
            ),
            (
                (Perm.VIEW_STATION_SCHEDULE,),
                "staff:appointments:stations",
                _("Station calendars and utilisation"),
            ),
            ((Perm.VIEW_STATION_SCHEDULE,), "staff:appointments:sessions", _("Sessions held")),
            ((Perm.RUN_PODS,), "staff:appointments:pods", _("Pods and relaxation rooms")),
        ]
        links = [
            (reverse(name), label)
            for perms, name, label in pages
            if any(access.holds_anywhere(user, perm) for perm in perms)
        ]
        from appointments.selectors import cases

        # Cases go by memberships only (a superuser without one reads no case).
        if cases.is_counsellor(user) or cases.is_supervisor(user):
            links.insert(1, (reverse("staff:appointments:cases"), _("Cases")))
        return links
