"""The winners' spreadsheet for prize distribution: staff only, every export audited.

It holds what distribution needs (nickname, name, mobile number, unit, score), so it is
personal data: only the centre staff who manage contests get it, and each export leaves an
audit entry naming the contest, the rule and the seed of the draw.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import User
from core.errors import PermissionDenied
from learning.models import Contest, PrizeRule
from learning.selectors.bank import may_manage_bank
from learning.selectors.contests import contest_winners
from network import audit


def _seconds(entry_time: object) -> int | None:
    total = getattr(entry_time, "total_seconds", None)
    return round(total()) if total is not None else None


def contest_winners_export(*, actor: User | None, contest: Contest) -> bytes:
    """The winners as an .xlsx workbook, ranked as contest_winners gives them."""
    if not may_manage_bank(actor):
        raise PermissionDenied()
    winners = contest_winners(contest=contest)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = _("Winners")
    headers = [
        _("Rank"),
        _("Nickname"),
        _("Name"),
        _("Mobile number"),
        _("Unit"),
        _("Score"),
        _("Time taken (seconds)"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for rank, entry in enumerate(winners, start=1):
        sheet.append(
            [
                rank,
                entry.nickname,
                entry.worker.get_full_name(),
                entry.worker.phone or "",
                entry.unit.name if entry.unit is not None else "",
                entry.score,
                _seconds(entry.time_taken),
            ]
        )
    rule = (
        _("Top %(count)s") % {"count": contest.prize_count}
        if contest.prize_rule == PrizeRule.TOP
        else _("Draw of %(count)s among scores of at least %(score)s, seed %(seed)s")
        % {"count": contest.prize_count, "score": contest.draw_min_score, "seed": contest.draw_seed}
    )
    sheet.append([])
    sheet.append([contest.title, rule])
    for column, width in zip("ABCDEFG", (6, 18, 14, 18, 24, 8, 12), strict=True):
        sheet.column_dimensions[column].width = width
    audit.record(
        actor=actor,
        action="learning.contest.winners_exported",
        target=contest,
        details={"rule": contest.prize_rule, "seed": contest.draw_seed, "rows": len(winners)},
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
