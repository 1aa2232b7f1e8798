"""The demo's figures: after `load_demo` the fact tables hold the demo's recorded work."""

from __future__ import annotations

import pytest
from django.db.models import F, Sum

from core.demo import load_demo
from kpis.models import Fact, UnitAncestor
from network.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_the_demo_has_figures_and_every_units_ancestors() -> None:
    load_demo()
    assert Fact.objects.filter(indicator="lectures_held").exists()
    assert Fact.objects.filter(indicator="hotline_calls").exists()
    expected = OrgUnit.objects.aggregate(n=Sum(F("depth") + 1))["n"]
    assert UnitAncestor.objects.count() == expected
