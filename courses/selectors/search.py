"""Catalogue search that works on Chinese alike on SQLite and PostgreSQL.

Each topic keeps a normalised `search_text` (NFKC, case-folded, whitespace squeezed)
of its code, title, summary and the labels of its category, formats and audiences in
every site language. A query is normalised the same way and split into terms:

- a run of Chinese characters longer than two is cut into overlapping bigrams
  ("职场压力" → 职场, 场压, 压力); a topic must contain at least half of them
  (rounded up), so word order and small inserted words ("职场中的压力") still match;
- any other term (a Latin word, a number, a code, one or two Chinese characters)
  must appear as it is.

Every test is `search_text LIKE '%term%'`, which both backends run the same way;
topics are ranked by how many terms they contain, title hits first. Measured in
bench/courses_search.py over 211 and 5,000 topics.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable

from courses.models import Topic

# CJK Unified Ideographs (with extension A) and the compatibility block.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\s{_CJK}\W_]+(?:[-.][^\s{_CJK}\W_]+)*")
_SPACES = re.compile(r"\s+")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")
# A query never needs more than this many terms; the rest are ignored.
MAX_TERMS = 12
MAX_QUERY_LENGTH = 100


def normalise(text: str) -> str:
    """The form both the stored text and the query are compared in."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", folded).strip()


def search_text(parts: Iterable[str]) -> str:
    """The stored search text of a topic from its texts and labels."""
    return " | ".join(normalise(part) for part in parts if part and part.strip())


@dataclass(frozen=True)
class Terms:
    """What a query asks for: terms that must all match, and bigram groups."""

    required: tuple[str, ...]
    # Each group: the bigrams of one long Chinese run and how many must match.
    groups: tuple[tuple[tuple[str, ...], int], ...]

    @property
    def empty(self) -> bool:
        return not self.required and not self.groups


def parse_query(query: str) -> Terms:
    text = normalise(query)[:MAX_QUERY_LENGTH]
    required: list[str] = []
    groups: list[tuple[tuple[str, ...], int]] = []
    count = 0
    for token in _TOKEN.findall(text):
        if count >= MAX_TERMS:
            break
        if _CJK_RUN.match(token) and len(token) > 2:
            bigrams = tuple(dict.fromkeys(token[i : i + 2] for i in range(len(token) - 1)))
            groups.append((bigrams, (len(bigrams) + 1) // 2))
            count += len(bigrams)
        elif token not in required:
            required.append(token)
            count += 1
    return Terms(tuple(required), tuple(groups))


def _hits(terms: Iterable[str], field: str = "search_text") -> Combinable:
    total: Combinable = Value(0)
    for term in terms:
        total = total + Case(
            When(**{f"{field}__contains": term}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return total


def apply_search(queryset: QuerySet[Topic], query: str) -> QuerySet[Topic]:
    """Topics matching `query`, best first; an empty query leaves the queryset as it is."""
    terms = parse_query(query)
    if terms.empty:
        return queryset
    condition = Q()
    for term in terms.required:
        condition &= Q(search_text__contains=term)
    queryset = queryset.filter(condition)
    score_parts: list[str] = list(terms.required)
    for index, (bigrams, needed) in enumerate(terms.groups):
        name = f"_group_{index}"
        queryset = queryset.alias(**{name: _hits(bigrams)}).filter(**{f"{name}__gte": needed})
        score_parts.extend(bigrams)
    whole = normalise(query)
    return queryset.annotate(
        search_rank=_hits(score_parts)
        + Case(
            When(title__icontains=whole, then=Value(100)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-search_rank", "code")
