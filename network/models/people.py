"""People in the network: roles held at units and practitioners' public profiles."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models.units import OrgUnit


class Role(models.TextChoices):
    CENTRE_ADMIN = "centre_admin", _("centre administrator")
    UNIT_ADMIN = "unit_admin", _("unit administrator")
    COUNSELLOR = "counsellor", _("counsellor")
    CLINICAL_SUPERVISOR = "clinical_supervisor", _("clinical supervisor")
    EXPERT = "expert", _("expert (lecturer)")
    HOTLINE_OPERATOR = "hotline_operator", _("hotline operator")
    HOTLINE_SUPERVISOR = "hotline_supervisor", _("hotline supervisor")
    EMOTION_REGULATOR = "emotion_regulator", _("emotion regulator (情绪调节员)")
    BACKBONE = "backbone", _("backbone staff (心理服务骨干)")
    ANALYST = "analyst", _("analyst (aggregates only)")


class Membership(models.Model):
    """A user's role at one unit; it reaches that unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="memberships",
        on_delete=models.CASCADE,
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), related_name="memberships", on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="network_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class Qualification(models.TextChoices):
    NATIONAL_LEVEL_2 = "national_2", _("national level-2 psychological counsellor")
    NATIONAL_LEVEL_3 = "national_3", _("national level-3 psychological counsellor")
    REGISTERED_PSYCHOLOGIST = "registered", _("registered psychologist")
    PSYCHIATRIST = "psychiatrist", _("psychiatrist")
    SOCIAL_WORKER = "social_worker", _("social worker")
    OTHER = "other", _("other")


class PractitionerProfile(models.Model):
    """A counsellor's or expert's public face."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="practitioner",
        on_delete=models.CASCADE,
    )
    display_name = models.CharField(_("display name"), max_length=80)
    qualification = models.CharField(
        _("qualification"), max_length=24, choices=Qualification.choices, blank=True
    )
    qualification_detail = models.CharField(_("qualification details"), max_length=255, blank=True)
    specialities = models.CharField(
        _("specialities"), max_length=255, blank=True, help_text=_("Comma-separated.")
    )
    languages = models.CharField(_("languages"), max_length=120, default="普通话")
    offers_in_person = models.BooleanField(_("in person"), default=True)
    offers_phone = models.BooleanField(_("by phone"), default=False)
    offers_online = models.BooleanField(_("online"), default=False)
    bio = models.TextField(_("short public bio"), blank=True, max_length=1000)
    photo = models.ImageField(_("photo"), upload_to="practitioners/", blank=True)
    is_public = models.BooleanField(_("in the public directory"), default=False)

    class Meta:
        verbose_name = _("counsellor or expert profile")
        verbose_name_plural = _("counsellor and expert profiles")

    def __str__(self) -> str:
        return self.display_name
