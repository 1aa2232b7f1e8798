"""The union + petition desk (工会+信访): the union's counsellors staffed at the petition
bureau on visit days, the cases they heard (倾听案件) and referrals to the union's legal
aid with their outcome.

A hearing's summary is a narrative: shown to the line's operators and supervisors only,
every read audit-logged (hotline.selectors.petition). The yearly figures (visits, cases
heard, people counselled one to one) carry no narrative.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline.models.roster import Line


class HearingCategory(models.TextChoices):
    WAGES = "wages", _("wages or labour dispute")
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")
    WORK_INJURY = "work_injury", _("work injury")
    FAMILY = "family", _("family")
    OTHER = "other", _("other")


class LegalAidOutcome(models.TextChoices):
    PENDING = "pending", _("awaiting an outcome")
    WAGES_RECOVERED = "wages_recovered", _("wages recovered")
    SETTLED = "settled", _("settled by mediation")
    LITIGATION = "litigation", _("taken to arbitration or court")
    NO_RESULT = "no_result", _("no result")


class PetitionVisit(models.Model):
    """One visit day of a counsellor at the petition bureau."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="petition_visits", on_delete=models.PROTECT
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        related_name="petition_visits",
        on_delete=models.PROTECT,
    )
    day = models.DateField(_("date"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))
    people_counselled = models.PositiveIntegerField(_("people counselled one to one"), default=0)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("petition desk visit")
        verbose_name_plural = _("petition desk visits")
        ordering = ["-day", "-starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="petition_hours")
        ]
        indexes = [models.Index(fields=["line", "day"], name="petition_visit_line_day")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.starts:%H:%M}–{self.ends:%H:%M}"


class PetitionHearing(models.Model):
    """A case heard at the desk (倾听案件)."""

    visit = models.ForeignKey(
        PetitionVisit,
        verbose_name=_("visit"),
        related_name="hearings",
        on_delete=models.CASCADE,
    )
    category = models.CharField(_("category"), max_length=20, choices=HearingCategory.choices)
    summary = models.TextField(_("short summary"), max_length=2000)
    one_to_one = models.BooleanField(_("counselled one to one"), default=False)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case heard")
        verbose_name_plural = _("cases heard")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_category_display()


class PetitionReferral(models.Model):
    """A case heard, referred to the union's legal aid, with its outcome."""

    hearing = models.OneToOneField(
        PetitionHearing,
        verbose_name=_("case heard"),
        related_name="referral",
        on_delete=models.CASCADE,
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=LegalAidOutcome.choices,
        default=LegalAidOutcome.PENDING,
    )
    amount = models.DecimalField(
        _("amount recovered (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("referred at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    # Like a case's referral (hotline.services.case_flags): flagged once when still
    # pending after this date.
    answer_by = models.DateField(_("answer expected by"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged as unanswered"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal aid referral")
        verbose_name_plural = _("legal aid referrals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_outcome_display()
