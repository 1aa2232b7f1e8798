"""Stable pseudonyms for workers, shown wherever a page names a worker's care without
naming the worker ("worker #a1b2").

The reference is the first four hex characters of HMAC-SHA256(SECRET_KEY, str(user id)):
stable per worker and per deployment, not reversible without the key, and short enough
to read aloud. Four characters collide now and then (1 in 65,536 per pair);
a pseudonym tells people apart on one page, it is never used to look a worker up.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext


class _HasPk(Protocol):
    pk: object


def worker_reference(user: _HasPk | int) -> str:
    """The four hex characters of a worker's pseudonym (user or user id)."""
    user_id = user if isinstance(user, int) else user.pk
    key = str(settings.SECRET_KEY).encode()
    digest = hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()
    return digest[:4]


def worker_pseudonym(user: _HasPk | int) -> str:
    """A worker as others see them: "worker #a1b2" (职工 #a1b2), stable per worker."""
    return gettext("worker #%(ref)s") % {"ref": worker_reference(user)}
