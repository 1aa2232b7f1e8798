"""Satisfaction-survey counts per line and month: sent, answered, mean score.

`survey_months` is the supervisors' view (small groups hidden: a mean over fewer than
MIN_GROUP_SIZE answers is not shown); `survey_monthly_counts` is the plain reading the
KPI app may take (counts only, no comment, no viewer: a system reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth

from core import clock
from core.disclosure import min_group_size
from core.errors import NotFound
from hotline.models import Line, SurveyAnswer, SurveyInvitation
from hotline.selectors.lines import may_supervise
from network.access import Viewer


@dataclass(frozen=True)
class SurveyMonthCount:
    line_id: int
    month: date
    sent: int
    answered: int
    mean_helped: Decimal | None  # None when nothing was answered
    would_call_again: int


def _mean(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def survey_monthly_counts(
    *, since: date, until: date, line_ids: list[int] | None = None
) -> list[SurveyMonthCount]:
    """Per line and month from `since` to `until` (inclusive days): two queries."""
    sent = SurveyInvitation.objects.filter(sent_on__gte=since, sent_on__lte=until)
    answers = SurveyAnswer.objects.filter(month__gte=since.replace(day=1), month__lte=until)
    if line_ids is not None:
        sent, answers = sent.filter(line_id__in=line_ids), answers.filter(line_id__in=line_ids)
    rows: dict[tuple[int, date], dict[str, object]] = {}
    for row in (
        sent.annotate(m=TruncMonth("sent_on"))
        .values("line_id", "m")
        .annotate(n=Count("id"))
        .order_by()
    ):
        rows.setdefault((row["line_id"], row["m"]), {})["sent"] = row["n"]
    for answered in (
        answers.values("line_id", "month")
        .annotate(
            n=Count("id"), mean=Avg("helped"), again=Count("id", filter=Q(would_call_again=True))
        )
        .order_by()
    ):
        rows.setdefault((answered["line_id"], answered["month"]), {}).update(
            answered=answered["n"], mean=answered["mean"], again=answered["again"]
        )
    return [
        SurveyMonthCount(
            line_id=line_id,
            month=month,
            sent=int(values.get("sent", 0)),  # type: ignore[call-overload]
            answered=int(values.get("answered", 0)),  # type: ignore[call-overload]
            mean_helped=_mean(values.get("mean")),  # type: ignore[arg-type]
            would_call_again=int(values.get("again", 0)),  # type: ignore[call-overload]
        )
        for (line_id, month), values in sorted(rows.items(), key=lambda item: item[0][1])
    ]


@dataclass(frozen=True)
class SurveyMonth:
    """One month as the board shows it: the mean hidden under the minimum group size."""

    month: date
    sent: int
    answered: int
    mean_helped: Decimal | None
    withheld: bool


def survey_months(*, viewer: Viewer, line: Line, year: int | None = None) -> list[SurveyMonth]:
    """The line's months of `year` (default: this year) for its supervisors."""
    if not may_supervise(viewer, line):
        raise NotFound()
    year = year or clock.today().year
    size = min_group_size()
    counts = survey_monthly_counts(
        since=date(year, 1, 1), until=date(year, 12, 31), line_ids=[line.pk]
    )
    return [
        SurveyMonth(
            month=row.month,
            sent=row.sent,
            answered=row.answered,
            mean_helped=row.mean_helped if row.answered >= size else None,
            withheld=0 < row.answered < size,
        )
        for row in counts
    ]
