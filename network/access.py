"""Who may see what: the one place that decides, used by every front door.

A role at a unit reaches that unit's whole subtree and never a sibling's.
Objects outside the viewer's reach are reported as "not found" (404), so a
district cadre cannot even learn that another district's object exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts.models import User
from network.models import STEP_LEN, Membership, OrgUnit, OrgUnitQuerySet, Role


class Perm:
    """Permissions, each granted by a set of roles (see ROLE_PERMS)."""

    VIEW_UNITS = "network.view_units"
    MANAGE_UNITS = "network.manage_units"
    MANAGE_MEMBERS = "network.manage_members"
    VIEW_AUDIT = "network.view_audit"
    VIEW_COVERAGE = "network.view_coverage"
    MANAGE_PARTNER_APPS = "network.manage_partner_apps"
    # Assessments: campaigns, aggregate figures, risk counts, call-back requests.
    MANAGE_CAMPAIGNS = "assessments.manage_campaigns"
    VIEW_ASSESSMENT_FIGURES = "assessments.view_figures"
    VIEW_RISK_COUNTS = "assessments.view_risk_counts"
    HANDLE_CALLBACKS = "assessments.handle_callbacks"
    # Appointments. Counsellors act on their own bookings and cases (checked by
    # ownership in appointments.cases); these perms reach a subtree.
    COUNSEL = "appointments.counsel"
    SUPERVISE_CASES = "appointments.supervise_cases"  # incl. reading session notes
    VIEW_STATION_SCHEDULE = "appointments.view_schedule"  # calendar, rooms, utilisation
    MANAGE_OFFICE_HOURS = "appointments.manage_office_hours"  # rules, exceptions, rooms, pods
    RUN_PODS = "appointments.run_pods"  # record pod use and walk-ins
    # Courses: the staff catalogue (incl. inactive topics, export); import needs the
    # permission at the city centre (courses.selectors.may_manage_catalogue).
    VIEW_CATALOGUE = "courses.view_catalogue"
    MANAGE_CATALOGUE = "courses.manage_catalogue"
    # Ordering rounds (点单送课): a unit's administrators order for their subtree; review
    # is by a unit above the ordering one (the district, then the centre); rounds and
    # expert assignment need the permission at the city centre (courses.selectors.orders).
    ORDER_COURSES = "courses.order_courses"
    REVIEW_ORDERS = "courses.review_orders"
    MANAGE_ROUNDS = "courses.manage_rounds"
    # Lectures of units in the subtree: their pages, sign-in sheets, records, feedback
    # figures (the lecture's expert reaches their own lectures by being their expert).
    RUN_LECTURES = "courses.run_lectures"
    # Hotline: the line's staff (see the roster, take operator duty, ask for swaps) and
    # its supervisors (run the roster, approve swaps, take supervisor duty).
    HOTLINE_OPERATE = "hotline.operate"
    HOTLINE_SUPERVISE = "hotline.supervise"


_ALL_ROLES = frozenset(Role.values)
ROLE_PERMS: dict[str, frozenset[str]] = {
    Perm.VIEW_UNITS: _ALL_ROLES,
    Perm.MANAGE_UNITS: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.MANAGE_MEMBERS: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.VIEW_AUDIT: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN, Role.HOTLINE_SUPERVISOR}),
    Perm.VIEW_COVERAGE: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN, Role.ANALYST}),
    Perm.MANAGE_PARTNER_APPS: frozenset({Role.CENTRE_ADMIN}),
    Perm.MANAGE_CAMPAIGNS: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.VIEW_ASSESSMENT_FIGURES: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN, Role.ANALYST}),
    Perm.VIEW_RISK_COUNTS: frozenset(
        {Role.CENTRE_ADMIN, Role.HOTLINE_SUPERVISOR, Role.CLINICAL_SUPERVISOR}
    ),
    Perm.HANDLE_CALLBACKS: frozenset(
        {Role.CENTRE_ADMIN, Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR}
    ),
    Perm.COUNSEL: frozenset({Role.COUNSELLOR}),
    # Session notes: their author and clinical supervisors only; never unit
    # administrators, centre administrators or analysts (DESIGN.md, Access).
    Perm.SUPERVISE_CASES: frozenset({Role.CLINICAL_SUPERVISOR}),
    Perm.VIEW_STATION_SCHEDULE: frozenset(
        {Role.CENTRE_ADMIN, Role.UNIT_ADMIN, Role.CLINICAL_SUPERVISOR}
    ),
    Perm.MANAGE_OFFICE_HOURS: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.RUN_PODS: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN, Role.EMOTION_REGULATOR}),
    Perm.VIEW_CATALOGUE: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN, Role.EXPERT}),
    Perm.MANAGE_CATALOGUE: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.ORDER_COURSES: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.REVIEW_ORDERS: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.MANAGE_ROUNDS: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.RUN_LECTURES: frozenset({Role.CENTRE_ADMIN, Role.UNIT_ADMIN}),
    Perm.HOTLINE_OPERATE: frozenset({Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR}),
    Perm.HOTLINE_SUPERVISE: frozenset({Role.HOTLINE_SUPERVISOR}),
}

# Roles a holder of the key role may grant (inside its own subtree).
GRANTABLE: dict[str, frozenset[str]] = {
    Role.CENTRE_ADMIN: _ALL_ROLES,
    Role.UNIT_ADMIN: _ALL_ROLES - {Role.CENTRE_ADMIN},
}

# Who asks: a signed-in user, an anonymous visitor (a request's user) or nobody (a
# background job, a partner app's request). Only signed-in active users reach anything.
Viewer: TypeAlias = User | AnonymousUser | None

_CACHE = "_network_memberships"


def memberships(user: Viewer) -> list[Membership]:
    """The user's memberships with their units, read once per request (cached on the user).

    Public: other apps (appointments' case access) build their own rules on it.
    Nobody and anonymous visitors hold none.
    """
    if user is None or not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, unit__is_active=True)
            .select_related("unit")
            .only("role", "unit__path", "unit__id", "unit__level", "unit__depth", "unit__name")
        )
        setattr(user, _CACHE, cached)
    return cached


def _minimal_prefixes(paths: Iterable[str]) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def _subtree_q(prefixes: list[str], field: str = "path") -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def reach_prefixes(user: Viewer, perm: str = Perm.VIEW_UNITS) -> list[str] | None:
    """Tree paths whose subtrees the user reaches with `perm`; None means everything."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    roles = ROLE_PERMS[perm]
    return _minimal_prefixes(m.unit.path for m in memberships(user) if m.role in roles)


def scope_q(user: Viewer, perm: str = Perm.VIEW_UNITS, field: str = "path") -> Q:
    """A Q over `field` (a tree path) limiting a queryset to the user's reach."""
    prefixes = reach_prefixes(user, perm)
    if prefixes is None:
        return Q()
    return _subtree_q(prefixes, field)


def units_visible_to(user: Viewer, perm: str = Perm.VIEW_UNITS) -> OrgUnitQuerySet:
    """Units the user reaches: one query for the memberships, then a lazy queryset."""
    return OrgUnit.objects.filter(scope_q(user, perm))


def can(user: Viewer, perm: str, unit: OrgUnit) -> bool:
    prefixes = reach_prefixes(user, perm)
    if prefixes is None:
        return True
    return any(unit.path.startswith(prefix) for prefix in prefixes)


def grantable_roles(user: Viewer, unit: OrgUnit) -> frozenset[str]:
    """Roles the user may grant at `unit`: never above its own, never outside its subtree."""
    if user is not None and user.is_superuser:
        return _ALL_ROLES
    allowed: set[str] = set()
    for membership in memberships(user):
        if membership.role in GRANTABLE and unit.path.startswith(membership.unit.path):
            allowed |= GRANTABLE[membership.role]
    return frozenset(allowed)


def grantable_roles_anywhere(user: Viewer) -> frozenset[str]:
    """Roles the user may grant at some unit of its reach: a choice list before the unit is known.

    The unit itself is checked by grantable_roles (and again by the service).
    """
    if user is not None and user.is_superuser:
        return _ALL_ROLES
    allowed: set[str] = set()
    for membership in memberships(user):
        allowed |= GRANTABLE.get(membership.role, frozenset())
    return frozenset(allowed)


def reaches_whole_network(user: Viewer, perm: str) -> bool:
    """True when the user holds `perm` at the city centre (the root), or is a superuser."""
    prefixes = reach_prefixes(user, perm)
    if prefixes is None:
        return True
    return any(len(prefix) == STEP_LEN for prefix in prefixes)


def holds_anywhere(user: Viewer, perm: str) -> bool:
    """True when the user holds `perm` at some unit (or is a superuser): may open the page."""
    return reach_prefixes(user, perm) != []
