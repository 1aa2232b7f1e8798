"""What changes the courses app's state; the names here are what other apps may call."""

from courses.services.assignment import ExpertBusy, order_assign, order_expert_answer
from courses.services.catalogue_import import (
    CatalogueFileError,
    CatalogueRowsInvalid,
    ImportReport,
    catalogue_import,
    catalogue_read,
)
from courses.services.orders import (
    OrderConflict,
    OrderData,
    OrderRefused,
    PreferredDate,
    order_submit,
    round_open,
)
from courses.services.review import (
    order_approve,
    order_district_approve,
    order_proposal_answer,
    order_propose,
    order_reject,
    order_return,
)
from courses.services.row_parser import Problem
from courses.services.topics import TopicData, topic_data, topic_write
from courses.services.workbook import catalogue_export, export_filename

__all__ = [
    "CatalogueFileError",
    "CatalogueRowsInvalid",
    "ExpertBusy",
    "ImportReport",
    "OrderConflict",
    "OrderData",
    "OrderRefused",
    "PreferredDate",
    "Problem",
    "TopicData",
    "catalogue_export",
    "catalogue_import",
    "catalogue_read",
    "export_filename",
    "order_approve",
    "order_assign",
    "order_district_approve",
    "order_expert_answer",
    "order_proposal_answer",
    "order_propose",
    "order_reject",
    "order_return",
    "order_submit",
    "round_open",
    "topic_data",
    "topic_write",
]
