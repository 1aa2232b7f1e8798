"""The catalogue's invariants are database constraints, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from courses.models import BlockedDay, Topic, TopicAudience, TopicExpert, TopicFormat
from tests.courses.conftest import Catalogue

pytestmark = pytest.mark.django_db


def _refused(make: object) -> bool:
    try:
        with transaction.atomic():
            make()  # type: ignore[operator]
    except IntegrityError:
        return True
    return False


def test_a_topic_lists_each_format_audience_and_expert_once(catalogue: Catalogue) -> None:
    topic = catalogue.stress
    assert _refused(lambda: TopicFormat.objects.create(topic=topic, format="lecture"))
    assert _refused(lambda: TopicAudience.objects.create(topic=topic, audience="gig"))
    assert _refused(lambda: TopicExpert.objects.create(topic=topic, expert=catalogue.zheng))


def test_unknown_codes_and_lengths_out_of_range_are_refused(catalogue: Catalogue) -> None:
    topic = catalogue.stress
    assert _refused(lambda: TopicFormat.objects.create(topic=topic, format="séance"))
    assert _refused(lambda: TopicAudience.objects.create(topic=topic, audience="aliens"))
    assert _refused(lambda: Topic.objects.filter(pk=topic.pk).update(category="astrology"))
    assert _refused(lambda: Topic.objects.filter(pk=topic.pk).update(length_minutes=5))
    assert _refused(lambda: Topic.objects.filter(pk=topic.pk).update(code=""))
    assert _refused(lambda: Topic.objects.create(code="YL-001", title="同编号", category="stress"))


def test_an_expert_blocks_a_day_once(catalogue: Catalogue) -> None:
    BlockedDay.objects.create(expert=catalogue.zheng, date=date(2026, 9, 1))
    assert _refused(
        lambda: BlockedDay.objects.create(expert=catalogue.zheng, date=date(2026, 9, 1))
    )
    assert catalogue.zheng.blocked_days.count() == 1
