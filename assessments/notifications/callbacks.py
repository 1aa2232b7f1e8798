"""Messages about call-back requests: the alert to the hotline's duty staff."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from assessments.models import (
    CallbackRequest,
)
from core import outbox
from network.access import ROLE_PERMS, Perm
from network.models import Membership

logger = logging.getLogger(__name__)


def callback_request_alert(*, request: CallbackRequest) -> int:
    """Write the urgent e-mail to the duty unit's hotline staff into the outbox.

    Written in the request's transaction (core.outbox), so a broker or mail
    outage delays the alert and never loses it; one alert per request (a
    repeat is a no-op). The mail holds no contact. Returns the recipients.
    """
    emails = sorted(
        set(
            Membership.objects.filter(
                unit=request.duty_unit,
                role__in=ROLE_PERMS[Perm.HANDLE_CALLBACKS],
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not emails:
        logger.warning("callback request %s: no duty operator to alert", request.pk)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        outbox.enqueue_email(
            to=emails,
            subject=gettext("Urgent: a worker asked the hotline to call back"),
            body=gettext(
                "A worker whose self-assessment showed a risk asked for a call back. "
                "Open the staff site to see the request and call as soon as possible."
            ),
            purpose="assessments.callback_alert",
            dedupe_key=f"assessments.callback.{request.pk}.alert",
        )
    return len(emails)
