"""Crisis alerts: SMS (if the person has a mobile number) and e-mail, through the outbox.

No narrative, no caller, no risk details in them: only that a crisis waits on a line and
where to acknowledge it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from core import outbox
from hotline.models import CrisisIncident, StepTarget
from hotline.selectors.duty import on_duty

logger = logging.getLogger(__name__)


def step_people(incident: CrisisIncident, step: dict[str, object]) -> list[User]:
    """Whom a step of the incident's frozen chain reaches now."""
    target = step.get("target")
    line = incident.line
    if target == StepTarget.ON_DUTY_SUPERVISOR:
        people = on_duty(line=line).alert_to
    elif target == StepTarget.LINE_LEAD:
        people = [line.lead] if line.lead is not None else []
    else:
        user_id = step.get("user")
        people = list(User.objects.filter(pk=user_id)) if isinstance(user_id, int) else []
    return [person for person in people if person.is_active]


def _link(incident: CrisisIncident) -> str:
    path = reverse("staff:hotline:crisis", kwargs={"incident": incident.public_id})
    return f"{settings.SITE_URL}{path}"


def _send(people: Iterable[User], *, text: str, subject: str, purpose: str, key: str) -> int:
    sent = 0
    for person in people:
        if person.phone:
            outbox.enqueue_sms(
                to=person.phone, text=text, purpose=purpose, dedupe_key=f"{key}.{person.pk}.sms"
            )
        if person.email:
            outbox.enqueue_email(
                to=[person.email],
                subject=subject,
                body=text,
                purpose=purpose,
                dedupe_key=f"{key}.{person.pk}.email",
            )
        sent += 1 if person.phone or person.email else 0
    return sent


def crisis_alert(*, incident: CrisisIncident, people: list[User]) -> int:
    """Alert the current step's people; returns how many were reached."""
    if not people:
        logger.warning("crisis incident %s step %s: nobody to alert", incident.pk, incident.step)
        return 0
    stamp = incident.notified_at.timestamp() if incident.notified_at else 0
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext("Hotline crisis on %(line)s: acknowledge it now at %(link)s") % {
            "line": incident.line.name,
            "link": _link(incident),
        }
        return _send(
            people,
            text=text,
            subject=gettext("Hotline crisis: acknowledge now"),
            purpose="hotline.crisis_alert",
            key=f"hotline.crisis.{incident.pk}.{incident.step}.{stamp:.0f}",
        )


def crisis_reminder(*, incident: CrisisIncident) -> int:
    """Remind the acknowledger that the crisis is still open; they confirm on the page."""
    person = incident.acknowledged_by
    if person is None:
        return 0
    stamp = incident.reminder_sent_at.timestamp() if incident.reminder_sent_at else 0
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(
            "The hotline crisis you acknowledged on %(line)s is still open. "
            "Confirm you are handling it at %(link)s"
        ) % {"line": incident.line.name, "link": _link(incident)}
        return _send(
            [person],
            text=text,
            subject=gettext("Hotline crisis still open: confirm"),
            purpose="hotline.crisis_reminder",
            key=f"hotline.crisis.{incident.pk}.remind.{stamp:.0f}",
        )
