"""The hotline's KPI facts (core.facts), all at the line's unit.

- `hotline_calls`: one per logged call, on the call's day, with the caller's key groups
  as breakdowns;
- `hotline_cases_closed`: one per case closed with an outcome, on the day it closed;
- `crises_acknowledged_in_time`: one per crisis first acknowledged within the wait of
  its chain's first step (before any escalation), on the day the crisis began;
- `petition_visits` and `petition_people_counselled`: per petition-desk visit day;
  `petition_cases_heard`: one per case heard, on the visit's day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import F

from core import clock
from core.facts import Fact, Source
from hotline.models import Call, CallStatus, CaseStatus, CrisisIncident, HotlineCase
from hotline.models.petition import PetitionHearing, PetitionVisit

# The call's key-group flags, by the breakdown key the KPIs use.
KEY_GROUPS = {"gig": "gig_worker", "women": "woman_worker", "hardship": "hardship_family"}


def call_facts(call: Call, unit_id: int) -> list[Fact]:
    if call.status != CallStatus.LOGGED:
        return []
    source, day = Source.of(call), clock.local_date(call.started_at)
    found = [Fact("hotline_calls", unit_id, day, 1, source)]
    for key, flag in KEY_GROUPS.items():
        if getattr(call, flag):
            found.append(Fact("hotline_calls", unit_id, day, 1, source, key))
    return found


def case_facts(case: HotlineCase, unit_id: int) -> list[Fact]:
    if case.status != CaseStatus.CLOSED or not case.outcome or case.closed_at is None:
        return []
    day = clock.local_date(case.closed_at)
    return [Fact("hotline_cases_closed", unit_id, day, 1, Source.of(case))]


def acknowledged_in_time(incident: CrisisIncident) -> bool:
    if incident.first_acknowledged_at is None or not incident.chain:
        return False
    wait = timedelta(minutes=int(incident.chain[0].get("wait_minutes") or 1))
    return incident.first_acknowledged_at - incident.opened_at <= wait


def crisis_facts(incident: CrisisIncident, unit_id: int) -> list[Fact]:
    if not acknowledged_in_time(incident):
        return []
    day = clock.local_date(incident.opened_at)
    return [Fact("crises_acknowledged_in_time", unit_id, day, 1, Source.of(incident))]


def visit_facts(visit: PetitionVisit, unit_id: int) -> list[Fact]:
    source = Source.of(visit)
    found = [Fact("petition_visits", unit_id, visit.day, 1, source)]
    if visit.people_counselled:
        found.append(
            Fact("petition_people_counselled", unit_id, visit.day, visit.people_counselled, source)
        )
    return found


def hearing_facts(hearing: PetitionHearing, visit: PetitionVisit, unit_id: int) -> list[Fact]:
    return [Fact("petition_cases_heard", unit_id, visit.day, 1, Source.of(hearing))]


def all_facts() -> Iterator[Fact]:
    """Every fact of the raw records (manage.py kpis_rebuild)."""
    calls = Call.objects.filter(status=CallStatus.LOGGED).annotate(kpi_unit=F("line__unit_id"))
    for call in calls.order_by("pk").iterator(chunk_size=5000):
        yield from call_facts(call, call.kpi_unit)
    cases = HotlineCase.objects.filter(status=CaseStatus.CLOSED).annotate(
        kpi_unit=F("line__unit_id")
    )
    for case in cases.order_by("pk").iterator(chunk_size=5000):
        yield from case_facts(case, case.kpi_unit)
    crises = CrisisIncident.objects.filter(first_acknowledged_at__isnull=False).annotate(
        kpi_unit=F("line__unit_id")
    )
    for incident in crises.order_by("pk").iterator(chunk_size=2000):
        yield from crisis_facts(incident, incident.kpi_unit)
    visits = PetitionVisit.objects.annotate(kpi_unit=F("line__unit_id"))
    for visit in visits.order_by("pk").iterator(chunk_size=2000):
        yield from visit_facts(visit, visit.kpi_unit)
    hearings = PetitionHearing.objects.select_related("visit__line")
    for hearing in hearings.order_by("pk").iterator(chunk_size=2000):
        yield from hearing_facts(hearing, hearing.visit, hearing.visit.line.unit_id)
