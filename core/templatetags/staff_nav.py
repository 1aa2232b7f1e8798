"""`{% staff_nav_links as links %}`: the staff pages this user may open, for the staff layout."""

from typing import Any

from django import template

from core.views import StaffLink, staff_links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav_links(context: template.Context) -> list[StaffLink]:
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return staff_links_for(request)
