"""Changes to the network: units, memberships, partner apps. Each is one use case."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, NotFound
from network import access, audit, partner_keys
from network.errors import ErrorCode
from network.models import (
    ALLOWED_PARENTS,
    PATH_ALPHABET,
    STEP_LEN,
    Level,
    Membership,
    OrgUnit,
    PartnerApp,
    Role,
    Scope,
)
from network.partner_keys import hash_key
from network.signals import tree_changed


class LevelRuleError(DomainError):
    code = ErrorCode.LEVEL_RULE


def _encode_step(number: int) -> str:
    base = len(PATH_ALPHABET)
    if number >= base**STEP_LEN:
        raise DomainError(_("This unit has too many children."), code=ErrorCode.TREE_FULL)
    chars = []
    for _i in range(STEP_LEN):
        number, digit = divmod(number, base)
        chars.append(PATH_ALPHABET[digit])
    return "".join(reversed(chars))


def _decode_step(step: str) -> int:
    base = len(PATH_ALPHABET)
    number = 0
    for char in step:
        number = number * base + PATH_ALPHABET.index(char)
    return number


def _next_child_path(parent: OrgUnit | None) -> str:
    prefix = parent.path if parent else ""
    depth = parent.depth + 1 if parent else 0
    last = OrgUnit.objects.filter(path__startswith=prefix, depth=depth).aggregate(m=Max("path"))[
        "m"
    ]
    number = _decode_step(last[-STEP_LEN:]) + 1 if last else 1
    return prefix + _encode_step(number)


def check_level_rule(*, level: str, parent: OrgUnit | None) -> None:
    """Raise LevelRuleError with a clear message when `parent` may not hold `level`."""
    allowed = ALLOWED_PARENTS[level]
    if level == Level.CENTRE:
        if parent is not None:
            raise LevelRuleError(_("The city centre is the root and has no parent unit."))
        if OrgUnit.objects.filter(parent__isnull=True).exists():
            raise LevelRuleError(_("The network already has a city centre."))
        return
    if parent is None or parent.level not in allowed:
        names = " / ".join(str(Level(value).label) for value in allowed)
        raise LevelRuleError(
            _("A %(level)s must belong to a %(parents)s.")
            % {"level": Level(level).label, "parents": names},
            fields={"parent": [_("Choose a %(parents)s.") % {"parents": names}]},
        )
    if not parent.is_active:
        raise LevelRuleError(
            _("%(unit)s is deactivated; choose an active parent unit.") % {"unit": parent.name},
            fields={"parent": [_("This unit is deactivated.")]},
        )


def _require(actor: User | None, perm: str, unit: OrgUnit | None) -> None:
    """Out of reach reads as not found, as everywhere else."""
    if unit is None:
        if actor is None or not actor.is_superuser:
            raise NotFound()
        return
    if actor is None or not access.can(actor, perm, unit):
        raise NotFound()


@transaction.atomic
def unit_create(*, actor: User, name: str, level: str, parent: OrgUnit | None) -> OrgUnit:
    name = (name or "").strip()
    if not name:
        raise DomainError(
            _("Give the unit a name."), fields={"name": [_("This field is required.")]}
        )
    if parent is not None:
        parent = OrgUnit.objects.select_for_update().get(pk=parent.pk)
    _require(actor, access.Perm.MANAGE_UNITS, parent)
    check_level_rule(level=level, parent=parent)
    unit = OrgUnit.objects.create(
        name=name,
        level=level,
        parent=parent,
        path=_next_child_path(parent),
        depth=parent.depth + 1 if parent else 0,
    )
    audit.record(
        actor=actor, action="network.unit.created", target=unit, unit=unit, details={"level": level}
    )
    tree_changed.send(sender=OrgUnit, root=unit)
    return unit


@transaction.atomic
def unit_rename(*, actor: User, unit: OrgUnit, name: str) -> OrgUnit:
    """Give a unit a new name; its place in the tree and its history stay."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    _require(actor, access.Perm.MANAGE_UNITS, unit)
    name = (name or "").strip()
    if not name:
        raise DomainError(
            _("Give the unit a name."), fields={"name": [_("This field is required.")]}
        )
    if name == unit.name:
        return unit
    old_name, unit.name = unit.name, name
    unit.save(update_fields=["name"])
    audit.record(
        actor=actor,
        action="network.unit.renamed",
        target=unit,
        unit=unit,
        details={"from": old_name, "to": name},
    )
    return unit


@transaction.atomic
def unit_move(*, actor: User, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Hang `unit` and its whole subtree under `new_parent`, in one transaction."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    new_parent = OrgUnit.objects.select_for_update().get(pk=new_parent.pk)
    _require(actor, access.Perm.MANAGE_UNITS, unit)
    _require(actor, access.Perm.MANAGE_UNITS, new_parent)
    if new_parent.path.startswith(unit.path):
        raise LevelRuleError(
            _("A unit cannot move under itself or one of its own units."),
            fields={"parent": [_("Choose a unit outside this subtree.")]},
        )
    if unit.parent_id == new_parent.pk:
        return unit
    check_level_rule(level=unit.level, parent=new_parent)

    old_path, old_depth = unit.path, unit.depth
    new_path = _next_child_path(new_parent)
    depth_shift = new_parent.depth + 1 - old_depth
    # One UPDATE for the whole subtree: swap the old prefix for the new one.
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_shift,
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    _forget_apps_within(unit.path)
    tree_changed.send(sender=OrgUnit, root=unit)
    audit.record(
        actor=actor,
        action="network.unit.moved",
        target=unit,
        unit=unit,
        details={"from": old_path, "to": unit.path},
    )
    return unit


@transaction.atomic
def unit_set_active(*, actor: User, unit: OrgUnit, active: bool) -> OrgUnit:
    """Deactivate (or reactivate) a unit; its records and history stay."""
    _require(actor, access.Perm.MANAGE_UNITS, unit)
    if unit.parent_id is None and not active:
        raise LevelRuleError(_("The city centre cannot be deactivated."))
    if active and unit.parent is not None and not unit.parent.is_active:
        raise LevelRuleError(_("Reactivate the parent unit first."))
    if not active:
        OrgUnit.objects.filter(path__startswith=unit.path, is_active=True).update(
            is_active=False, deactivated_at=timezone.now()
        )
    else:
        OrgUnit.objects.filter(pk=unit.pk).update(is_active=True, deactivated_at=None)
    unit.refresh_from_db()
    _forget_apps_within(unit.path)
    audit.record(
        actor=actor,
        action="network.unit.deactivated" if not active else "network.unit.reactivated",
        target=unit,
        unit=unit,
    )
    return unit


@transaction.atomic
def membership_grant(*, actor: User, user: User, unit: OrgUnit, role: str) -> Membership:
    _require(actor, access.Perm.MANAGE_MEMBERS, unit)
    if role not in Role.values:
        raise DomainError(_("Unknown role."), fields={"role": [_("Choose a valid role.")]})
    if role not in access.grantable_roles(actor, unit):
        raise DomainError(
            _("You cannot grant a role above your own."),
            code=ErrorCode.ROLE_ABOVE_OWN,
            fields={"role": [_("You cannot grant this role here.")]},
        )
    if role == Role.CENTRE_ADMIN and unit.level != Level.CENTRE:
        raise DomainError(
            _("A centre administrator belongs to the city centre."),
            fields={"unit": [_("Choose the city centre.")]},
        )
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"granted_by": actor}
    )
    if created:
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        audit.record(
            actor=actor,
            action="network.membership.granted",
            target=membership,
            unit=unit,
            details={"user_id": user.pk, "role": role},
        )
    return membership


@transaction.atomic
def membership_revoke(*, actor: User, membership: Membership) -> None:
    _require(actor, access.Perm.MANAGE_MEMBERS, membership.unit)
    if membership.role not in access.grantable_roles(actor, membership.unit):
        raise DomainError(
            _("You cannot revoke a role above your own."), code=ErrorCode.ROLE_ABOVE_OWN
        )
    audit.record(
        actor=actor,
        action="network.membership.revoked",
        target=membership,
        unit=membership.unit,
        details={"user_id": membership.user_id, "role": membership.role},
    )
    membership.delete()


def _new_key() -> str:
    return "xl_" + secrets.token_urlsafe(32)


def _check_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise DomainError(
            _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)},
            fields={"scopes": [_("Choose from the listed scopes.")]},
        )
    return sorted(set(scopes))


@transaction.atomic
def partner_app_create(
    *,
    actor: User,
    name: str,
    scopes: list[str],
    unit: OrgUnit | None = None,
    key: str | None = None,
    throttle_rate: str | None = None,
) -> tuple[PartnerApp, str]:
    """Create a partner app; returns it with its plain key, shown this once."""
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    _require(actor, access.Perm.MANAGE_PARTNER_APPS, root)
    plain = key or _new_key()
    extra = {"throttle_rate": _check_rate(throttle_rate)} if throttle_rate else {}
    app = PartnerApp.objects.create(
        name=name,
        key_hash=hash_key(plain),
        key_prefix=plain[:8],
        scopes=_check_scopes(scopes),
        unit=unit,
        **extra,
    )
    audit.record(
        actor=actor,
        action="network.partner_app.created",
        target=app,
        unit=unit,
        details={"scopes": app.scopes},
    )
    return app, plain


_RATE = re.compile(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)")


def _check_rate(rate: str) -> str:
    rate = rate.strip()
    if not _RATE.fullmatch(rate):
        raise DomainError(
            _("Write the rate limit as a number of requests per period, e.g. 600/minute."),
            fields={"throttle_rate": [_("For example 600/minute or 10/second.")]},
        )
    return rate


@transaction.atomic
def partner_app_update(
    *,
    actor: User,
    app: PartnerApp,
    name: str,
    scopes: list[str],
    unit: OrgUnit | None,
    throttle_rate: str,
) -> PartnerApp:
    """Change a partner app's name, scopes, unit or rate limit (not its key)."""
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    _require(actor, access.Perm.MANAGE_PARTNER_APPS, root)
    app = PartnerApp.objects.select_for_update().get(pk=app.pk)
    app.name = name
    app.scopes = _check_scopes(scopes)
    app.unit = unit
    app.throttle_rate = _check_rate(throttle_rate)
    app.save(update_fields=["name", "scopes", "unit", "throttle_rate"])
    _forget_key(app.key_hash)
    audit.record(
        actor=actor,
        action="network.partner_app.updated",
        target=app,
        unit=unit,
        details={"scopes": app.scopes, "throttle_rate": app.throttle_rate},
    )
    return app


@transaction.atomic
def partner_app_rotate(*, actor: User, app: PartnerApp) -> str:
    """Replace the key; the old one stops working at once. Returns the new key."""
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    _require(actor, access.Perm.MANAGE_PARTNER_APPS, root)
    plain = _new_key()
    _forget_key(app.key_hash)
    app.key_hash = hash_key(plain)
    app.key_prefix = plain[:8]
    app.rotated_at = timezone.now()
    app.save(update_fields=["key_hash", "key_prefix", "rotated_at"])
    audit.record(actor=actor, action="network.partner_app.rotated", target=app, unit=app.unit)
    return plain


@transaction.atomic
def partner_app_revoke(*, actor: User, app: PartnerApp) -> PartnerApp:
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    _require(actor, access.Perm.MANAGE_PARTNER_APPS, root)
    app.is_active = False
    app.revoked_at = timezone.now()
    app.save(update_fields=["is_active", "revoked_at"])
    _forget_key(app.key_hash)
    audit.record(actor=actor, action="network.partner_app.revoked", target=app, unit=app.unit)
    return app


def _forget_key(digest: str) -> None:
    """Requests with this key read the database again: now, and once the change is committed
    (so that no request re-caches the app as it was before the change)."""
    partner_keys.forget(digest)
    transaction.on_commit(lambda: partner_keys.forget(digest))


def _forget_apps_within(path: str) -> None:
    """Partner apps limited to a unit of this subtree read their unit afresh (its path)."""
    for digest in PartnerApp.objects.filter(unit__path__startswith=path).values_list(
        "key_hash", flat=True
    ):
        _forget_key(digest)


def partner_app_for_key(
    key: str, *, piggyback: partner_keys.Piggyback | None = None
) -> PartnerApp | None:
    """The active app holding `key`, or None (cached: see network.partner_keys); with
    `piggyback`, its Redis commands go in the key read's round trip."""
    return partner_keys.app_for_key(key, piggyback=piggyback)


def partner_app_mark_used(*, app: PartnerApp, now: datetime | None = None) -> None:
    """Record that `app` made a request; a no-op (no query) within a minute of the last mark."""
    partner_keys.mark_used(app=app, now=now)
