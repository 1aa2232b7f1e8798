"""Instruments in the database: loading the files, versions, what old answers score against."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from accounts.models import User
from assessments import demo, scoring, services
from assessments.models import Instrument, InstrumentVersion
from core.errors import PermissionDenied
from network.models import AuditEntry
from tests.assessments.definitions import SHIPPED, answers_for, raw_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def instruments_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "instruments"
    shutil.copytree(services.INSTRUMENTS_DIR, directory)
    return directory


def _write(directory: Path, code: str, data: dict[str, Any]) -> None:
    (directory / f"{code}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def test_loading_the_files_creates_every_shipped_instrument_at_version_1() -> None:
    outcomes = services.instrument_load_files()

    assert sorted(o.code for o in outcomes) == sorted(SHIPPED)
    assert all(o.created and o.version == 1 for o in outcomes)
    phq9 = Instrument.objects.get(code="phq9")
    assert (phq9.short_name, phq9.name_en, phq9.license) == (
        "PHQ-9",
        "Patient Health Questionnaire (PHQ-9)",
        "free",
    )
    assert str(phq9) == "PHQ-9 患者健康问卷抑郁量表（PHQ-9）"
    version = phq9.current_version
    assert version is not None
    assert str(version) == "phq9 v1"
    assert version.content_hash == scoring.content_hash(raw_definition("phq9"))
    assert version.score([0] * 8 + [1]).risk is True


def test_loading_twice_creates_nothing_new(django_assert_max_num_queries: Any) -> None:
    services.instrument_load_files()
    entries = AuditEntry.objects.count()

    with django_assert_max_num_queries(5 * len(SHIPPED) + 2):
        outcomes = services.instrument_load_files()

    assert not any(o.created for o in outcomes)
    assert InstrumentVersion.objects.count() == len(SHIPPED)
    assert AuditEntry.objects.count() == entries


def test_a_changed_file_creates_version_2_and_version_1_keeps_scoring_as_before(
    instruments_dir: Path,
) -> None:
    services.instrument_load_files(directories=[instruments_dir])
    v1 = InstrumentVersion.objects.get(instrument__code="phq9", number=1)
    answered_v1 = v1.pk  # what a submission answered against version 1 keeps
    answers = answers_for(v1.parsed, 5)

    edited = raw_definition("phq9", instruments_dir)
    edited["bands"][0]["max"] = 5  # an operator moves the first cut-off
    edited["bands"][1]["min"] = 6
    _write(instruments_dir, "phq9", edited)
    outcomes = {o.code: o for o in services.instrument_load_files(directories=[instruments_dir])}

    assert (outcomes["phq9"].version, outcomes["phq9"].created) == (2, True)
    assert not any(o.created for code, o in outcomes.items() if code != "phq9")
    versions = list(InstrumentVersion.objects.filter(instrument__code="phq9"))
    assert [(v.number, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert InstrumentVersion.objects.get(pk=answered_v1).score(answers).band_code == "mild"
    assert versions[1].score(answers).band_code == "minimal"
    assert AuditEntry.objects.filter(
        action="assessments.instrument_version.created", target_id=str(versions[1].pk)
    ).exists()


def test_reverting_a_file_makes_a_third_version(instruments_dir: Path) -> None:
    services.instrument_load_files(directories=[instruments_dir])
    original = raw_definition("who5", instruments_dir)
    edited = raw_definition("who5", instruments_dir)
    edited["description"]["en"] = "Five questions."
    _write(instruments_dir, "who5", edited)
    services.instrument_load_files(directories=[instruments_dir])
    _write(instruments_dir, "who5", original)

    services.instrument_load_files(directories=[instruments_dir])

    current = Instrument.objects.get(code="who5").current_version
    assert current is not None and current.number == 3
    assert (
        current.content_hash
        == InstrumentVersion.objects.get(instrument__code="who5", number=1).content_hash
    )


def test_a_faulty_file_changes_nothing_and_names_file_and_field(instruments_dir: Path) -> None:
    broken = raw_definition("gad7", instruments_dir)
    broken["bands"][2]["min"] = 11
    _write(instruments_dir, "gad7", broken)

    with pytest.raises(scoring.InstrumentDefinitionError) as caught:
        services.instrument_load_files(directories=[instruments_dir])

    assert caught.value.field == "gad7.yaml: bands[3].min"
    assert Instrument.objects.count() == 0


def test_a_file_that_is_not_yaml_is_named(instruments_dir: Path) -> None:
    (instruments_dir / "zz.yaml").write_text("code: [unclosed", encoding="utf-8")

    with pytest.raises(scoring.InstrumentDefinitionError) as caught:
        services.instrument_load_files(directories=[instruments_dir])

    assert caught.value.field == "zz.yaml"


def test_only_city_centre_administrators_change_instruments() -> None:
    cadre = User.objects.create(username="someone", email="someone@example.com", is_staff=True)

    with pytest.raises(PermissionDenied):
        services.instrument_version_create(actor=cadre, definition=raw_definition("phq9"))
    assert not Instrument.objects.exists()


def test_a_superuser_edit_is_audited_with_the_actor() -> None:
    city_admin = User.objects.create(username="root", is_staff=True, is_superuser=True)
    version, created = services.instrument_version_create(
        actor=city_admin, definition=raw_definition("phq9")
    )

    assert created
    entry = AuditEntry.objects.get(action="assessments.instrument_version.created")
    assert entry.actor == city_admin
    assert entry.details == {"instrument": "phq9", "version": 1, "hash": version.content_hash}


def test_versions_are_never_edited() -> None:
    services.instrument_load_files()
    version = InstrumentVersion.objects.get(instrument__code="gad7")

    version.definition = {}
    with pytest.raises(TypeError):
        version.save()
    with pytest.raises(TypeError):
        InstrumentVersion.objects.filter(pk=version.pk).update(definition={})
    assert InstrumentVersion.objects.get(pk=version.pk).definition["code"] == "gad7"


def test_the_database_keeps_one_current_version_per_instrument() -> None:
    services.instrument_load_files()
    v1 = InstrumentVersion.objects.get(instrument__code="k10")

    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentVersion.objects.create(
            instrument=v1.instrument,
            number=2,
            definition=v1.definition,
            content_hash=v1.content_hash,
            is_current=True,
        )


def test_the_database_keeps_version_numbers_unique() -> None:
    services.instrument_load_files()
    v1 = InstrumentVersion.objects.get(instrument__code="k10")

    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentVersion.objects.create(
            instrument=v1.instrument,
            number=1,
            definition=v1.definition,
            content_hash=v1.content_hash,
            is_current=False,
        )


def test_model_validation_names_the_faulty_field() -> None:
    services.instrument_load_files()
    instrument = Instrument.objects.get(code="gad7")
    definition = raw_definition("gad7")
    definition["items"][0]["text"] = {"zh-Hans": "只有中文"}
    version = InstrumentVersion(
        instrument=instrument, number=2, definition=definition, content_hash="x" * 64
    )

    with pytest.raises(ValidationError) as caught:
        version.full_clean()
    assert "items[1].text.en" in str(caught.value)


def test_the_management_command_loads_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_instruments")
    call_command("load_instruments")

    out = capsys.readouterr().out
    assert "5 instruments loaded, 5 new versions." in out
    assert "5 instruments loaded, 0 new versions." in out
    assert InstrumentVersion.objects.count() == 5


def test_the_management_command_takes_an_operators_directory(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Not a directory"):
        call_command("load_instruments", "--dir", str(tmp_path / "missing"))


def test_the_demo_loader_brings_the_instruments() -> None:
    admin = User.objects.create(username="demo-admin", is_staff=True, is_superuser=True)

    assert demo.load(admin) == []
    assert demo.load(admin) == []
    assert InstrumentVersion.objects.filter(is_current=True).count() == len(SHIPPED)
