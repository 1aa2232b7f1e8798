"""factory_boy factories for accounts: people with a verified e-mail address.

`UserFactory(email="wang@example.com")` is a worker who can sign in with PASSWORD;
`StaffFactory()` a staff member with TOTP set up (staff pages need it).
"""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from factory.django import DjangoModelFactory

from accounts.models import User

PASSWORD = "correct-Horse-battery-9"


class UserFactory(DjangoModelFactory[User]):
    """A signed-up person; the username is the address's local part, as make_user made it."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    username = factory.LazyAttribute(lambda user: user.email.split("@")[0])
    password = PASSWORD
    is_staff = False
    is_superuser = False

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        # create_user hashes the password (with the suite's fast hasher) as sign-up does.
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def verified_email(user: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:  # type: ignore[misc]
        """allauth's EmailAddress row, verified and primary (pass verified_email=False to skip)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    """A staff member who has set up TOTP (pass totp=False for a first sign-in)."""

    is_staff = True

    @factory.post_generation
    def totp(user: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:  # type: ignore[misc]
        if create and extracted is not False:
            TOTP.activate(user, generate_totp_secret())
