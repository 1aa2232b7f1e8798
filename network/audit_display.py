"""How an audit entry is shown to a viewer: who acted, and what happened, in words.

A worker's identity in an entry about their own care (a booking, a case, a
pod, the waiting list…) is shown only to those who already see that worker
there: the counsellor of that booking or case, and clinical supervisors whose
reach holds the entry's unit. Everyone else — station leads, other districts'
administrators, the hotline lead, superusers — reads a stable pseudonym
(`worker #a1b2c3`), the same for one worker on every page and every day.

An entry is about a worker's care when its target names them in a `worker`
field or hangs off a `case` that does; the counsellor is read the same way.
A signed-in person who is not staff is always shown by pseudonym (unless the
viewer may see them there), whatever the entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import User
from network.audit_sentences import sentence
from network.models import AuditEntry, Membership, Role
from network.pseudonyms import worker_pseudonym

# (target_type, target_id) → (worker id, counsellor id)
Subjects = dict[tuple[str, str], tuple[int | None, int | None]]


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    who: str
    what: str
    target: str


def target_label(entry: AuditEntry) -> str:
    """`booking #12`: the target's kind in words and its id."""
    if not entry.target_type:
        return ""
    try:
        kind = str(apps.get_model(entry.target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = entry.target_type
    return _("%(kind)s #%(id)s") % {"kind": kind, "id": entry.target_id}


def _subject_fields(model: type[Model]) -> tuple[str, str | None] | None:
    names = {f.name for f in model._meta.get_fields()}
    if "worker" in names:
        return "worker", "counsellor" if "counsellor" in names else None
    if "case" in names:
        return "case__worker", "case__counsellor"
    return None


def care_subjects(entries: Iterable[AuditEntry]) -> Subjects:
    """The worker (and counsellor) each entry's target is about: one query per target type."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.target_type and entry.target_id:
            wanted[entry.target_type].add(entry.target_id)
    subjects: Subjects = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        fields = _subject_fields(model)
        if fields is None:
            continue
        worker_field, counsellor_field = fields
        try:
            clean = [model._meta.pk.to_python(i) for i in ids]
        except ValidationError:
            continue  # an id of another shape matches no row of this model
        columns = [worker_field, counsellor_field] if counsellor_field else [worker_field]
        for pk, *row in model._default_manager.filter(pk__in=clean).values_list("pk", *columns):
            subjects[(label, str(pk))] = (row[0], row[1] if counsellor_field else None)
    return subjects


def _supervisor_prefixes(viewer: User) -> list[str]:
    """Tree paths where the viewer is a clinical supervisor (a superuser flag grants none)."""
    return list(
        Membership.objects.filter(
            user=viewer, role=Role.CLINICAL_SUPERVISOR, unit__is_active=True
        ).values_list("unit__path", flat=True)
    )


def _identity(user: User) -> str:
    return str(user.email or user)


def actor_label(
    entry: AuditEntry, *, viewer: User, subjects: Subjects, supervisor_prefixes: Sequence[str]
) -> str:
    actor = entry.actor
    if actor is None:
        if entry.partner_app is not None:
            return _("partner app %(name)s") % {"name": entry.partner_app.name}
        return "—"
    worker_id, counsellor_id = subjects.get((entry.target_type, entry.target_id), (None, None))
    own_care = worker_id is not None and worker_id == actor.pk
    staff = actor.is_staff or actor.is_superuser
    sees_worker = viewer.pk in {actor.pk, counsellor_id} or (
        own_care and any(entry.unit_path.startswith(p) for p in supervisor_prefixes)
    )
    shown = (staff and not own_care) or sees_worker
    who = _identity(actor) if shown else worker_pseudonym(actor.pk)
    if entry.partner_app is not None:
        return _("%(who)s through partner app %(name)s") % {
            "who": who,
            "name": entry.partner_app.name,
        }
    return who


def audit_rows(viewer: User, entries: Sequence[AuditEntry]) -> list[AuditRow]:
    """A page of entries as the viewer may read them (entries select their actor)."""
    subjects = care_subjects(entries)
    prefixes = _supervisor_prefixes(viewer) if entries else []
    return [
        AuditRow(
            entry=entry,
            who=actor_label(entry, viewer=viewer, subjects=subjects, supervisor_prefixes=prefixes),
            what=sentence(entry),
            target=target_label(entry),
        )
        for entry in entries
    ]
