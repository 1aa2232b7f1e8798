"""Certificate reads: the public verification, the holder's own, the unit register, KPIs.

The public verification (page and API) shows a partly masked name, the programme, the
dates and the status, nothing else personal. The register of certified backbone staff
names people: only administrators of their unit's subtree read it, and each read is
audited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear

from core import clock
from core.errors import NotFound
from learning.models import Certificate, CertificateStatus
from learning.selectors.training import MANAGE, may_manage_training
from network import access, audit
from network.access import Viewer
from network.models import OrgUnit


def mask_name(name: str) -> str:
    """Keep the first character of each word, mask the rest: 陈静 → 陈*, Jane Doe → J*** D**."""
    words = name.split()
    return " ".join(w[0] + "*" * max(1, len(w) - 1) if len(w) > 1 else w for w in words) or "*"


@dataclass(frozen=True)
class Verification:
    status: CertificateStatus
    masked_name: str
    programme: str
    unit: str
    number: str
    issued_on: date
    expires_on: date


def _with_programme(rows: QuerySet[Certificate] | None = None) -> QuerySet[Certificate]:
    return (Certificate.objects.all() if rows is None else rows).select_related(
        "enrolment__programme__unit", "enrolment__unit", "enrolment__person"
    )


def certificate_verification(*, code: str) -> Verification:
    """What anyone holding the code (the QR) may learn; an unknown code is NotFound."""
    found = certificate_lookup(code=code)
    if found is None:
        raise NotFound()
    return found


def certificate_lookup(*, code: str) -> Verification | None:
    """As `certificate_verification`, None for an unknown code (the page says so itself)."""
    cert = _with_programme().filter(code=code).first() if code else None
    if cert is None:
        return None
    programme = cert.enrolment.programme
    return Verification(
        status=cert.status_on(clock.today()),
        masked_name=mask_name(cert.holder_name),
        programme=programme.title,
        unit=programme.unit.name,
        number=cert.number,
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
    )


def certificate_for_holder(*, viewer: Viewer, public_id: UUID | str) -> Certificate:
    if viewer is None or not viewer.is_authenticated:
        raise NotFound()
    cert = _with_programme().filter(public_id=public_id, enrolment__person=viewer).first()
    if cert is None:
        raise NotFound()
    return cert


def certificate_for_staff(*, viewer: Viewer, public_id: UUID | str) -> Certificate:
    if not may_manage_training(viewer):
        raise NotFound()
    cert = (
        _with_programme()
        .filter(access.scope_q(viewer, MANAGE, field="enrolment__unit__path"), public_id=public_id)
        .first()
    )
    if cert is None:
        raise NotFound()
    return cert


def refresher_offered(cert: Certificate, *, refresher_days: int, today: date | None = None) -> bool:
    """True from `refresher_days` before expiry to the expiry day, for a valid, unrenewed one."""
    day = today or clock.today()
    if cert.status_on(day) != CertificateStatus.VALID or (cert.expires_on - day).days > (
        refresher_days
    ):
        return False
    return not is_renewed(cert)


def is_renewed(cert: Certificate) -> bool:
    return Certificate.objects.filter(renews=cert).exists()


@dataclass(frozen=True)
class RegisterRow:
    certificate: Certificate
    status: CertificateStatus


def counted_certificates() -> QuerySet[Certificate]:
    """The certificates `backbone_certified` counts: each person's first certificate (not a
    renewal) of each year that is not revoked, the earliest by issue day then by id, as
    learning.facts picks it (`_counted`, `all_facts`). Its fact is at the enrolment's unit
    on the day of issue, so the rows of a subtree and a year are that unit's figure."""
    earlier = Certificate.objects.annotate(year=ExtractYear("issued_on")).filter(
        Q(issued_on__lt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__lt=OuterRef("pk")),
        enrolment__person_id=OuterRef("enrolment__person_id"),
        year=OuterRef("year"),
        renews=None,
        revoked_at=None,
    )
    return (
        Certificate.objects.annotate(year=ExtractYear("issued_on"))
        .filter(renews=None, revoked_at=None)
        .filter(~Exists(earlier))
    )


def certificate_register(
    *,
    viewer: Viewer,
    unit: OrgUnit | None = None,
    include_all: bool = False,
    year: int | None = None,
    counted: bool = False,
) -> list[RegisterRow]:
    """Certificates of people in the viewer's subtree (valid only unless `include_all`),
    of `unit`'s subtree and issued in `year` when given.

    `counted`: exactly the people `backbone_certified` counts instead, one row per person
    and year (their first certificate of the year, whatever its state now, `include_all`
    aside), issued up to today as the figures count; a person whose first certificate of
    the year is at a unit outside `unit`'s subtree is counted there, not here.
    """
    if not may_manage_training(viewer):
        return []
    today = clock.today()
    rows = _with_programme(counted_certificates().filter(issued_on__lte=today) if counted else None)
    rows = rows.filter(access.scope_q(viewer, MANAGE, field="enrolment__unit__path"))
    if unit is not None:
        rows = rows.filter(enrolment__unit__path__startswith=unit.path)
    if year is not None:
        rows = rows.filter(issued_on__year=year)
    if not include_all and not counted:
        # A renewed certificate is shown once, by its renewal.
        rows = rows.filter(revoked_at=None, expires_on__gte=today, renewal__isnull=True)
    shown = [
        RegisterRow(c, c.status_on(today))
        for c in rows.order_by("enrolment__unit__path", "holder_name", "-issued_on", "pk")
    ]
    if shown:
        audit.record(
            actor=viewer,
            action="learning.register.viewed",
            unit=unit,
            details={"shown": len(shown), "year": year, "counted": counted},
        )
    return shown


def certified_counts(*, year: int | None = None) -> dict[tuple[int, int], int]:
    """People certified per (unit id, year of their first certificate), revoked ones left out.

    For the KPIs: a renewal does not count the person again.
    """
    rows = Certificate.objects.filter(renews=None, revoked_at=None).annotate(
        year=ExtractYear("issued_on")
    )
    if year is not None:
        rows = rows.filter(issued_on__year=year)
    counts: Counter[tuple[int, int]] = Counter()
    seen: set[tuple[int, int]] = set()
    for unit_id, person_id, issued_year in rows.values_list(
        "enrolment__unit_id", "enrolment__person_id", "year"
    ).order_by("issued_on"):
        if (person_id, issued_year) in seen:
            continue  # two programmes in one year: one person
        seen.add((person_id, issued_year))
        counts[(unit_id, issued_year)] += 1
    return dict(counts)
