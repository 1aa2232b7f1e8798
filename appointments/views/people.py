"""Who a view acts for, typed for the services (`actor: User`, `viewer: User`)."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from accounts.models import User


def signed_in(request: HttpRequest) -> User:
    """The request's user, for views behind `login_required` or `staff_member_required`."""
    return cast(User, request.user)
