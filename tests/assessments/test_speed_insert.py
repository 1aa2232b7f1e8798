"""core.db.insert.Inserter stores a row exactly as Model.save(force_insert=True) would, with
its SQL written once, and refuses the models it would get wrong."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import InstrumentVersion, Submission
from core.db.insert import Inserter

PLAIN = [1, 1, 0, 1, 0, 1, 0, 0, 0]

pytestmark = pytest.mark.django_db


def _submission(version: InstrumentVersion, code: str) -> Submission:
    return Submission(
        retrieval_hash=code * 64,
        instrument_version=version,
        answers=list(PLAIN),
        total=Decimal("4.00"),
        percentage=Decimal("14.81"),
        subscales={"a": "1.5"},
        band_code="mild",
        severity=1,
        risk_reasons=["item9"],
        submitted_on="2026-06-10",
        expires_on="2027-06-10",
    )


def _stored(pk: int) -> dict[str, object]:
    row = Submission.objects.filter(pk=pk).values().get()
    return {k: v for k, v in row.items() if k not in {"id", "public_id", "retrieval_hash"}}


def test_a_row_inserted_is_the_row_save_stores(instruments: None) -> None:
    version = InstrumentVersion.objects.filter(instrument__code="phq9").latest("number")
    saved = _submission(version, "a")
    saved.save(force_insert=True)
    inserted = _submission(version, "b")
    with CaptureQueriesContext(connection) as queries:
        Inserter(Submission)(inserted)
    assert [q["sql"].split(" ", 1)[0] for q in queries.captured_queries] == ["INSERT"]
    assert inserted.pk is not None and inserted.pk != saved.pk
    assert not inserted._state.adding and inserted._state.db == "default"
    assert _stored(inserted.pk) == _stored(saved.pk)  # defaults, JSON, decimals, dates alike
    assert Submission.objects.get(pk=inserted.pk).public_id == inserted.public_id


def test_the_statement_is_written_once_per_database(instruments: None) -> None:
    version = InstrumentVersion.objects.filter(instrument__code="phq9").latest("number")
    insert = Inserter(Submission)
    insert(_submission(version, "c"))
    first = insert._sql["default"]
    insert(_submission(version, "d"))
    assert insert._sql["default"] is first
    assert Submission.objects.filter(retrieval_hash__in=["c" * 64, "d" * 64]).count() == 2


def test_it_refuses_what_it_would_get_wrong(instruments: None) -> None:
    version = InstrumentVersion.objects.filter(instrument__code="phq9").latest("number")
    with pytest.raises(TypeError, match="signal receivers"):
        # Saving a version bumps the instruments' cache version (a post_save receiver).
        Inserter(InstrumentVersion)(InstrumentVersion(instrument=version.instrument))
    existing = _submission(version, "e")
    existing.save()
    with pytest.raises(ValueError, match="primary key"):
        Inserter(Submission)(existing)
