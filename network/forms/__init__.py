"""The network's forms: `portal` (the station search) and `staff` (admin and staff pages)."""

from network.forms.portal import PlaceField, StationSearchForm, parse_point
from network.forms.staff import (
    AuditFilterForm,
    CoverageForm,
    MembershipGrantForm,
    OrgUnitAdminForm,
    PartnerAppAdminForm,
    PractitionerProfileAdminForm,
    ServiceModelForm,
    StationProfileAdminForm,
    UnitChoiceField,
    UserByEmailField,
    parse_points,
    users_in_reach,
)

__all__ = [
    "AuditFilterForm",
    "CoverageForm",
    "MembershipGrantForm",
    "OrgUnitAdminForm",
    "PartnerAppAdminForm",
    "PlaceField",
    "PractitionerProfileAdminForm",
    "ServiceModelForm",
    "StationProfileAdminForm",
    "StationSearchForm",
    "UnitChoiceField",
    "UserByEmailField",
    "parse_point",
    "parse_points",
    "users_in_reach",
]
