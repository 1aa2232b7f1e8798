"""The satisfaction survey's SMS: the link only, through the outbox (never logged)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core import outbox


def survey_invitation_sms(*, number: str, token: str, valid_days: int) -> None:
    """Queue the SMS with the one-time link (in the network's language); the number and
    the token live only in the outbox payload, emptied once sent."""
    path = reverse("hotline:survey", kwargs={"token": token})
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(
            "%(hotline)s hotline: thank you for contacting us. Three short anonymous "
            "questions about how we helped (valid %(days)s days): %(link)s"
        ) % {
            "hotline": settings.HOTLINE_NUMBER,
            "days": valid_days,
            "link": settings.SITE_URL + path,
        }
    outbox.enqueue_sms(to=number, text=text, purpose="hotline.survey")
