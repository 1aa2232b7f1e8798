"""The alert when a contact request carrying risk waits too long."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from core import outbox
from hotline.models import ContactRequest
from hotline.selectors.duty import on_duty

logger = logging.getLogger(__name__)


def contact_overdue_alert(*, request: ContactRequest) -> int:
    """E-mail whoever a crisis reaches now (the supervisor on duty, else the line's lead),
    written into the outbox in the flagging transaction. No contact, no summary in it."""
    people = on_duty(line=request.line).alert_to
    emails = sorted({person.email for person in people if person.email})
    if not emails:
        logger.warning("contact request %s overdue: nobody to alert", request.pk)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        outbox.enqueue_email(
            to=emails,
            subject=gettext("Hotline: a contact request with risk is still waiting"),
            body=gettext(
                "A contact request that carries risk has not been handled in time. "
                "Open the hotline's operator screen and make sure someone calls now."
            ),
            purpose="hotline.contact_overdue",
            dedupe_key=f"hotline.contact.{request.pk}.overdue",
        )
    return len(emails)
