from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser


def user_has_totp(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
