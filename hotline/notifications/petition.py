"""Alerts of the petition desk: a legal-aid referral left unanswered past its date.

Written into the outbox in the flagging transaction, to the visit's counsellor and the
supervisor on duty (else the line's lead). No summary, no petitioner in them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from core import outbox
from hotline.models import PetitionReferral
from hotline.selectors.duty import on_duty

logger = logging.getLogger(__name__)


def petition_referral_overdue_alert(*, referral: PetitionReferral) -> int:
    visit = referral.hearing.visit
    people = [visit.counsellor, *on_duty(line=visit.line).alert_to]
    emails = sorted({p.email for p in people if p.is_active and p.email})
    if not emails:
        logger.warning("petition referral %s: nobody to alert", referral.pk)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        outbox.enqueue_email(
            to=emails,
            subject=gettext("Hotline: a legal aid referral has not been answered"),
            body=gettext(
                "A case heard at the petition desk on %(day)s was referred to the union's "
                "legal aid and has no answer by its date. Open the visit on the petition "
                "desk page and ask legal aid for its answer."
            )
            % {"day": visit.day.isoformat()},
            purpose="hotline.petition_referral_unanswered",
            dedupe_key=f"hotline.petition_referral.{referral.pk}.unanswered",
        )
    return len(emails)
