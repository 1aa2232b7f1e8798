"""The post-contact satisfaction survey: sent with the caller's consent, answered once.

`survey_invite` runs inside the call's logging or the contact request's closing (same
transaction), with the number from the caller's encrypted profile: it keeps a hash of a
random one-time token, the line and the day, and queues the SMS through the outbox.
`survey_answer` takes the token from the link; a used, expired or unknown token is
refused with its own error. Nothing stored ties an answer to a caller, call or request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import clock, crypto
from core.errors import DomainError
from hotline.errors import ErrorCode
from hotline.models import CallerProfile, Line, SurveyAnswer, SurveyInvitation
from hotline.notifications.survey import survey_invitation_sms
from network import audit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SURVEY_VALID_DAYS = 7
COMMENT_MAX = 500


class SurveyRefused(DomainError):
    """The link cannot be answered (unknown, used or expired) or the answer is invalid."""

    code = ErrorCode.SURVEY_INVALID


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def no_number_error() -> DomainError:
    return DomainError(
        _("The survey needs the caller's number: enter it, or leave the box unticked."),
        code=ErrorCode.SURVEY_NO_NUMBER,
        fields={"survey_consent": [_("No number to send the survey to.")]},
    )


def survey_invite(*, actor: User, line: Line, caller: CallerProfile | None) -> SurveyInvitation:
    """Send the survey link to `caller` (consent given on the form); call it inside the
    transaction that logs the call or closes the request. Raises when there is no number."""
    if caller is None:
        raise no_number_error()
    token = secrets.token_urlsafe(24)
    today = clock.today()
    invitation = SurveyInvitation.objects.create(
        line=line,
        token_hash=token_hash(token),
        sent_on=today,
        expires_on=today + timedelta(days=SURVEY_VALID_DAYS),
    )
    survey_invitation_sms(
        number=crypto.decrypt(caller.number_encrypted), token=token, valid_days=SURVEY_VALID_DAYS
    )
    # No target: an entry naming the call would tie the invitation's day to the caller.
    audit.record(actor=actor, action="hotline.survey.sent", unit=line.unit)
    return invitation


def _usable(token: str, *, lock: bool) -> SurveyInvitation:
    query = SurveyInvitation.objects.select_related("line")
    if lock:
        query = query.select_for_update()
    invitation = query.filter(token_hash=token_hash(token or "")).first()
    if invitation is None:
        raise DomainError(_("This survey link is not valid."), code=ErrorCode.SURVEY_UNKNOWN)
    if invitation.used:
        raise DomainError(
            _("This survey has already been answered. Thank you!"), code=ErrorCode.SURVEY_USED
        )
    if clock.today() > invitation.expires_on:
        raise DomainError(
            _("This survey link has expired (links are valid for %(days)s days).")
            % {"days": SURVEY_VALID_DAYS},
            code=ErrorCode.SURVEY_EXPIRED,
        )
    return invitation


def survey_check(*, token: str) -> SurveyInvitation:
    """The invitation behind a link, if it may still be answered (else a DomainError)."""
    return _usable(token, lock=False)


@dataclass(frozen=True)
class SurveyData:
    helped: int | None
    would_call_again: bool | None
    comment: str = ""


def _errors(data: SurveyData) -> dict[str, list[StrOrPromise]]:
    errors: dict[str, list[StrOrPromise]] = {}
    if data.helped is None or not 1 <= data.helped <= 5:
        errors["helped"] = [_("Choose a number from 1 to 5.")]
    if data.would_call_again is None:
        errors["would_call_again"] = [_("Choose yes or no.")]
    if len(data.comment or "") > COMMENT_MAX:
        errors["comment"] = [_("At most 500 characters, please.")]
    return errors


@transaction.atomic
def survey_answer(*, token: str, data: SurveyData) -> SurveyAnswer:
    """Record the one answer a link allows (anonymous: no actor, line and month only)."""
    invitation = _usable(token, lock=True)
    errors = _errors(data)
    if errors:
        raise SurveyRefused(_("Please check the highlighted fields."), fields=errors)
    invitation.used = True
    invitation.save(update_fields=["used"])
    today: date = clock.today()
    return SurveyAnswer.objects.create(
        line=invitation.line,
        month=today.replace(day=1),
        helped=int(data.helped or 0),
        would_call_again=bool(data.would_call_again),
        comment=(data.comment or "").strip()[:COMMENT_MAX],
    )
