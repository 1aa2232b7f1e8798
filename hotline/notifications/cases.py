"""Alerts of the closed loop: a next step overdue, a referral unanswered.

Written into the outbox in the flagging transaction, to the case's owner and the
supervisor (on duty, else the line's lead). No narrative, no caller in them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from core import outbox
from hotline.models import HotlineCase
from hotline.selectors.duty import on_duty

logger = logging.getLogger(__name__)


def _recipients(case: HotlineCase) -> list[str]:
    people = [case.owner, *on_duty(line=case.line).alert_to]
    return sorted({p.email for p in people if p.is_active and p.email})


def _send(case: HotlineCase, *, subject: str, body: str, purpose: str, key: str) -> int:
    emails = _recipients(case)
    if not emails:
        logger.warning("hotline case %s: nobody to alert (%s)", case.pk, purpose)
        return 0
    outbox.enqueue_email(to=emails, subject=subject, body=body, purpose=purpose, dedupe_key=key)
    return len(emails)


def step_overdue_alert(*, case: HotlineCase, step_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            case,
            subject=gettext("Hotline: a case's next step is overdue"),
            body=gettext(
                "A next step of a hotline case has passed its due time. Open the case "
                "from the operator's screen (case %(ref)s) and do it or set a new one."
            )
            % {"ref": str(case)},
            purpose="hotline.case_step_overdue",
            key=f"hotline.step.{step_id}.overdue",
        )


def referral_overdue_alert(*, case: HotlineCase, referral_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            case,
            subject=gettext("Hotline: a referral has not been answered"),
            body=gettext(
                "A referral of a hotline case has had no answer by its date. Open the "
                "case (case %(ref)s) and ask the other body for its answer."
            )
            % {"ref": str(case)},
            purpose="hotline.referral_overdue",
            key=f"hotline.referral.{referral_id}.overdue",
        )


def case_reassigned_alert(*, case: HotlineCase, owner_email: str, audit_id: int) -> int:
    """Tell the new owner a case is now theirs (no narrative: the case's reference)."""
    if not owner_email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        outbox.enqueue_email(
            to=[owner_email],
            subject=gettext("Hotline: a case is now yours"),
            body=gettext(
                "A supervisor gave you hotline case %(ref)s. Open it from the operator's "
                "screen and check its next step."
            )
            % {"ref": str(case)},
            purpose="hotline.case_reassigned",
            dedupe_key=f"hotline.case.{case.pk}.owner.{audit_id}",
        )
    return 1
