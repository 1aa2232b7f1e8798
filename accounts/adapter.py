"""allauth hooks: where phone numbers live and how codes and mails are sent (the outbox)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext as _

from core import outbox


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's mails (confirmation, password reset) as outbox rows: a mail outage
        delays them and never answers the sign-up with a 500. Text part only."""
        from allauth.core import context as request_context

        request = request_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        outbox.enqueue_email(
            to=list(message.to),
            subject=str(message.subject),
            body=str(message.body),
            purpose="accounts." + template_prefix.rsplit("/", 1)[-1],
        )

    def send_verification_code_sms(
        self, user: AbstractBaseUser, phone: str, code: str, **kwargs: Any
    ) -> None:
        outbox.enqueue_sms(
            to=phone,
            text=_("Your verification code is %(code)s. It is valid for 15 minutes.")
            % {"code": code},
            purpose="verification_code",
        )

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        outbox.enqueue_sms(
            to=phone,
            text=_("A sign-in code was requested for this number, but it has no account."),
            purpose="unknown_account",
        )

    def set_phone(self, user: AbstractBaseUser, phone: str, verified: bool) -> None:
        user.phone = phone  # type: ignore[attr-defined]
        user.phone_verified = verified  # type: ignore[attr-defined]
        user.save(update_fields=["phone", "phone_verified"])  # type: ignore[misc]

    def get_phone(self, user: AbstractBaseUser) -> tuple[str, bool] | None:
        phone = getattr(user, "phone", None)
        if not phone:
            return None
        return phone, bool(user.phone_verified)  # type: ignore[attr-defined]

    def set_phone_verified(self, user: AbstractBaseUser, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str) -> AbstractBaseUser | None:
        return get_user_model().objects.filter(phone=phone).order_by("pk").first()
