"""Changes a person makes to their own account."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User


def user_set_nickname(*, actor: User, nickname: str) -> User:
    """Set what the portal calls `actor`; an empty name falls back to the real name."""
    with transaction.atomic():
        actor.nickname = nickname.strip()
        actor.save(update_fields=["nickname"])
    return actor
