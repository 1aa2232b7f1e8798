"""The assessments app's KPI facts (core.facts).

- `assessments_taken`: one per anonymous submission that counts for a unit (a campaign's
  unit, or the district the worker chose), on its day, with its key group as breakdown;
  `assessments_mild_or_above` likewise for a band of severity 1 or more (the dashboards
  show it as a share of the first). A submission without a unit counts for none.
- `unit_assessments_completed`: one per unit campaign, dated its last day (the planned
  one, or the day it was ended early); the figures count facts up to today, so a
  campaign counts once its last day is reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from assessments.models import Campaign, Submission
from assessments.models.submissions import KeyGroup
from core import facts as core_facts
from core.facts import Fact, Source

# The submission's key group, by the breakdown key the KPIs use.
KEY_GROUPS: dict[str, str] = {
    KeyGroup.GIG_WORKER.value: "gig",
    KeyGroup.WOMAN_WORKER.value: "women",
    KeyGroup.HARDSHIP_FAMILY.value: "hardship",
}


def counts_for_kpis(submission: Submission) -> bool:
    """Whether the submission has facts: only one that counts for a unit."""
    return submission.unit_id is not None


def submission_facts(submission: Submission) -> list[Fact]:
    unit, day = submission.unit_id, submission.submitted_on
    if unit is None:  # not counts_for_kpis(submission)
        return []
    source = Source.of(submission)
    group = KEY_GROUPS.get(submission.key_group)
    codes = ["assessments_taken"]
    if submission.severity >= 1:
        codes.append("assessments_mild_or_above")
    found = []
    for code in codes:
        found.append(Fact(code, unit, day, 1, source))
        if group:
            found.append(Fact(code, unit, day, 1, source, group))
    return found


def campaign_facts(campaign: Campaign) -> list[Fact]:
    source = Source.of(campaign)
    return [Fact("unit_assessments_completed", campaign.unit_id, campaign.last_day, 1, source)]


def submissions_retract(pks: Iterable[int]) -> None:
    """Retract the facts of deleted submissions (their pks, read before the delete)."""
    for pk in pks:
        core_facts.retract(Source("assessments", "submission", pk))


def all_facts() -> Iterator[Fact]:
    """Every fact of the raw records (manage.py kpis_rebuild)."""
    rows = Submission.objects.filter(unit__isnull=False).only(
        "pk", "unit_id", "submitted_on", "key_group", "severity"
    )
    for submission in rows.order_by("pk").iterator(chunk_size=5000):
        yield from submission_facts(submission)
    for campaign in Campaign.objects.order_by("pk").iterator(chunk_size=2000):
        yield from campaign_facts(campaign)
