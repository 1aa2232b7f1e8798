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
from courses.selectors.lectures import (
    FeedbackSummary,
    feedback_summary,
    lecture_for_attendee,
    lecture_for_staff,
    lecture_record,
    lectures_for,
    may_file_record,
    may_list_lectures,
    may_view_lecture,
    sign_ins_of,
)
from courses.selectors.search import normalise, parse_query, search_text

__all__ = [
    "CatalogueFilters",
    "FeedbackSummary",
    "Status",
    "experts_teaching",
    "feedback_summary",
    "lecture_for_attendee",
    "lecture_for_staff",
    "lecture_record",
    "lectures_for",
    "may_file_record",
    "may_list_lectures",
    "may_manage_catalogue",
    "may_view_lecture",
    "may_view_staff_catalogue",
    "normalise",
    "parse_query",
    "public_experts",
    "search_text",
    "sign_ins_of",
    "topic_detail",
    "topic_search",
]
