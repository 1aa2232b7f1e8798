"""Catalogue search: Chinese by bigrams, codes, labels in both languages, ranking."""

from __future__ import annotations

import pytest

from courses import selectors
from courses.selectors import CatalogueFilters, Status, parse_query
from tests.courses.conftest import Catalogue

pytestmark = pytest.mark.django_db


def _codes(q: str = "", **filters: object) -> list[str]:
    topics = selectors.topic_search(CatalogueFilters(q=q, **filters), viewer=None)  # type: ignore[arg-type]
    return [topic.code for topic in topics]


def test_a_long_chinese_run_becomes_bigrams_of_which_half_must_match() -> None:
    terms = parse_query("职场压力")
    assert terms.required == ()
    assert terms.groups == ((("职场", "场压", "压力"), 2),)


def test_short_terms_codes_and_latin_words_must_match_as_they_are() -> None:
    terms = parse_query("  情绪  QX-001 Stress，压力")
    assert terms.required == ("情绪", "qx-001", "stress", "压力")
    assert terms.groups == ()


def test_full_width_letters_are_folded_like_the_stored_text() -> None:
    assert parse_query("ＳＴＲＥＳＳ").required == ("stress",)


def test_chinese_search_finds_the_topic_by_its_title(catalogue: Catalogue) -> None:
    assert _codes("职场压力") == ["YL-001"]
    assert _codes("沙盘") == ["QZ-010"]


def test_chinese_search_tolerates_other_word_order_and_inserted_words(
    catalogue: Catalogue,
) -> None:
    # "青春期沟通" is nowhere verbatim; 青春, 春期 and 沟通 are.
    assert _codes("青春期沟通") == ["QZ-003"]
    assert _codes("孩子沟通") == ["QZ-003"]


def test_search_reads_the_summary_and_the_labels_in_both_languages(
    catalogue: Catalogue,
) -> None:
    assert _codes("科学减压") == ["YL-001"]
    assert _codes("亲子关系") == ["QZ-003", "QZ-010"]  # the category's label
    assert _codes("gig workers") == ["YL-001"]  # an audience's English label
    assert _codes("线上") == ["YL-001"]  # the format "online" in Chinese


def test_search_by_code_is_case_insensitive(catalogue: Catalogue) -> None:
    assert _codes("qz-010") == ["QZ-010"]


def test_title_hits_rank_before_summary_hits(catalogue: Catalogue) -> None:
    # "亲子沙盘…" has it in the title, QZ-003 only in its summary ("亲子关系"), and
    # the title hit comes first although QZ-003 comes first by code.
    assert _codes("亲子") == ["QZ-010", "QZ-003"]


def test_every_word_of_a_multi_word_query_must_match(catalogue: Catalogue) -> None:
    assert _codes("孩子 沙盘") == ["QZ-010"]
    assert _codes("孩子 团队") == []


def test_nonsense_finds_nothing_and_an_empty_query_lists_by_code(catalogue: Catalogue) -> None:
    assert _codes("量子力学") == []
    assert _codes("") == ["QZ-003", "QZ-010", "TD-002", "YL-001"]


def test_inactive_topics_are_never_found_outside_the_staff_list(catalogue: Catalogue) -> None:
    assert _codes("情绪日记") == []
    assert _codes("情绪日记", status=Status.ALL) == []  # status is only for staff viewers


def test_filters_combine_with_the_search(catalogue: Catalogue) -> None:
    assert _codes(category="parenting") == ["QZ-003", "QZ-010"]
    assert _codes(audience="women") == ["QZ-010"]
    assert _codes(format="workshop") == ["QZ-010", "TD-002"]
    assert _codes(expert=catalogue.zheng) == ["QZ-010", "YL-001"]
    assert _codes("孩子", expert=catalogue.zheng) == ["QZ-010"]
    assert _codes(category="parenting", format="online") == []
