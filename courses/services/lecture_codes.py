"""The codes behind a lecture's QR: rotating codes, the poster's code, form tickets.

Every code is an HMAC (django.core.signing with SECRET_KEY and a salt of its own) over
the lecture's public id and what the code is for, so a code of one lecture never opens
another and none can be made up:

- the projector's code rotates every `WINDOW_SECONDS`: it signs the number of the
  30-second window it was made in, and only the current and the previous window are
  accepted (a photo forwarded to an absent colleague stops working within a minute);
- the poster's code is fixed for the lecture; it works only while sign-in (or feedback)
  is open, like any code;
- the feedback code, shown after a sign-in, opens the feedback form;
- a form ticket is handed out with the sign-in form once a valid code has opened it. It
  is bound to the phone (its device hash) and lets that phone send the form later —
  after the rotating code has moved on, or from the offline queue when the connection
  returns.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from courses.errors import ErrorCode
from courses.models import Lecture

WINDOW_SECONDS = 30
SIGNATURE_CHARS = 22  # 132 bits of the HMAC: plenty, and a small QR code
SALT = "courses.lecture-code"
DEVICE_SALT = "courses.lecture-device"


class Purpose(StrEnum):
    SIGN_IN = "sign_in"
    FEEDBACK = "feedback"


class CodeInvalid(DomainError):
    code = ErrorCode.SIGN_IN_CODE_INVALID
    default_message = _(
        "This code does not belong to this lecture. Scan the code shown at the lecture again."
    )


class CodeExpired(DomainError):
    code = ErrorCode.SIGN_IN_CODE_EXPIRED
    default_message = _(
        "This code has expired: it changes every 30 seconds. Scan the code on the screen again."
    )


def _signature(lecture: Lecture, part: str) -> str:
    value = f"{lecture.public_id}:{part}"
    return signing.Signer(salt=SALT).signature(value)[:SIGNATURE_CHARS]


def window_at(moment: datetime) -> int:
    """The number of the 30-second window `moment` falls in."""
    return int(moment.timestamp()) // WINDOW_SECONDS


def rotating_code(lecture: Lecture, *, at: datetime | None = None) -> str:
    window = window_at(at or timezone.now())
    return f"{window}.{_signature(lecture, f'r:{window}')}"


def poster_code(lecture: Lecture) -> str:
    return f"p.{_signature(lecture, 'p')}"


def feedback_code(lecture: Lecture) -> str:
    return f"f.{_signature(lecture, 'f')}"


def code_check(lecture: Lecture, code: str, *, purpose: Purpose) -> None:
    """Accept `code` for `purpose` or raise CodeInvalid / CodeExpired.

    Sign-in takes the rotating code (current or previous window) or the poster's;
    feedback takes those or the feedback code.
    """
    head, _dot, signature = (code or "").strip().partition(".")
    if not signature:
        raise CodeInvalid()
    if head == "p":
        expected = _signature(lecture, "p")
    elif head == "f" and purpose == Purpose.FEEDBACK:
        expected = _signature(lecture, "f")
    elif head.isdigit() and len(head) < 12:
        expected = _signature(lecture, f"r:{head}")
        if constant_time_compare(signature, expected):
            current = window_at(timezone.now())
            if int(head) not in (current, current - 1):
                raise CodeExpired()
            return
        raise CodeInvalid()
    else:
        raise CodeInvalid()
    if not constant_time_compare(signature, expected):
        raise CodeInvalid()


# --- phones -----------------------------------------------------------------------------


def new_device_token() -> str:
    """A random token the phone keeps in a cookie; only its keyed hash is stored."""
    return secrets.token_urlsafe(24)


def device_hash(token: str, *, namespace: str = "portal") -> str:
    """The keyed hash of a phone's token ("" for no token). Partner apps get a namespace of
    their own, so two apps' device ids never collide."""
    token = (token or "").strip()
    if not token:
        return ""
    return salted_hmac(DEVICE_SALT, f"{namespace}:{token}", algorithm="sha256").hexdigest()


def ticket_issue(lecture: Lecture, *, device: str) -> str:
    """A ticket that lets this phone send the lecture's form once a code has opened it."""
    return signing.TimestampSigner(salt=SALT).sign(f"t:{lecture.public_id}:{device}")


def ticket_check(lecture: Lecture, ticket: str, *, device: str) -> bool:
    """True when `ticket` was issued for this lecture and this phone (the lecture's
    windows decide how late it may be used)."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(ticket or "")
    except signing.BadSignature:
        return False
    return constant_time_compare(value, f"t:{lecture.public_id}:{device}")


def pass_check(lecture: Lecture, *, code: str, ticket: str, device: str, purpose: Purpose) -> None:
    """A form is let through by a valid ticket for this phone, else by a valid code."""
    if ticket and ticket_check(lecture, ticket, device=device):
        return
    code_check(lecture, code, purpose=purpose)
