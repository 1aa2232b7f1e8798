"""`{% staff_nav_links as links %}`: the staff pages this user may open, for the staff layout."""

from django import template
from django.http import HttpRequest

from core.views import StaffLink, staff_links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav_links(context: template.Context) -> list[StaffLink]:
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None)  # none on pages rendered before the auth middleware
    if request is None or user is None or not user.is_authenticated:
        return []
    return staff_links_for(request)
