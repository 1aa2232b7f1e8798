from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")
    # Deleted on sign-out by core.privacy (assessments.access.COOKIE_NAME).
    sign_out_cookies = ("xl_result_pass",)

    def ready(self) -> None:
        # Registers the tasks: services send the render task by its name (see
        # assessments.services.reports), never by importing the task module.
        from assessments import tasks  # noqa: F401
        from assessments.services.callbacks import (
            CONTACT_SOURCE_ASSESSMENT,
            CONTACT_SOURCE_LECTURE,
            callback_request_followed,
        )
        from hotline.services import contact_status_subscribe

        # The hotline's queue is where call-backs are handled: taking or closing one
        # there updates the call-back request (one list, never two out of sync).
        contact_status_subscribe(CONTACT_SOURCE_ASSESSMENT, callback_request_followed)
        contact_status_subscribe(CONTACT_SOURCE_LECTURE, callback_request_followed)

        from assessments.models import Instrument, InstrumentVersion
        from core import cache_versions, public_cache

        # The cached instrument list (core.public_cache) ends with any change to one.
        cache_versions.watch(public_cache.INSTRUMENTS, Instrument, InstrumentVersion)

    def staff_links(self, user: "User") -> list[tuple[str, Any]]:
        """The assessments' staff pages this user may open (see core.views.staff_links).

        Call-back requests are handled in the hotline's queue, linked by the hotline."""
        from django.urls import reverse

        from network import access

        pages = [
            (
                access.Perm.VIEW_RISK_COUNTS,
                "staff:assessments:risk_counts",
                _("Risk results per day"),
            ),
        ]
        links = [
            (reverse(name), label)
            for perm, name, label in pages
            if access.holds_anywhere(user, perm)
        ]
        from assessments.selectors.campaigns import may_open_campaigns

        if may_open_campaigns(user):
            links.append((reverse("staff:assessments:campaign_list"), _("Unit assessments")))
        if access.holds_anywhere(user, access.Perm.VIEW_ASSESSMENT_FIGURES):
            links.append((reverse("staff:assessments:figures"), _("Assessment figures")))
        return links
