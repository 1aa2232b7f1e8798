"""Background work of the assessments app. Tasks take primary keys and are idempotent."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@shared_task(
    name="assessments.alert_callback_request",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def alert_callback_request(request_id: int) -> int:
    """Tell the duty unit's hotline staff that a call-back is waiting (no contact in the mail)."""
    from assessments.models import CallbackRequest
    from network.access import ROLE_PERMS, Perm
    from network.models import Membership

    request = CallbackRequest.objects.select_related("duty_unit").filter(pk=request_id).first()
    if request is None:
        return 0
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
        send_mail(
            subject=_("Urgent: a worker asked the hotline to call back"),
            message=_(
                "A worker whose self-assessment showed a risk asked for a call back. "
                "Open the staff site to see the request and call as soon as possible."
            ),
            from_email=None,
            recipient_list=emails,
        )
    return len(emails)


@shared_task(
    name="assessments.render_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=4,
)
def render_report(self: Any, report_id: int) -> bool:
    """Render one report; retries with backoff, then marks it failed (visible, retryable)."""
    from assessments import reports

    try:
        return reports.report_render(report_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            reports.report_mark_failed(report_id, exc.__class__.__name__)
            logger.warning("report %s failed: %s", report_id, exc.__class__.__name__)
            return False
        raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from None


@shared_task(name="assessments.sweep_pending_reports")
def sweep_pending_reports() -> int:
    from assessments import reports

    return reports.sweep_pending()
