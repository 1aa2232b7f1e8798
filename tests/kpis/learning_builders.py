"""Learning records made through its services (tests/kpis): certificates, premium courses,
library views."""

from __future__ import annotations

from accounts.models import User
from learning.models import Certificate, ItemStatus, LibraryItem, Programme
from learning.services import EnrolmentData, certificate_issue, enrolment_create
from learning.services.certificates import certificate_revoke
from learning.services.library import item_view_count, premium_schedule
from network.models import OrgUnit
from tests.kpis.builders import YEAR, Staff, n
from tests.learning.factories import library_item


def certificate(who: Staff, unit: OrgUnit, *, person: User | None) -> Certificate:
    """A certificate of a new programme (no sessions or exam required) for `person`."""
    programme = Programme.objects.create(
        title=f"骨干培训{n()}", unit=unit.parent or unit, required_sessions=0
    )
    person = person or User.objects.create(username=f"trainee-{n()}")
    enrolment = enrolment_create(
        actor=who.admin,
        programme=programme,
        person=person,
        unit=unit,
        data=EnrolmentData(sign_in_name=f"学员{n()}"),
    )
    return certificate_issue(actor=who.admin, enrolment=enrolment)


def revoke(who: Staff, cert: Certificate) -> None:
    certificate_revoke(actor=who.admin, certificate=cert, reason="信息有误")


def premium(who: Staff, *, month: int, publish: bool = True) -> LibraryItem:
    status = ItemStatus.PUBLISHED if publish else ItemStatus.DRAFT
    item = library_item(title=f"精品课{n()}", status=status)
    premium_schedule(actor=who.admin, year=YEAR, month=month, item=item)
    return item


def views(item: LibraryItem, count: int) -> None:
    for _i in range(count):
        item_view_count(item=item)
