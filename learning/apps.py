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

        links: list[tuple[str, Any]] = []
        if selectors.may_manage_library(user):
            links.append((reverse("staff:learning:library_items"), _("Online library")))
            links.append((reverse("staff:learning:premium"), _("Premium online courses by month")))
        if selectors.may_manage_training(user):
            links.append((reverse("staff:learning:programmes"), _("Training programmes")))
            links.append(
                (reverse("staff:learning:register"), _("Register of certified backbone staff"))
            )
        if selectors.may_manage_bank(user):
            links.append((reverse("staff:learning:contests"), _("Quiz contests")))
            links.append((reverse("admin:learning_exam_changelist"), _("Exams")))
            links.append(
                (reverse("staff:learning:questions_import"), _("Question bank: import and export"))
            )
        return links
