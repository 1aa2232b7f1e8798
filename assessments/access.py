"""Who may open a submission: the holder of its retrieval code, or its archive's owner.

A worker who typed (or was just shown) the retrieval code gets a *result
pass*: a signed cookie of its own (not the session), holding the public ids
of the submissions it opens and, until the result page has shown them once,
their new retrieval codes. It lasts RESULT_PASS_HOURS from its last change,
is HttpOnly, SameSite=Lax and Secure wherever the session cookie is. Nothing
of it is stored on the server, so no session row — a signed-in worker's
least of all — ties an anonymous submission to an account.

Views that change the pass are wrapped in `keeps_result_pass`, which writes
the cookie onto their response.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from assessments.models import Submission
from network.access import Viewer

COOKIE_NAME = "xl_result_pass"
RESULT_PASS_HOURS = 3
MAX_REMEMBERED = 20
_SALT = "assessments.result-pass"
_ATTR = "_assessments_result_pass"


@dataclass
class ResultPass:
    ids: list[str] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)
    changed: bool = False


def encode(result_pass: ResultPass) -> str:
    """The cookie value of a pass (tests use it to hand a client a pass)."""
    return signing.dumps(
        {"ids": result_pass.ids, "codes": result_pass.codes}, salt=_SALT, compress=True
    )


def _decode(value: str | None) -> ResultPass:
    if not value:
        return ResultPass()
    try:
        data = signing.loads(value, salt=_SALT, max_age=RESULT_PASS_HOURS * 3600)
    except signing.BadSignature:  # tampered with, or older than its hours
        return ResultPass()
    if not isinstance(data, dict):
        return ResultPass()
    ids = [str(i) for i in data.get("ids", []) if isinstance(i, str)]
    codes = {str(k): str(v) for k, v in (data.get("codes") or {}).items()}
    return ResultPass(ids=ids[-MAX_REMEMBERED:], codes=codes)


def result_pass(request: HttpRequest) -> ResultPass:
    """The request's pass, read from its cookie once."""
    current = getattr(request, _ATTR, None)
    if current is None:
        current = _decode(request.COOKIES.get(COOKIE_NAME))
        setattr(request, _ATTR, current)
    return current


def remember(request: HttpRequest, submission: Submission, *, code: str = "") -> None:
    """Let this browser open `submission` (and show its new `code` once) for a few hours."""
    current = result_pass(request)
    key = str(submission.public_id)
    current.ids = [*[i for i in current.ids if i != key][-(MAX_REMEMBERED - 1) :], key]
    if code:
        current.codes[key] = code
    current.codes = {k: v for k, v in current.codes.items() if k in current.ids}
    current.changed = True


def pop_codes(request: HttpRequest, submissions: list[Submission]) -> dict[str, str]:
    """The new codes of `submissions` (by public id), dropped from the pass as they are read."""
    current = result_pass(request)
    shown = {
        str(s.public_id): current.codes.pop(str(s.public_id))
        for s in submissions
        if str(s.public_id) in current.codes
    }
    if shown:
        current.changed = True
    return shown


def write(request: HttpRequest, response: HttpResponse) -> None:
    current = getattr(request, _ATTR, None)
    if current is None or not current.changed:
        return
    response.set_cookie(
        COOKIE_NAME,
        encode(current),
        max_age=RESULT_PASS_HOURS * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def keeps_result_pass(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Write the result pass onto the view's response when the view changed it."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        write(request, response)
        return response

    return wrapped


def owns(user: Viewer, submission: Submission) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and Submission.objects.filter(pk=submission.pk, archive_entry__consent__user=user).exists()
    )


def may_open(request: HttpRequest, submission: Submission) -> bool:
    if str(submission.public_id) in result_pass(request).ids:
        return True
    return owns(request.user, submission)
