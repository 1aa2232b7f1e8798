"""Forms of the courses app: the catalogue search (portal and staff) and the import."""

from courses.forms.catalogue import (
    CatalogueImportForm,
    CatalogueSearchForm,
    StaffCatalogueSearchForm,
)

__all__ = ["CatalogueImportForm", "CatalogueSearchForm", "StaffCatalogueSearchForm"]
