"""Changes a person makes to their own account."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import PermissionDenied


def user_set_nickname(*, actor: User, user: User, nickname: str) -> User:
    """Set what the portal calls `user`; an empty name falls back to the real name.

    A person names only themselves (`actor` is `user`).
    """
    if actor.pk != user.pk:
        raise PermissionDenied(_("You can only change your own name."))
    with transaction.atomic():
        user.nickname = nickname.strip()
        user.save(update_fields=["nickname"])
    return user
