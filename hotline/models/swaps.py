"""Swap requests: an operator hands a shift to a colleague, or swaps one for theirs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline.models.roster import Line, Shift


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the colleague")
    ACCEPTED = "accepted", _("accepted, waiting for a supervisor")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined by the colleague")
    REJECTED = "rejected", _("rejected by a supervisor")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_SWAP_STATUSES = (SwapStatus.PENDING, SwapStatus.ACCEPTED)


class SwapRequest(models.Model):
    """`requester` gives `shift` to `colleague` (and takes `counter_shift` from them, if set).

    Nothing changes on the roster until a supervisor approves an accepted request.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    line = models.ForeignKey(
        Line, verbose_name=_("line"), related_name="swap_requests", on_delete=models.CASCADE
    )
    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), related_name="swap_requests", on_delete=models.CASCADE
    )
    counter_shift = models.ForeignKey(
        Shift,
        verbose_name=_("shift taken in return"),
        related_name="counter_swap_requests",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        related_name="hotline_swaps_asked",
        on_delete=models.CASCADE,
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        related_name="hotline_swaps_offered",
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SwapStatus.choices, default=SwapStatus.PENDING
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")
        ordering = ["-created_at"]
        constraints = [
            # A shift is offered in one open request at a time.
            models.UniqueConstraint(
                fields=["shift", "requester"],
                condition=Q(status__in=["pending", "accepted"]),
                name="hotline_swap_one_open_per_shift",
            ),
            models.CheckConstraint(
                condition=~Q(requester=models.F("colleague")), name="hotline_swap_not_self"
            ),
        ]
        indexes = [
            # The supervisor's board: open requests of a line.
            models.Index(fields=["line", "status"], name="hotline_swap_line_status"),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.colleague} · {self.shift}"
