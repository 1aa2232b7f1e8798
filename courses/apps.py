from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def staff_links(self, user: "User") -> list[tuple[str, Any]]:
        """The courses' staff pages this user may open (see core.views.staff_links)."""
        from django.urls import reverse

        from courses import selectors

        links: list[tuple[str, Any]] = []
        if selectors.may_view_staff_catalogue(user):
            links.append((reverse("staff:courses:catalogue"), _("Course catalogue")))
        if selectors.may_see_orders(user):
            links.append((reverse("staff:courses:order_list"), _("Course orders")))
        if selectors.is_expert(user):
            links.append((reverse("staff:courses:assignment_list"), _("Lectures to accept")))
            links.append((reverse("staff:courses:calendar"), _("My lecture calendar")))
        if selectors.may_list_lectures(user):
            links.append((reverse("staff:courses:lectures"), _("Lectures")))
        return links
