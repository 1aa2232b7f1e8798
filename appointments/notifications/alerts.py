"""The supervisors' alert when a case's risk rises to high or crisis."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from appointments.models.cases import (
    Case,
    RiskLevel,
)
from core import outbox
from network.models import STEP_LEN, Membership, Role

ALERT_LEVELS = (RiskLevel.HIGH, RiskLevel.CRISIS)


def supervisors_alert(*, case_id: int) -> int:
    """Mail the clinical supervisors reaching the case's station that its risk rose to high
    or crisis; return the mails sent. The mail names the station, the level and a link to
    the case, never the worker."""
    case = Case.objects.select_related("station").filter(pk=case_id).first()
    if case is None:
        return 0
    path = case.station.path
    ancestors = [path[:end] for end in range(STEP_LEN, len(path) + 1, STEP_LEN)]
    recipients = sorted(
        set(
            Membership.objects.filter(
                role=Role.CLINICAL_SUPERVISOR,
                unit__path__in=ancestors,
                unit__is_active=True,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse("staff:appointments:case_detail", args=[case.public_id])
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("A counselling case needs a supervisor: %(level)s risk") % {
            "level": case.get_risk_level_display()
        }
        body = "\n".join(
            [
                gettext(
                    "The counsellor of a case at %(station)s has marked its risk level "
                    "%(level)s. Please review the case and agree the next step with the "
                    "counsellor today."
                )
                % {"station": case.station.name, "level": case.get_risk_level_display()},
                "",
                gettext("The case on the staff site: %(link)s") % {"link": link},
                gettext("This mail names no worker; details are on the staff site only."),
            ]
        )
    for email in recipients:
        outbox.enqueue_email(
            to=[email], subject=subject, body=body, purpose="appointments.supervisor_alert"
        )
    return len(recipients)
