from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.models import User
from core.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent() -> None:
    from appointments.models import Slot

    load_demo()
    counts = (User.objects.count(), Slot.objects.count())
    load_demo()
    assert (User.objects.count(), Slot.objects.count()) == counts
    assert counts[0] > 0
    assert counts[1] > 0  # the demo counsellors keep office hours: there is something to book


def test_demo_loader_refuses_production(settings: pytest.FixtureRequest) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured):
        load_demo()
    assert not User.objects.exists()
