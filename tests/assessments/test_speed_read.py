"""core.db.select.Reader reads rows and their foreign keys' rows with one SELECT written once,
exactly as the ORM's select_related would give them; it refuses what it would get wrong."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from assessments.models import Campaign, Submission
from core import clock
from core.db.select import Reader
from network.models import OrgUnit
from tests.assessments.factories import CampaignFactory, SubmissionFactory
from tests.network import factories

pytestmark = pytest.mark.django_db

RELATED = ("instrument_version__instrument", "unit", "campaign")


def values(obj: models.Model | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def same(read: Submission, orm: Submission) -> None:
    assert type(read) is Submission and read._state.db == "default" and not read._state.adding
    assert values(read) == values(orm)
    with CaptureQueriesContext(connection) as queries:  # the related rows are in their caches
        related = [
            read.instrument_version,
            read.instrument_version.instrument,
            read.unit,
            read.campaign,
        ]
    assert len(queries) == 0
    expected = [orm.instrument_version, orm.instrument_version.instrument, orm.unit, orm.campaign]
    assert [values(r) for r in related] == [values(r) for r in expected]


@pytest.fixture
def submissions(instruments: None) -> list[Submission]:
    room = factories.small_tree()["room_ar"]
    campaign = CampaignFactory.create(unit=room, instruments=("phq9", "gad7"))
    made = [
        SubmissionFactory.create(),  # no unit, no campaign: both keys null
        SubmissionFactory.create(instrument="gad7", band="moderate", campaign=campaign),
        SubmissionFactory.create(band="severe", risk=True, unit=room, unit_path=room.path),
    ]
    Submission.objects.filter(pk=made[0].pk).update(
        answers=[1, 2, 0], subscales={"a": "1.50"}, risk_reasons=["item9"]
    )
    return made


def test_the_rows_and_their_related_rows_are_the_orms(submissions: list[Submission]) -> None:
    reader = Reader(Submission, *RELATED)
    ids = [s.public_id for s in submissions]
    read = {s.pk: s for s in reader.filter(public_id__in=ids, expires_on__gt=clock.today())}
    orm = Submission.objects.select_related(*RELATED).filter(public_id__in=ids)
    assert set(read) == {s.pk for s in submissions}
    for expected in orm:
        same(read[expected.pk], expected)
    first = read[submissions[0].pk]
    assert first.answers == [1, 2, 0] and first.risk_reasons == ["item9"]  # JSON decoded
    assert isinstance(first.total, Decimal) and first.unit is None and first.campaign is None
    assert read[submissions[1].pk].campaign.unit == submissions[1].unit  # type: ignore[union-attr]


def test_the_sql_is_written_once_per_shape(submissions: list[Submission]) -> None:
    reader = Reader(Submission, *RELATED)
    for count in (1, 2, 2, 3, 1):
        ids = [s.public_id for s in submissions[:count]]
        with CaptureQueriesContext(connection) as queries:
            assert len(reader.filter(public_id__in=ids)) == count
        assert len(queries) == 1
    assert len(reader._sql) == 3  # one statement per number of ids


@pytest.mark.parametrize("lookup", ["exact", "gt", "gte", "lt", "lte"])
def test_each_lookup_finds_what_the_orm_finds(submissions: list[Submission], lookup: str) -> None:
    Submission.objects.filter(pk=submissions[0].pk).update(
        expires_on=clock.today() + timedelta(days=3)
    )
    Submission.objects.filter(pk=submissions[2].pk).update(expires_on=clock.today())
    reader = Reader(Submission, *RELATED)
    day = clock.today() + timedelta(days=3)
    condition = {f"expires_on__{lookup}" if lookup != "exact" else "expires_on": day}
    found = {s.pk for s in reader.filter(**condition)}
    assert found == set(Submission.objects.filter(**condition).values_list("pk", flat=True))


def test_asking_for_nothing_asks_the_database_nothing(submissions: list[Submission]) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert Reader(Submission, *RELATED).filter(public_id__in=[]) == []
    assert len(queries) == 0


@pytest.mark.parametrize(
    "conditions",
    [
        {"public_id__startswith": "a"},
        {"public_id": None},
        {"unit": 1},
        {"campaign__name": "x"},
    ],
)
def test_what_it_would_get_wrong_is_refused(
    submissions: list[Submission], conditions: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):
        Reader(Submission, *RELATED).filter(**conditions)


def test_only_foreign_keys_are_followed(db: None) -> None:
    with pytest.raises(TypeError, match="not a foreign key"):
        Reader(Campaign, "instruments").tables  # noqa: B018  # many-to-many
    assert [t.model for t in Reader(OrgUnit).tables] == [OrgUnit]


def test_a_foreign_key_by_its_column_and_deferred_columns(
    submissions: list[Submission],
) -> None:
    from assessments.models import Report

    for submission, language in zip(submissions, ["en", "zh-hans", "en"], strict=True):
        Report.objects.create(submission=submission, language=language, pdf=b"%PDF-1.7 x")
    reader = Reader(Report, defer=("pdf",))
    ids = [s.pk for s in submissions]
    with CaptureQueriesContext(connection) as queries:
        read = reader.filter(submission_id__in=ids, language="en")
    assert "pdf" not in queries[0]["sql"].lower()
    orm = Report.objects.filter(submission__in=ids, language="en").defer("pdf")
    assert sorted(r.pk for r in read) == sorted(r.pk for r in orm) and len(read) == 2
    for report in read:
        assert report.get_deferred_fields() == {"pdf"}
        assert bytes(report.pdf) == b"%PDF-1.7 x"  # read when asked, as QuerySet.defer does
    with pytest.raises(ValueError, match="never the key"):
        Reader(Report, defer=("id",)).tables  # noqa: B018


# --- One: the row pointing at each row, matched when read ------------------------------


def without_pdf(report: models.Model) -> dict[str, Any]:
    return {
        f.attname: getattr(report, f.attname)
        for f in report._meta.concrete_fields
        if f.name != "pdf"
    }


def test_one_row_pointing_at_each_row_is_read_in_the_same_select(
    submissions: list[Submission],
) -> None:
    from assessments.models import Report
    from core.db.select import One

    # Given reports in English for two submissions, in Chinese for the first, none for one
    given = [(submissions[0], "en"), (submissions[0], "zh-hans"), (submissions[2], "en")]
    for submission, language in given:
        Report.objects.create(submission=submission, language=language, pdf=b"%PDF-1.7 x")
    reader = Reader(
        Submission, *RELATED, one=One(Report, "submission", match=("language",), defer=("pdf",))
    )
    ids = [s.public_id for s in submissions]
    for language in ("en", "zh-hans", "fr"):
        with CaptureQueriesContext(connection) as queries:
            pairs = reader.filter_with_one(
                {"language": language}, public_id__in=ids, expires_on__gt=clock.today()
            )
        assert len(queries) == 1 and "pdf" not in queries[0]["sql"].lower()
        assert len(pairs) == 3  # one pair a submission, whether it has a report or not
        orm = {r.submission_id: r for r in Report.objects.filter(language=language)}
        for submission, report in pairs:
            same(submission, Submission.objects.select_related(*RELATED).get(pk=submission.pk))
            expected = orm.get(submission.pk)
            assert (report is None) == (expected is None)
            if report is not None and expected is not None:
                assert report.get_deferred_fields() == {"pdf"}
                assert without_pdf(report) == without_pdf(expected)
            if report is not None:
                with CaptureQueriesContext(connection) as more:
                    assert report.submission is submission  # its key's row, in the cache
                assert len(more) == 0


def test_one_needs_a_unique_match_and_its_own_reading(db: None) -> None:
    from assessments.models import Report
    from core.db.select import One

    with pytest.raises(ValueError, match="not unique"):
        Reader(Submission, one=One(Report, "submission", match=("status",))).tables  # noqa: B018
    with pytest.raises(TypeError, match="not a key"):
        Reader(OrgUnit, one=One(Report, "submission", match=("language",))).tables  # noqa: B018
    reader = Reader(Submission, one=One(Report, "submission", match=("language",)))
    with pytest.raises(TypeError, match="filter_with_one"):
        reader.filter(public_id__in=[])
    with pytest.raises(TypeError, match="match columns"):
        reader.filter_with_one({"status": "done"}, public_id__in=[])
