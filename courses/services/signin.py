"""QR sign-in at a lecture: the one rule the portal page and the partner API share.

`sign_in_create` follows the pretix check-in rule: a submission carries a client nonce,
and the same nonce sent again (a retry, the offline queue flushing, a double tap) answers
with the sign-in it already made instead of counting twice — also when two copies race
(the unique constraint decides, the loser reads the winner's row). A second sign-in from
the same phone, or with the same name (or employee number) and unit, is refused kindly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.errors import DomainError
from courses.errors import ErrorCode
from courses.models import Lecture, LectureStatus, SignIn, SignInChannel, SignInIdentity
from courses.services.lecture_codes import Purpose, pass_check
from network import audit
from network.access import Viewer
from network.models import PartnerApp

NONCE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Statuses in which attendees may sign in: the lecture is on (a filed record closes it).
OPEN_STATUSES = (LectureStatus.PLANNED, LectureStatus.SCHEDULED)


class SignInRefused(DomainError):
    code = ErrorCode.SIGN_IN_INVALID
    status = 409


class SignInInvalid(DomainError):
    code = ErrorCode.SIGN_IN_INVALID
    default_message = gettext_lazy("Please check the highlighted fields.")


@dataclass(frozen=True)
class SignInData:
    identity: str
    unit_name: str
    nonce: str
    is_gig_worker: bool = False
    is_woman_worker: bool = False
    is_hardship_family: bool = False


@dataclass(frozen=True)
class SignInResult:
    sign_in: SignIn
    # False when the nonce had been sent before: the earlier sign-in, counted once.
    created: bool


def person_key(identity: str, unit_name: str) -> str:
    """What "the same name and unit" means: NFKC, casefolded, without any spaces."""

    def fold(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).casefold().split())

    return f"{fold(identity)}|{fold(unit_name)}"[:128]


def sign_in_window(lecture: Lecture) -> tuple[datetime, datetime]:
    """When sign-in opens and closes."""
    opens = lecture.starts_at - timedelta(minutes=lecture.sign_in_opens_minutes)
    closes = lecture.ends_at + timedelta(minutes=lecture.sign_in_closes_minutes)
    return opens, closes


def sign_in_is_open(lecture: Lecture) -> bool:
    opens, closes = sign_in_window(lecture)
    return lecture.status in OPEN_STATUSES and opens <= timezone.now() <= closes


def sign_in_check_open(lecture: Lecture) -> None:
    """Raise the kind refusal when sign-in is not open now."""
    opens, closes = sign_in_window(lecture)
    now = timezone.now()
    if lecture.status in OPEN_STATUSES and now < opens:
        at = date_format(clock.local(opens), "Y-m-d H:i")
        raise SignInRefused(
            _("Sign-in opens at %(time)s. Please scan the code again then.") % {"time": at},
            code=ErrorCode.SIGN_IN_NOT_OPEN,
        )
    if lecture.status not in OPEN_STATUSES or now > closes:
        raise SignInRefused(
            _("Sign-in for this lecture has closed. Thank you for coming."),
            code=ErrorCode.SIGN_IN_CLOSED,
        )


def _validate(lecture: Lecture, data: SignInData) -> tuple[str, str]:
    identity = " ".join((data.identity or "").split())
    unit_name = " ".join((data.unit_name or "").split())
    errors: dict[str, list[str]] = {}
    if lecture.sign_in_identity == SignInIdentity.EMPLOYEE_NUMBER:
        if not identity:
            errors["identity"] = [_("Please give your employee number.")]
    elif not identity:
        errors["identity"] = [_("Please give your name.")]
    if len(identity) > 40:
        errors["identity"] = [_("At most 40 characters, please.")]
    if not unit_name:
        errors["unit_name"] = [_("Please give your unit.")]
    elif len(unit_name) > 80:
        errors["unit_name"] = [_("At most 80 characters, please.")]
    if not NONCE.match(data.nonce or ""):
        errors["nonce"] = [_("The form was incomplete; reload the page and try again.")]
    if errors:
        raise SignInInvalid(fields=errors)
    return identity, unit_name


def _earlier(lecture: Lecture, *, nonce: str, key: str, device: str) -> SignIn | None:
    """This submission's sign-in when a copy of it got there first; otherwise refuse
    kindly when this phone or this person has signed in already (None: neither)."""
    match = Q(nonce=nonce) | Q(person_key=key)
    if device:
        match |= Q(device_hash=device)
    rows = list(SignIn.objects.filter(match, lecture=lecture))
    for row in rows:
        if row.nonce == nonce:
            return row
    if any(device and row.device_hash == device for row in rows):
        raise SignInRefused(
            _("This phone has already signed in to this lecture. Thank you, you are counted."),
            code=ErrorCode.SIGN_IN_DUPLICATE_DEVICE,
        )
    if rows:
        raise SignInRefused(
            _("Someone with this name and unit has already signed in. Thank you, you are counted."),
            code=ErrorCode.SIGN_IN_DUPLICATE_PERSON,
        )
    return None


def sign_in_create(
    *,
    lecture: Lecture,
    data: SignInData,
    code: str = "",
    ticket: str = "",
    device: str = "",
    channel: str = SignInChannel.PORTAL,
    partner_app: PartnerApp | None = None,
) -> SignInResult:
    """Sign one attendee in. `device` is the phone's device hash (lecture_codes.device_hash).

    A nonce seen before answers with its sign-in (created False) whatever else changed.
    """
    identity, unit_name = _validate(lecture, data)
    earlier = SignIn.objects.filter(lecture=lecture, nonce=data.nonce).first()
    if earlier is not None:
        return SignInResult(earlier, created=False)
    pass_check(lecture, code=code, ticket=ticket, device=device, purpose=Purpose.SIGN_IN)
    sign_in_check_open(lecture)
    key = person_key(identity, unit_name)
    earlier = _earlier(lecture, nonce=data.nonce, key=key, device=device)
    if earlier is not None:
        return SignInResult(earlier, created=False)
    row = SignIn(
        lecture=lecture,
        identity=identity,
        unit_name=unit_name,
        person_key=key,
        device_hash=device,
        nonce=data.nonce,
        is_gig_worker=data.is_gig_worker,
        is_woman_worker=data.is_woman_worker,
        is_hardship_family=data.is_hardship_family,
        channel=channel,
        partner_app=partner_app,
    )
    try:
        with transaction.atomic():
            row.save()
            audit.record(
                actor=None,
                action="courses.lecture.signed_in",
                target=lecture,
                unit=lecture.unit,
                details={"channel": channel},
                partner_app=partner_app,
            )
    except IntegrityError:
        # A copy of this submission (or this phone, or this person) got there first.
        earlier = _earlier(lecture, nonce=data.nonce, key=key, device=device)
        if earlier is not None:
            return SignInResult(earlier, created=False)
        raise
    return SignInResult(row, created=True)


def signed_in_keys(lecture_ids: list[int]) -> dict[int, set[str]]:
    """The person keys (`person_key`) signed in at each of these lectures.

    For the learning app's training attendance: it matches a trainee's name (or employee
    number) and unit against the sheet without reading the names themselves.
    """
    found: dict[int, set[str]] = {pk: set() for pk in lecture_ids}
    rows = SignIn.objects.filter(lecture_id__in=lecture_ids).values_list("lecture_id", "person_key")
    for lecture_id, key in rows:
        found[lecture_id].add(key)
    return found


def sign_in_count(lecture: Lecture) -> int:
    return SignIn.objects.filter(lecture=lecture).count()


def sign_in_sheet_viewed(*, actor: Viewer, lecture: Lecture, shown: int) -> None:
    """Record that `actor` was shown the attendees' names (the filled-in sheet)."""
    if shown:
        audit.record(
            actor=actor,
            action="courses.lecture.sign_ins_viewed",
            target=lecture,
            unit=lecture.unit,
            details={"shown": shown},
        )
