"""The four-level tree of the network: org units, their levels and tags."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The materialised path: STEP_LEN base-36 characters per level, so a subtree
# is one indexed `path LIKE 'prefix%'` on every backend.
STEP_LEN = 4
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Level(models.TextChoices):
    CENTRE = "centre", _("city centre")
    DISTRICT = "district", _("district sub-centre")
    STATION = "station", _("heart station")
    ROOM = "room", _("enterprise service room")


# Which levels a unit of each level may hang under (None: the root).
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    Level.CENTRE: (),
    Level.DISTRICT: (Level.CENTRE,),
    Level.STATION: (Level.DISTRICT, Level.CENTRE),
    Level.ROOM: (Level.DISTRICT, Level.STATION),
}


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def subtree_of(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def active(self) -> OrgUnitQuerySet:
        return self.filter(is_active=True)


class OrgUnit(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    path = models.CharField(_("tree path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    groups: models.ManyToManyField[UnitGroup, Any] = models.ManyToManyField(
        "UnitGroup", verbose_name=_("groups"), related_name="units", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            # Only one root per network: every root has depth 0.
            models.UniqueConstraint(
                fields=["depth"], condition=Q(parent__isnull=True), name="network_orgunit_one_root"
            ),
            models.CheckConstraint(
                condition=(Q(level="centre") & Q(parent__isnull=True))
                | (~Q(level="centre") & Q(parent__isnull=False)),
                name="network_orgunit_centre_is_root",
            ),
        ]
        indexes = [
            # Subtree queries: path LIKE 'prefix%' (units_visible_to, roll-ups).
            models.Index(
                fields=["path"], name="network_orgunit_path_like", opclasses=["varchar_pattern_ops"]
            ),
            # Filters by level inside a subtree (station lists, coverage counts).
            models.Index(fields=["level", "path"], name="network_orgunit_level_path"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def district_path(self) -> str | None:
        """Path of the district sub-centre this unit lies in (None for the centre)."""
        if self.depth < 1:
            return None
        return self.path[: 2 * STEP_LEN]


class UnitGroup(models.Model):
    """A tag over units, e.g. "key-group stations for gig workers"."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
