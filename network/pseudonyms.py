"""Stable pseudonyms for workers, shown wherever a page names a worker's care without
naming the worker ("worker #a1b2c3").

The reference is the first six hex characters of an HMAC of the user id (Django's
`salted_hmac`, keyed by SECRET_KEY): stable per worker and per deployment, not reversible
without the key, and short enough to read aloud. Six characters keep a station's lists
free of look-alikes (1 in 16.7 million per pair); a pseudonym tells people apart on a page,
it is never used to look a worker up. The audit log, case titles and the no-show flags all
use this one function.
"""

from __future__ import annotations

from typing import Protocol

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

SALT = "network.worker-pseudonym"


class _HasPk(Protocol):
    pk: object


def worker_reference(user: _HasPk | int) -> str:
    """The six hex characters of a worker's pseudonym (user or user id)."""
    user_id = user if isinstance(user, int) else user.pk
    return salted_hmac(SALT, str(user_id)).hexdigest()[:6]


def worker_pseudonym(user: _HasPk | int) -> str:
    """A worker as others see them: "worker #a1b2c3" (职工 #a1b2c3), stable per worker."""
    return gettext("worker #%(ref)s") % {"ref": worker_reference(user)}
