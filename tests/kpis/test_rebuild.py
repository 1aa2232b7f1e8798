"""kpis_rebuild: the tables rebuilt from the raw records equal the ones the services kept
current, after any sequence of recorded work (Hypothesis), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessments.services import submissions as submission_services
from assessments.services.submissions import archive_consent_grant, archive_consent_revoke
from core import clock
from kpis.models import Fact, FactRollup, RollupMonth, UnitAncestor
from kpis.services import rollup
from learning.services.library import item_withdraw
from network.models import OrgUnit
from network.services import unit_move
from tests.kpis import builders
from tests.kpis import learning_builders as lb
from tests.kpis.builders import Staff

pytestmark = pytest.mark.django_db

JULY_FIRST = datetime(2026, 7, 1, 2, 0, tzinfo=builders.SHANGHAI)
UNITS = ("room_a1r", "station_a1", "room_ar", "station_b1", "district_a")


def fact_table() -> Counter[tuple[Any, ...]]:
    columns = ("indicator", "unit_id", "date", "value", "breakdown", "source_model", "source_pk")
    return Counter(Fact.objects.values_list(*columns))


def ancestors_table() -> set[tuple[int, int, int]]:
    return set(UnitAncestor.objects.values_list("unit_id", "ancestor_id", "depth"))


def closed_table() -> set[tuple[int, int]]:
    return set(RollupMonth.objects.values_list("year", "month"))


def rollup_table() -> set[tuple[Any, ...]]:
    """The roll-up rows (the incremental side may leave rows that came back to 0)."""
    columns = ("ancestor_id", "year", "month", "indicator", "breakdown", "value")
    return set(FactRollup.objects.exclude(value=0).values_list(*columns))


Tables = tuple[Counter[tuple[Any, ...]], set[tuple[int, int, int]], set[tuple[Any, ...]]]


def rebuilt() -> Tables:
    out = StringIO()
    call_command("kpis_rebuild", stdout=out)
    assert out.getvalue().startswith("kpis_rebuild: ")
    return fact_table(), ancestors_table(), rollup_table()


@dataclass
class World:
    who: Staff
    tree: dict[str, OrgUnit]
    lectures: list[Any] = field(default_factory=list)
    pods: list[Any] = field(default_factory=list)
    visits: list[Any] = field(default_factory=list)
    open_campaigns: list[Any] = field(default_factory=list)
    certificates: list[Any] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    moved: bool = False

    def unit(self, index: int) -> OrgUnit:
        return self.tree[UNITS[index % len(UNITS)]]


def _archive(world: World, unit: OrgUnit) -> None:
    archive_consent_grant(actor=world.who.worker)
    submission_services.submission_create(
        actor=world.who.worker,
        instrument_code="phq9",
        answers=builders.PHQ9_MODERATE,
        language="zh-hans",
        demographics=submission_services.Demographics(district=unit, key_group="woman"),
        archive=True,
    )


def _move(world: World) -> None:
    parent = world.tree["district_a" if world.moved else "district_b"]
    unit_move(actor=world.who.admin, unit=world.tree["station_a1"], new_parent=parent)
    world.moved = not world.moved
    world.tree["station_a1"].refresh_from_db()


def apply(world: World, op: tuple[str, int, int]) -> None:
    kind, a, b = op
    who, unit = world.who, world.unit(a)
    if kind == "lecture":
        world.lectures.append(builders.held_lecture(who, unit, signed=b, gig=b // 2))
    elif kind == "adjust" and world.lectures:
        lecture = world.lectures[a % len(world.lectures)]
        if lecture.record.attendance != b + 5:
            builders.adjust_attendance(who, lecture, b + 5)
    elif kind == "assess":
        builders.assessment(unit, mild=bool(b % 2), key_group="gig" if b > 1 else "")
    elif kind == "archive":
        _archive(world, unit)
    elif kind == "revoke":
        archive_consent_revoke(actor=who.worker)
    elif kind == "session":
        builders.attended_session(who, unit, days_ago=1 + b)
    elif kind == "pod":
        world.pods.append(builders.pod_session(who, unit, used=bool(b % 2)))
    elif kind == "pod_flip" and world.pods:
        pod = world.pods[a % len(world.pods)]
        pod.refresh_from_db()
        builders.pod_mark(who, pod, used=pod.status != "used")
    elif kind == "call":
        builders.call(who, gig=bool(b % 2))
    elif kind == "petition":
        world.visits.append(builders.petition_visit(who, people=b, heard=b % 2))
    elif kind == "hearing" and world.visits:
        builders.hearing(who, world.visits[a % len(world.visits)])
    elif kind == "campaign":
        world.open_campaigns.append(builders.campaign(who, unit, days=b + 1))
    elif kind == "campaign_end" and world.open_campaigns:
        campaign = world.open_campaigns.pop()
        if not campaign.is_closed_on(clock.today()):  # its last day may have passed
            builders.campaign_end(who, campaign)
    elif kind == "move":
        _move(world)
    else:
        apply_learning(world, op)


def apply_learning(world: World, op: tuple[str, int, int]) -> None:
    kind, a, b = op
    who, unit = world.who, world.unit(a)
    if kind == "certificate":
        person = who.worker if b % 2 else None  # the same person again, or someone new
        world.certificates.append(lb.certificate(who, unit, person=person))
    elif kind == "revoke_cert" and world.certificates:
        lb.revoke(who, world.certificates[a % len(world.certificates)])
    elif kind == "premium":
        world.items.append(lb.premium(who, month=1 + a, publish=bool(b % 2)))
    elif kind == "withdraw" and world.items:
        item_withdraw(actor=who.admin, item=world.items[a % len(world.items)])


KINDS = (
    "lecture",
    "adjust",
    "assess",
    "archive",
    "revoke",
    "session",
    "pod",
    "pod_flip",
    "call",
    "petition",
    "hearing",
    "campaign",
    "campaign_end",
    "move",
    "certificate",
    "revoke_cert",
    "premium",
    "withdraw",
)
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 9), st.integers(0, 3)), min_size=1, max_size=8
)
# Every kind of work once, in an order where each finds what it changes: always run.
EVERY_KIND = [
    ("lecture", 0, 3),
    ("adjust", 0, 1),
    ("assess", 1, 3),
    ("archive", 2, 0),
    ("pod", 1, 1),
    ("pod_flip", 0, 0),
    ("pod", 3, 1),
    ("session", 3, 0),
    ("call", 0, 1),
    ("petition", 0, 3),
    ("hearing", 0, 0),
    ("campaign", 2, 1),
    ("campaign_end", 0, 0),
    ("move", 0, 0),
    ("lecture", 1, 2),
    ("revoke", 0, 0),
    ("certificate", 0, 1),
    ("certificate", 2, 1),
    ("revoke_cert", 0, 0),
    ("premium", 3, 1),
    ("withdraw", 0, 0),
]


class Rollback(Exception):
    """Undo one Hypothesis example's writes (the fixtures' data stays)."""


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
@example(operations=EVERY_KIND)
def test_rebuild_equals_the_incremental_tables_after_random_work(
    who: Staff, tree: dict[str, OrgUnit], operations: list[tuple[str, int, int]]
) -> None:
    """Half the work in June (the months before closed), then June closed on 1 July and
    the other half recorded, some of it into closed months: the incremental tables equal
    the rebuilt ones."""
    half = len(operations) // 2
    try:
        with transaction.atomic():
            rollup.months_close()
            world = World(who=who, tree=dict(tree))
            for operation in operations[:half]:
                apply(world, operation)
            with time_machine.travel(JULY_FIRST, tick=False):
                assert (2026, 6) in rollup.months_close()
                for operation in operations[half:]:
                    apply(world, operation)
                incremental = fact_table(), ancestors_table(), rollup_table()
                months = closed_table()
                before_july = [row for row in incremental[0] if row[2] < JULY_FIRST.date()]
                assert incremental[2] or not before_july  # closed months' facts roll up
                assert rebuilt() == incremental
                assert closed_table() == months
            raise Rollback
    except Rollback:
        pass


def test_the_command_prints_counts_and_time(who: Staff, tree: dict[str, OrgUnit]) -> None:
    builders.held_lecture(who, tree["room_ar"], signed=2, gig=1)
    Fact.objects.all().delete()
    UnitAncestor.objects.all().delete()
    out = StringIO()
    call_command("kpis_rebuild", stdout=out)
    assert out.getvalue().startswith("kpis_rebuild: 3 facts, 18 ancestor rows, ")
    assert out.getvalue().rstrip().endswith(" s")
    assert Fact.objects.filter(indicator="lecture_attendances", breakdown="").get().value == 2


def test_library_views_rebuild_into_one_fact_per_item_and_day(who: Staff) -> None:
    item = lb.premium(who, month=6)
    lb.views(item, 4)
    visits = Fact.objects.filter(indicator="online_learning_visits")
    assert sorted(visits.values_list("value", flat=True)) == [1, 1, 1, 1]
    rebuilt()
    assert list(visits.values_list("value", flat=True)) == [4]


@pytest.mark.postgres
def test_on_postgresql_the_staging_table_is_swapped_in_with_djangos_names(
    who: Staff, tree: dict[str, OrgUnit]
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: runs in CI's second pass (DATABASE_URL=postgres://…)")
    builders.held_lecture(who, tree["room_ar"], signed=2)

    def names() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'kpis_fact' "
                "UNION SELECT conname FROM pg_constraint WHERE conrelid = 'kpis_fact'::regclass"
            )
            return {row[0] for row in cursor.fetchall()}

    before, facts = names(), fact_table()
    assert rebuilt()[0] == facts
    assert names() == before
    builders.held_lecture(who, tree["room_ar"], signed=1)  # the table takes new rows
    assert Fact.objects.filter(indicator="lectures_held").count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('kpis_fact_staging')")
        assert cursor.fetchone()[0] is None
