"""What changes the courses app's state; the names here are what other apps may call."""

from courses.services.catalogue_import import (
    CatalogueFileError,
    CatalogueRowsInvalid,
    ImportReport,
    catalogue_import,
    catalogue_read,
)
from courses.services.row_parser import Problem
from courses.services.topics import TopicData, topic_data, topic_write
from courses.services.workbook import catalogue_export, export_filename

__all__ = [
    "CatalogueFileError",
    "CatalogueRowsInvalid",
    "ImportReport",
    "Problem",
    "TopicData",
    "catalogue_export",
    "catalogue_import",
    "catalogue_read",
    "export_filename",
    "topic_data",
    "topic_write",
]
