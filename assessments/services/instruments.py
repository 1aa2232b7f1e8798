"""Writing instruments: defining a new version, loading the data files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments import scoring
from assessments.models import (
    Instrument,
    InstrumentVersion,
)
from core.errors import PermissionDenied
from network import access, audit
from network.access import Perm

# The instruments the repository ships (free, validated; see each file's terms).
INSTRUMENTS_DIR = Path(__file__).resolve().parent.parent / "instruments"


@dataclass(frozen=True)
class LoadOutcome:
    code: str
    version: int
    created: bool
    path: Path | None = None


def _require_instrument_admin(actor: User | None) -> None:
    # Instruments serve the whole network: only the city centre changes them.
    # `actor=None` is the system (data files, deployments).
    if actor is None:
        return
    if not access.reaches_whole_network(actor, Perm.MANAGE_UNITS):
        raise PermissionDenied(_("Only city-centre administrators may change instruments."))


@transaction.atomic
def instrument_version_create(
    *, actor: User | None, definition: Mapping[str, Any]
) -> tuple[InstrumentVersion, bool]:
    """Make `definition` the instrument's current version.

    Creates the instrument on first sight. When the definition is the current
    version's (same content hash) nothing is written and `(current, False)` is
    returned; otherwise a new version numbered one higher becomes current and
    `(version, True)` is returned. Earlier versions stay, unchanged.
    Raises `InstrumentDefinitionError` naming the faulty field.
    """
    _require_instrument_admin(actor)
    parsed = scoring.parse_definition(definition)
    digest = scoring.content_hash(definition)
    instrument, _created = Instrument.objects.select_for_update().get_or_create(
        code=parsed.code,
        defaults={
            "short_name": parsed.short_name.en,
            "name": parsed.name.zh_hans,
            "name_en": parsed.name.en,
            "license": parsed.license,
        },
    )
    current = instrument.versions.current().first()
    if current is not None and current.content_hash == digest:
        return current, False

    latest = instrument.versions.aggregate(latest=Max("number"))["latest"] or 0
    instrument.versions.current().update(is_current=False)
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        number=latest + 1,
        definition=dict(definition),
        content_hash=digest,
        is_current=True,
    )
    instrument.short_name = parsed.short_name.en
    instrument.name = parsed.name.zh_hans
    instrument.name_en = parsed.name.en
    instrument.license = parsed.license
    instrument.save(update_fields=["short_name", "name", "name_en", "license", "updated_at"])
    audit.record(
        actor=actor,
        action="assessments.instrument_version.created",
        target=version,
        details={"instrument": instrument.code, "version": version.number, "hash": digest},
    )
    return version, True


def _read_yaml(path: Path) -> Any:
    # PyYAML is needed only here, when instruments are (re)loaded.
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 8x faster
    with path.open(encoding="utf-8") as handle:
        try:
            return yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader
        except yaml.YAMLError as exc:
            raise scoring.InstrumentDefinitionError(
                path.name, _("is not valid YAML: %(error)s") % {"error": exc}
            ) from exc


def instrument_load_files(
    *, actor: User | None = None, directories: Iterable[Path] = (INSTRUMENTS_DIR,)
) -> list[LoadOutcome]:
    """Load every `*.yaml` in `directories` (default: the shipped instruments).

    Idempotent: a file whose content is unchanged creates nothing. All files
    are loaded in one transaction, so a faulty file changes nothing at all;
    its error names the file and the field.
    """
    paths = sorted(path for directory in directories for path in Path(directory).glob("*.yaml"))
    outcomes = []
    with transaction.atomic():
        for path in paths:
            definition = _read_yaml(path)
            try:
                version, created = instrument_version_create(actor=actor, definition=definition)
            except scoring.InstrumentDefinitionError as exc:
                raise scoring.InstrumentDefinitionError(
                    f"{path.name}: {exc.field}", exc.problem
                ) from exc
            outcomes.append(
                LoadOutcome(
                    code=version.instrument.code,
                    version=version.number,
                    created=created,
                    path=path,
                )
            )
    return outcomes
