"""The post-contact satisfaction survey: an SMS link, anonymous answers, counted.

An invitation is a one-time link: only the SHA-256 of its random token is kept, with the
line and the day it was sent (no phone number, no call, no contact request, no time of
day). The answer is a separate row with the line and the month only, so an answer cannot
be traced back to its invitation, let alone to a caller.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline.models.roster import Line


class SurveyInvitation(models.Model):
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="survey_invitations", on_delete=models.CASCADE
    )
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    sent_on = models.DateField(_("sent on"))
    expires_on = models.DateField(_("valid until"))
    used = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [
            # The counts per line and month (hotline.selectors.survey).
            models.Index(fields=["line", "sent_on"], name="hotline_survey_inv_line_day"),
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.sent_on:%Y-%m}"


class SurveyAnswer(models.Model):
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="survey_answers", on_delete=models.CASCADE
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month answered."))
    helped = models.PositiveSmallIntegerField(
        _("were you helped (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    would_call_again = models.BooleanField(_("would call again"))
    comment = models.TextField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(helped__gte=1, helped__lte=5), name="hotline_survey_helped_1_to_5"
            )
        ]
        indexes = [
            # The counts per line and month (hotline.selectors.survey).
            models.Index(fields=["line", "month"], name="hotline_survey_ans_line_month"),
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.month:%Y-%m}"
