"""The demo catalogue: 211 topics in the eight categories, 40 experts, deterministic."""

from __future__ import annotations

import pytest
from django.db.models import Count

from core.demo import load_demo
from courses.models import Category, Expert, Topic

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_catalogue_and_the_expert_pool_once() -> None:
    load_demo()
    assert Topic.objects.count() == 211
    per_category = dict(Topic.objects.values_list("category").annotate(n=Count("id")))
    assert set(per_category) == set(Category.values)
    assert sum(per_category.values()) == 211
    assert Expert.objects.count() == 40
    assert not Topic.objects.filter(experts__isnull=True).exists()  # every topic has a teacher
    assert not Topic.objects.filter(format_rows__isnull=True).exists()
    assert Topic.objects.filter(is_active=False).count() == 2
    first = Topic.objects.get(code="QX-001")
    assert first.title == "做情绪的主人——职场情绪管理"
    assert Expert.objects.get(code="ZJ-001").practitioner.user.email == "expert@demo.xinling.cn"
    snapshot = list(Topic.objects.order_by("code").values_list("code", "title", "length_minutes"))
    load_demo()
    assert list(Topic.objects.order_by("code").values_list("code", "title", "length_minutes")) == (
        snapshot
    )
    assert Expert.objects.count() == 40
