"""factory_boy factories of the courses app. Topics are written through the service,
so their lists and search text are what the import and the demo would store."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from accounts.models import User
from courses.models import (
    Audience,
    Category,
    Expert,
    Format,
    Lecture,
    LectureStatus,
    Topic,
)
from courses.services import TopicData, topic_write
from network.models import PractitionerProfile, Qualification


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"expert-user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PractitionerProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"专家{n}号")
    qualification = Qualification.NATIONAL_LEVEL_2
    specialities = "情绪管理, 压力调整"
    bio = "高校心理学教师。"
    is_public = True


class ExpertFactory(factory.django.DjangoModelFactory):
    """Needs `unit` (the pool: usually tree["centre"])."""

    class Meta:
        model = Expert

    practitioner = factory.SubFactory(PractitionerFactory)
    code = factory.Sequence(lambda n: f"ZJ-{n + 1:03d}")


class TopicFactory(factory.Factory):
    """A topic through `topic_write`; pass `experts=[expert, …]`."""

    class Meta:
        model = TopicData

    code = factory.Sequence(lambda n: f"T-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"测试专题{n}")
    category = Category.EMOTION
    length_minutes = 90
    formats = frozenset({Format.LECTURE})
    audiences = frozenset({Audience.ALL})
    experts: Any = ()
    summary = "结合职工实际讲解情绪调节的方法。"
    is_active = True

    @classmethod
    def _create(cls, model_class: type[TopicData], *args: Any, **kwargs: Any) -> Topic:
        experts = kwargs.pop("experts", ())
        kwargs["formats"] = frozenset(kwargs["formats"])
        kwargs["audiences"] = frozenset(kwargs["audiences"])
        data = model_class(experts=frozenset(e.pk for e in experts), **kwargs)
        return topic_write(topic=None, data=data)


class LectureFactory(factory.django.DjangoModelFactory):
    """A scheduled lecture; needs `topic`, `expert` and `unit` (the host unit).

    `starts_at` defaults to an hour from now; it lasts 90 minutes.
    """

    class Meta:
        model = Lecture

    format = Format.LECTURE
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda lecture: lecture.starts_at + timedelta(minutes=90))
    venue = "职工之家二楼报告厅"
    capacity = 120
    status = LectureStatus.SCHEDULED
