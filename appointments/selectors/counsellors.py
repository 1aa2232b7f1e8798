"""The public counsellor directory and how a counsellor's name is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext

from network.models import Membership, Role

if TYPE_CHECKING:
    from accounts.models import User


def public_counsellors() -> QuerySet[Any]:
    """Users with a counsellor membership and a public practitioner profile."""
    from accounts.models import User

    counsellor = Membership.objects.filter(user=OuterRef("pk"), role=Role.COUNSELLOR)
    return (
        User.objects.filter(Exists(counsellor), practitioner__is_public=True, is_active=True)
        .select_related("practitioner")
        .order_by("practitioner__display_name", "pk")
    )


def counsellor_name(user: User) -> str:
    """The public display name; never the e-mail address."""
    profile = getattr(user, "practitioner", None)
    if profile is not None:
        return str(profile.display_name)
    return user.get_full_name() or gettext("counsellor")
