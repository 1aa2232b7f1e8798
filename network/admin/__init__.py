"""The network in the Django admin, scoped to each administrator's subtree.

Who gets in is decided by network.access, not by Django's model permissions:
a unit or centre administrator (access.Perm.MANAGE_UNITS somewhere) sees the
network models, limited to the subtree its roles reach; everyone else sees
none of them. Objects outside the reach are not found (404), and writes go
through network.services, whose DomainErrors come back as form errors or
admin messages.

The admin classes live by subject (units, people, audit_log, partners); the scoping
they share (and other apps' admins reuse) is in network.admin.scoping.
"""

from network.admin.audit_log import AuditEntryAdmin
from network.admin.partners import PartnerAppAdmin
from network.admin.people import MembershipAdmin, PractitionerProfileAdmin
from network.admin.scoping import (
    ADMIN_GATE,
    AuditedSaveMixin,
    ScopedAdminMixin,
    ScopedInlineMixin,
    ScopeRules,
)
from network.admin.units import OrgUnitAdmin, StationProfileAdmin, UnitGroupAdmin

__all__ = [
    "ADMIN_GATE",
    "AuditEntryAdmin",
    "AuditedSaveMixin",
    "MembershipAdmin",
    "OrgUnitAdmin",
    "PartnerAppAdmin",
    "PractitionerProfileAdmin",
    "ScopeRules",
    "ScopedAdminMixin",
    "ScopedInlineMixin",
    "StationProfileAdmin",
    "UnitGroupAdmin",
]
