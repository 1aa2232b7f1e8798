"""The network's models, by subject; every model is importable from here."""

from network.models.audit import AuditEntry, AuditEntryQuerySet
from network.models.partners import PartnerApp, Scope
from network.models.people import Membership, PractitionerProfile, Qualification, Role
from network.models.stations import (
    HostKind,
    OpeningException,
    OpeningRule,
    ServiceKind,
    StationProfile,
    StationService,
    Weekday,
)
from network.models.units import (
    ALLOWED_PARENTS,
    PATH_ALPHABET,
    STEP_LEN,
    Level,
    OrgUnit,
    OrgUnitQuerySet,
    UnitGroup,
)

__all__ = [
    "ALLOWED_PARENTS",
    "PATH_ALPHABET",
    "STEP_LEN",
    "AuditEntry",
    "AuditEntryQuerySet",
    "HostKind",
    "Level",
    "Membership",
    "OpeningException",
    "OpeningRule",
    "OrgUnit",
    "OrgUnitQuerySet",
    "PartnerApp",
    "PractitionerProfile",
    "Qualification",
    "Role",
    "Scope",
    "ServiceKind",
    "StationProfile",
    "StationService",
    "UnitGroup",
    "Weekday",
]
