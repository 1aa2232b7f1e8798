from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class LearningConfig(AppConfig):
    """Online library, backbone-staff training with exams and certificates, quiz contests.

    A sibling of `courses` (issue 15): it imports `courses` for lectures and their sign-in,
    never the reverse.
    """

    name = "learning"
    verbose_name = _("Learning")

    def staff_links(self, user: "User") -> list[tuple[str, Any]]:
        """The learning staff pages this user may open (see core.views.staff_links)."""
        from django.urls import reverse

        from learning import selectors

        if selectors.may_manage_bank(user):
            return [(reverse("staff:learning:contests"), _("Quiz contests"))]
        return []
