"""The append-only audit log: who did what to which object, when."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models.units import OrgUnit


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """Who did what to which object, when. Never holds sensitive content itself."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        related_name="audit_entries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    partner_app = models.ForeignKey(
        "PartnerApp",
        verbose_name=_("partner app"),
        related_name="audit_entries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        related_name="audit_entries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    unit_path = models.CharField(_("unit path"), max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The staff audit page: entries in a subtree, newest first.
            models.Index(
                fields=["unit_path"],
                name="network_audit_unitpath_like",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["action", "-created_at"], name="network_audit_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit entries cannot be deleted.")
