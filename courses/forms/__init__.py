"""Forms of the courses app: the catalogue search and import, the lecture pages."""

from courses.forms.catalogue import (
    CatalogueImportForm,
    CatalogueSearchForm,
    StaffCatalogueSearchForm,
)
from courses.forms.lectures import (
    AttendanceForm,
    FeedbackForm,
    LectureRecordForm,
    SignInForm,
)

__all__ = [
    "AttendanceForm",
    "CatalogueImportForm",
    "CatalogueSearchForm",
    "FeedbackForm",
    "LectureRecordForm",
    "SignInForm",
    "StaffCatalogueSearchForm",
]
