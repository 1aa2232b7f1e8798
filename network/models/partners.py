"""Partner apps: credentials and scopes of the apps that call the API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models.units import OrgUnit


class Scope(models.TextChoices):
    STATIONS_READ = "stations:read", _("read stations and units")
    ASSESSMENTS_SUBMIT = "assessments:submit", _("submit assessments")
    BOOKINGS_WRITE = "bookings:write", _("book counselling for workers")
    KPIS_READ = "kpis:read", _("read KPI figures")
    COURSES_ORDER = "courses:order", _("order courses for the app's units")
    HOTLINE_LOG = "hotline:log", _("post calls to the hotline's log (telephony, chat)")
    HOTLINE_CONTACT = "hotline:contact", _("ask the hotline to contact a worker")
    LEARNING_WRITE = "learning:write", _("enter quiz contests for verified workers")


class PartnerApp(models.Model):
    """A partner app's credentials: a hashed API key, scopes and an optional unit.

    Keys are 256-bit random tokens, so a SHA-256 digest (looked up by its
    unique index) is as safe as a slow password hash and costs nothing per
    request; the plain key is shown once, at creation or rotation.
    """

    name = models.CharField(_("name"), max_length=120)
    key_hash = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("limited to unit"),
        related_name="partner_apps",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: the whole network."),
    )
    throttle_rate = models.CharField(_("rate limit"), max_length=32, default="600/minute")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("key rotated at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner app")
        verbose_name_plural = _("partner apps")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
