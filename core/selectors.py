from datetime import UTC, datetime

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser


def user_has_totp(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_has_authenticator(user: AbstractBaseUser, *, before: float | None = None) -> bool:
    """Any MFA authenticator (TOTP, recovery codes…), or one made before a Unix time."""
    authenticators = Authenticator.objects.filter(user=user)
    if before is not None:
        moment = datetime.fromtimestamp(before, tz=UTC)
        authenticators = authenticators.filter(created_at__lt=moment)
    return authenticators.exists()
