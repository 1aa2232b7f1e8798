"""Sessions held: the records behind the KPI figures `counselling_sessions` and
`pod_sessions` (appointments.facts), for the staff page that lists a year of them.

The predicate is the facts' own: an ATTENDED one-to-one booking at its slot's station, a
USED pod booking (walk-ins included) at its pod's station, each on the local day of its
start (core.clock). So the page's total for a unit and year is the KPI figure of that unit
and year, over the stations the viewer may see (Perm.VIEW_STATION_SCHEDULE).

Rows are plain records built from times, stations, counsellors or pods and modes: no
worker, no reason, no note, so a template cannot reach them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from accounts.models import User
from appointments.models.bookings import Booking, BookingStatus
from appointments.models.pods import PodBooking, PodBookingStatus
from appointments.models.schedule import Mode
from appointments.selectors.counsellors import counsellor_name
from core import clock
from network import access
from network.models import OrgUnit

PERM = access.Perm.VIEW_STATION_SCHEDULE


class SessionKind(StrEnum):
    COUNSELLING = "counselling"
    POD = "pod"

    @classmethod
    def parse(cls, value: str | None) -> SessionKind:
        """`value` as a kind; anything else is counselling (a bad ?kind= is no error)."""
        try:
            return cls(value or "")
        except ValueError:
            return cls.COUNSELLING


@dataclass(frozen=True)
class HeldSession:
    """One session on the list: when, where, with whom (or which pod), how."""

    starts_at: datetime
    station: str
    provider: str
    mode: str
    # The booking page's id when the viewer may open it (their own session), else None.
    booking_id: uuid.UUID | None = None


def _year_q(field: str, year: int) -> Q:
    # The local day of `field` falls in `year` exactly when the moment lies in
    # [local midnight of 1 January, local midnight of the next 1 January): indexable.
    start, end = clock.at(date(year, 1, 1)), clock.at(date(year + 1, 1, 1))
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _within_q(field: str, within: uuid.UUID | None) -> Q:
    """The subtree of unit `within` (no filter for None; nothing for an unknown unit)."""
    if within is None:
        return Q()
    path = OrgUnit.objects.filter(public_id=within).values_list("path", flat=True).first()
    return Q(**{f"{field}__startswith": path}) if path else Q(pk__in=[])


def sessions_held(
    viewer: User,
    *,
    kind: SessionKind = SessionKind.COUNSELLING,
    within: uuid.UUID | None = None,
    year: int,
) -> QuerySet[Booking] | QuerySet[PodBooking]:
    """The sessions of `kind` held in `year` (local days) at the stations where the viewer
    holds VIEW_STATION_SCHEDULE, optionally only those in unit `within`'s subtree; newest
    first, with what `held_rows` reads already joined."""
    if kind == SessionKind.POD:
        field = "pod__station__path"
        return (
            PodBooking.objects.filter(status=PodBookingStatus.USED)
            .filter(_year_q("starts_at", year), access.scope_q(viewer, PERM, field))
            .filter(_within_q(field, within))
            .select_related("pod__station")
            .order_by("-starts_at", "-pk")
        )
    field = "slot__station__path"
    return (
        Booking.objects.filter(status=BookingStatus.ATTENDED)
        .filter(_year_q("starts_at", year), access.scope_q(viewer, PERM, field))
        .filter(_within_q(field, within))
        .select_related("slot__station", "counsellor__practitioner")
        .order_by("-starts_at", "-pk")
    )


def held_rows(viewer: User, items: Iterable[Booking | PodBooking]) -> list[HeldSession]:
    """Plain rows of `items` (from sessions_held). A one-to-one session links to its booking
    page only for its own counsellor, the one person that page opens for
    (selectors.staff.booking_for_counsellor); pod uses have no page."""
    modes = dict(Mode.choices)
    rows = []
    for item in items:
        if isinstance(item, PodBooking):
            how = gettext("walk-in") if item.walk_in else gettext("booked ahead")
            rows.append(
                HeldSession(clock.local(item.starts_at), item.pod.station.name, item.pod.title, how)
            )
            continue
        own = item.counsellor_id == viewer.pk
        rows.append(
            HeldSession(
                starts_at=clock.local(item.starts_at),
                station=item.slot.station.name,
                provider=counsellor_name(item.counsellor),
                mode=str(modes.get(item.slot.mode, item.slot.mode)),
                booking_id=item.public_id if own else None,
            )
        )
    return rows


def filter_units(viewer: User) -> QuerySet[OrgUnit]:
    """The units the page's unit filter offers: active ones the viewer reaches with the
    permission, in tree order."""
    return access.units_visible_to(viewer, PERM).filter(is_active=True).order_by("path")


def may_open(viewer: User) -> bool:
    return access.holds_anywhere(viewer, PERM)
