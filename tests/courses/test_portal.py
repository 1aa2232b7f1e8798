"""The public catalogue in the worker portal: list, search, filters, topic pages, budgets."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Category, Format, Topic
from network.models import OrgUnit
from tests.courses.conftest import Catalogue
from tests.courses.factories import ExpertFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("courses:catalogue")
# The expert filter's choices, the count, the page, formats, audiences and experts.
LIST_BUDGET = 6
DETAIL_BUDGET = 4  # the topic with its formats, audiences and public experts


def _en(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_list_shows_active_topics_and_hides_inactive_ones(
    client: Client, catalogue: Catalogue
) -> None:
    response = _en(client).get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "职场压力识别与应对" in page
    assert "亲子沙盘：在游戏中走近孩子" in page
    assert "情绪日记" not in page  # inactive
    assert "4 topics found" in page


def test_the_chinese_search_works_from_the_query_string(
    client: Client, catalogue: Catalogue
) -> None:
    page = _en(client).get(LIST, {"q": "青春期沟通"}).content.decode()
    assert "与青春期孩子有效沟通" in page
    assert "职场压力识别与应对" not in page
    assert "1 topic found" in page


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"category": Category.STRESS}, "职场压力识别与应对", "亲子沙盘"),
        ({"audience": "women"}, "亲子沙盘", "职场压力识别与应对"),
        ({"format": Format.ONLINE}, "职场压力识别与应对", "团队凝聚力"),
    ],
)
def test_filters_narrow_the_list(
    client: Client, catalogue: Catalogue, params: dict[str, str], shown: str, hidden: str
) -> None:
    page = client.get(LIST, params).content.decode()
    assert shown in page
    assert hidden not in page


def test_the_expert_filter_offers_public_experts_only(client: Client, catalogue: Catalogue) -> None:
    page = client.get(LIST, {"expert": str(catalogue.wang.public_id)}).content.decode()
    assert "与青春期孩子有效沟通" in page
    assert "职场压力识别与应对" not in page
    assert "隐藏专家" not in page  # not in the public directory: not a choice either
    hidden = client.get(LIST, {"expert": str(catalogue.hidden.public_id)})
    assert hidden.status_code == 400  # not a valid choice: shown as an error …
    assert "职场压力识别与应对" in hidden.content.decode()  # … and the list stays whole


def test_a_bad_filter_value_is_an_error_and_the_other_filters_still_apply(
    client: Client, catalogue: Catalogue
) -> None:
    response = _en(client).get(LIST, {"category": "astrology", "q": "沙盘"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some of your choices could not be used" in page
    assert "亲子沙盘" in page
    assert "职场压力识别与应对" not in page


def test_the_list_is_paginated(client: Client, tree: dict[str, OrgUnit]) -> None:
    for number in range(25):
        TopicFactory(code=f"P-{number:03d}", title=f"分页专题{number:02d}")
    first = _en(client).get(LIST).content.decode()
    assert "分页专题19" in first and "分页专题20" not in first
    assert "Page 1 of 2" in first
    second = client.get(LIST, {"page": "2"}).content.decode()
    assert "分页专题20" in second and "分页专题24" in second
    assert "分页专题00" not in second


def test_the_topic_page_shows_the_public_experts_who_teach_it(
    client: Client, catalogue: Catalogue
) -> None:
    url = reverse("courses:topic_detail", args=[catalogue.stress.public_id])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "职场压力识别与应对" in page
    assert "郑教授" in page
    assert "隐藏专家" not in page
    assert "王晓梅" not in page  # teaches other topics


def test_an_inactive_or_unknown_topic_is_not_found(client: Client, catalogue: Catalogue) -> None:
    for public_id in (catalogue.retired.public_id, uuid.uuid4()):
        assert client.get(reverse("courses:topic_detail", args=[public_id])).status_code == 404


def test_pages_are_in_chinese_by_default(client: Client, catalogue: Catalogue) -> None:
    page = client.get(LIST).content.decode()
    assert "公益课程一览表" in page
    assert "共找到 4 个专题" in page
    assert "压力调整" in page  # the category's label
    assert "新就业形态劳动者" in page  # an audience's label
    detail = client.get(reverse("courses:topic_detail", args=[catalogue.sandplay.public_id]))
    text = detail.content.decode()
    assert "团体活动（如沙盘或疗愈工作坊）" in text
    assert "120 分钟" in text
    assert "授课专家" in text


def _grow(tree: dict[str, OrgUnit], n: int) -> None:
    experts = [ExpertFactory(unit=tree["centre"]) for _ in range(n)]
    for number in range(n):
        TopicFactory(
            code=f"G-{number:03d}",
            title=f"规模专题{number}",
            formats={Format.LECTURE, Format.WORKSHOP},
            experts=experts[: number % 4 + 1],
        )


@pytest.mark.parametrize("size", [3, 30])
def test_query_budgets_hold_at_two_sizes(
    client: Client, tree: dict[str, OrgUnit], django_assert_max_num_queries: Any, size: int
) -> None:
    _grow(tree, size)
    with django_assert_max_num_queries(LIST_BUDGET):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(LIST_BUDGET):
        assert client.get(LIST, {"q": "规模专题", "format": "workshop"}).status_code == 200
    topic = Topic.objects.get(code="G-002")
    with django_assert_max_num_queries(DETAIL_BUDGET):
        url = reverse("courses:topic_detail", args=[topic.public_id])
        assert client.get(url).status_code == 200
