"""Writing topics: their lists and the normalised search text, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from courses.models import (
    Audience,
    Category,
    Expert,
    Format,
    Topic,
    TopicAudience,
    TopicExpert,
    TopicFormat,
)
from courses.selectors.search import search_text


@dataclass(frozen=True)
class TopicData:
    """Everything the catalogue says about one topic (a spreadsheet row, a form)."""

    code: str
    title: str
    category: str
    length_minutes: int
    formats: frozenset[str]
    audiences: frozenset[str]
    experts: frozenset[int]  # Expert ids
    summary: str = ""
    is_active: bool = True


def _labels(
    choices: type[Format] | type[Audience] | type[Category], values: Iterable[str]
) -> list[str]:
    """The labels of `values` in every site language, so a search in either finds them."""
    labels: list[str] = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.extend(str(choices(value).label) for value in sorted(values))
    return labels


def topic_search_text(data: TopicData) -> str:
    return search_text(
        [
            data.title,
            data.code,
            data.summary,
            *_labels(Category, [data.category]),
            *_labels(Format, data.formats),
            *_labels(Audience, data.audiences),
        ]
    )


def topic_data(topic: Topic) -> TopicData:
    """What is stored for `topic` (its lists prefetched or read here)."""
    return TopicData(
        code=topic.code,
        title=topic.title,
        category=topic.category,
        length_minutes=topic.length_minutes,
        formats=frozenset(row.format for row in topic.format_rows.all()),
        audiences=frozenset(row.audience for row in topic.audience_rows.all()),
        experts=frozenset(link.expert_id for link in topic.expert_links.all()),
        summary=topic.summary,
        is_active=topic.is_active,
    )


def topic_write(*, topic: Topic | None, data: TopicData) -> Topic:
    """Create (`topic` None) or overwrite a topic with `data`. The caller owns the
    transaction, the permission check and the audit entry."""
    old = topic_data(topic) if topic is not None else None
    if topic is None:
        topic = Topic(code=data.code)
    topic.title = data.title
    topic.summary = data.summary
    topic.category = data.category
    topic.length_minutes = data.length_minutes
    topic.is_active = data.is_active
    topic.search_text = topic_search_text(data)
    topic.save()
    if old is None or old.formats != data.formats:
        TopicFormat.objects.filter(topic=topic).delete()
        TopicFormat.objects.bulk_create(TopicFormat(topic=topic, format=f) for f in data.formats)
    if old is None or old.audiences != data.audiences:
        TopicAudience.objects.filter(topic=topic).delete()
        TopicAudience.objects.bulk_create(
            TopicAudience(topic=topic, audience=a) for a in data.audiences
        )
    if old is None or old.experts != data.experts:
        TopicExpert.objects.filter(topic=topic).delete()
        TopicExpert.objects.bulk_create(
            TopicExpert(topic=topic, expert_id=expert_id) for expert_id in data.experts
        )
    return topic


def expert_ids(experts: Iterable[Expert]) -> frozenset[int]:
    return frozenset(expert.pk for expert in experts)
