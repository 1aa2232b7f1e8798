"""allauth hooks: where phone numbers live, how codes and mails are sent (the outbox), the
first staff sign-in."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core import outbox
from core.phone import PhoneFormField
from core.selectors import user_has_authenticator, user_has_totp

# What a first sign-in may have used, just before setting up a first authenticator.
_FIRST_SETUP_METHODS = ("password", "code")
_FIRST_SETUP_PAGES = ("mfa_activate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes")


class AccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs: Any) -> Any:
        """Every allauth phone input (sign-up, login, change number) takes the way
        Chinese users write numbers and cleans to E.164 (core.phone)."""
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("help_text", _("For example 139 1234 5678."))
        return PhoneFormField(mobile_only=True, **kwargs)

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

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff without TOTP go straight to setting it up: nothing on the staff site opens
        before (core.middleware.StaffMFAMiddleware)."""
        user = request.user
        if user.is_staff and not user_has_totp(user):
            return reverse("mfa_activate_totp")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Setting up the first authenticator right after signing in asks for no password again.

        allauth asks to reauthenticate before any MFA page; on a staff member's first
        sign-in that meant typing the password twice within a minute, and again for the
        recovery codes. A sign-in within ACCOUNT_REAUTHENTICATION_TIMEOUT counts for the
        set-up pages only (activate TOTP, see the new recovery codes), and only while every
        authenticator of the account was made after that sign-in: removing or replacing
        an existing second factor still asks again.
        """
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = self.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name not in _FIRST_SETUP_PAGES:
            return required
        user = request.user
        if not user.is_authenticated:
            return required
        now = time.time()
        signed_in = [
            float(record.get("at", 0))
            for record in get_authentication_records(request, user)
            if record.get("method") in _FIRST_SETUP_METHODS
        ]
        if not signed_in or now - max(signed_in) >= account_settings.REAUTHENTICATION_TIMEOUT:
            return required
        if user_has_authenticator(user, before=max(signed_in)):
            return required
        return False
