"""Lines and who may reach them: the one place that decides hotline visibility.

A line is seen by holders of `Perm.HOTLINE_OPERATE` whose role reaches its unit
(operators and supervisors of that unit or an ancestor); a line outside the viewer's
reach is "not found", so its existence never leaks.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from accounts.models import User
from core.errors import NotFound
from hotline.models import Duty, Line
from network import access
from network.access import Viewer
from network.models import STEP_LEN, Membership, OrgUnit, Role

DUTY_ROLES: dict[str, tuple[str, ...]] = {
    Duty.OPERATOR: (Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR),
    Duty.SUPERVISOR: (Role.HOTLINE_SUPERVISOR,),
}


def may_view(viewer: Viewer, line: Line) -> bool:
    return access.can(viewer, access.Perm.HOTLINE_OPERATE, line.unit)


def may_supervise(viewer: Viewer, line: Line) -> bool:
    return access.can(viewer, access.Perm.HOTLINE_SUPERVISE, line.unit)


def lines_visible_to(viewer: Viewer) -> QuerySet[Line]:
    """Active lines the viewer reaches, with their units."""
    scope = access.scope_q(viewer, access.Perm.HOTLINE_OPERATE, field="unit__path")
    return Line.objects.filter(scope, is_active=True).select_related("unit", "lead")


def line_get(*, viewer: Viewer, public_id: UUID | str, supervise: bool = False) -> Line:
    """The line for a staff page; NotFound when missing or out of the viewer's reach."""
    line = Line.objects.select_related("unit", "lead").filter(public_id=public_id).first()
    if line is None or not may_view(viewer, line):
        raise NotFound()
    if supervise and not may_supervise(viewer, line):
        raise NotFound()
    return line


def unit_filter(within: UUID | None) -> OrgUnit | None:
    """The org unit a page's `?unit=` names, whose subtree's lines the page keeps; None
    when it names none (no filter). Whether the viewer reaches those lines is the
    page's own scope, applied as well."""
    if within is None:
        return None
    return OrgUnit.objects.filter(public_id=within).only("public_id", "name", "path").first()


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    return [unit.path[: STEP_LEN * k] for k in range(1, len(unit.path) // STEP_LEN + 1)]


def line_for_unit(unit: OrgUnit) -> Line | None:
    """The line serving `unit`: its own, else its nearest ancestor's (None: no line)."""
    lines = Line.objects.filter(
        unit__path__in=_ancestor_paths(unit), is_active=True
    ).select_related("unit", "lead")
    return max(lines, key=lambda line: len(line.unit.path), default=None)


def eligible_people(line: Line, duty: str) -> QuerySet[User]:
    """People whose role reaches the line's unit and allows `duty`."""
    user_ids = Membership.objects.filter(
        role__in=DUTY_ROLES[duty],
        unit__path__in=_ancestor_paths(line.unit),
        unit__is_active=True,
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("last_name", "first_name")


def is_eligible(line: Line, user: User, duty: str) -> bool:
    return eligible_people(line, duty).filter(pk=user.pk).exists()
