"""Pluggable SMS senders, chosen by the SMS_BACKEND setting.

The default prints to the console with the number masked; a gateway adapter
implements ``send`` the same way. Numbers are never logged in full.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from core.phone import phone_mask

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SMSMessage:
    to: str
    text: str
    purpose: str


class BaseSMSBackend:
    def send(self, message: SMSMessage) -> None:
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    """Development sender: the message goes to standard output, the number masked."""

    def send(self, message: SMSMessage) -> None:
        sys.stdout.write(f"[SMS to {phone_mask(message.to)}] {message.text}\n")
        sys.stdout.flush()


outbox: list[SMSMessage] = []


class LocmemSMSBackend(BaseSMSBackend):
    """Test sender: messages collect in ``core.sms.outbox``."""

    def send(self, message: SMSMessage) -> None:
        outbox.append(message)


def send_sms(*, to: str, text: str, purpose: str) -> None:
    backend: BaseSMSBackend = import_string(str(settings.SMS_BACKEND))()
    backend.send(SMSMessage(to=to, text=text, purpose=purpose))
    logger.info("sms sent purpose=%s to=%s", purpose, phone_mask(to))
