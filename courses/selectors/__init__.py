"""Reads of the courses app, each deciding visibility for its `viewer`."""

from courses.selectors.catalogue import (
    CatalogueFilters,
    Status,
    experts_teaching,
    may_manage_catalogue,
    may_view_staff_catalogue,
    public_experts,
    topic_detail,
    topic_search,
)
from courses.selectors.search import normalise, parse_query, search_text

__all__ = [
    "CatalogueFilters",
    "Status",
    "experts_teaching",
    "may_manage_catalogue",
    "may_view_staff_catalogue",
    "normalise",
    "parse_query",
    "public_experts",
    "search_text",
    "topic_detail",
    "topic_search",
]
