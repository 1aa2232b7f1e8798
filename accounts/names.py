"""How people are named on pages, in the API, in PDFs and in messages: one place.

Chinese names read family name first with no space (陈静); names in Latin script
read given name first (Jing Chen). A worker is addressed as they chose to be
called (`User.nickname`), then by their real name; the generated username and
the local part of an e-mail address are never used as a name.
"""

from __future__ import annotations

import re
from typing import Protocol

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext

# CJK ideographs (with extension A and compatibility forms): a name written in them
# is ordered family name first.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def full_name(*, given: str, family: str) -> str:
    """陈静 for family 陈 and given 静; "Jing Chen" for Latin script; either part alone."""
    given, family = (given or "").strip(), (family or "").strip()
    if not given or not family:
        return given or family
    if _CJK.search(given) or _CJK.search(family):
        return f"{family}{given}"
    return f"{given} {family}"


class Person(Protocol):
    """What naming reads of a person: accounts.models.User (which imports this module)."""

    @property
    def nickname(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def is_staff(self) -> bool: ...


def display_name(user: Person | AnonymousUser | None) -> str:
    """The name to show for `user`: the chosen name, else the real name, else a neutral word.

    Also allauth's ACCOUNT_USER_DISPLAY ("signed in as …"); an anonymous visitor's is "".
    """
    if user is None or isinstance(user, AnonymousUser):
        return ""
    chosen = (user.nickname or "").strip()
    if chosen:
        return chosen
    name = full_name(given=user.first_name, family=user.last_name)
    if name:
        return name
    return gettext("worker") if not user.is_staff else gettext("staff member")
