"""Answers in progress, kept in the session until the worker submits.

Nothing of an unfinished questionnaire reaches the assessments tables: the
partial answers live only in the visitor's session, under one key per offer
(an instrument or a bundle), and are dropped on submit, on "start again", or
when they are older than FLOW_TTL. Nothing of a finished submission stays in
the session (its id and new retrieval code travel in assessments.access's own
cookie), so a signed-in worker's session row never points at it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from assessments import scoring
from assessments.selectors import Offer

FLOWS_KEY = "assessments.flows"
FLOW_TTL = 6 * 3600  # seconds: a questionnaire left for longer starts again
PAGE_SIZE = 3  # questions a page: a phone screen without much scrolling


@dataclass(frozen=True)
class Page:
    """One screen of questions: items [start, end) of one instrument of the offer."""

    number: int
    part: int  # index of the instrument in the offer
    definition: scoring.Definition
    start: int
    end: int

    @property
    def items(self) -> tuple[scoring.Item, ...]:
        return self.definition.items[self.start : self.end]

    @property
    def first_number(self) -> int:
        return self.start + 1

    @property
    def last_number(self) -> int:
        return self.end

    @property
    def question_count(self) -> int:
        return len(self.definition.items)


def _chunks(count: int, size: int) -> list[tuple[int, int]]:
    """Split `count` items into pages of at most `size`, as even as possible (7 → 3, 2, 2)."""
    pages = max(1, math.ceil(count / size))
    base, extra = divmod(count, pages)
    bounds, start = [], 0
    for index in range(pages):
        end = start + base + (1 if index < extra else 0)
        bounds.append((start, end))
        start = end
    return bounds


def pages_of(offer: Offer, size: int = PAGE_SIZE) -> list[Page]:
    pages: list[Page] = []
    for part, definition in enumerate(offer.definitions):
        for start, end in _chunks(len(definition.items), size):
            pages.append(Page(len(pages) + 1, part, definition, start, end))
    return pages


@dataclass
class Flow:
    key: str
    versions: dict[str, int]
    campaign: str = ""
    answers: dict[str, dict[str, int]] = field(default_factory=dict)
    started: float = field(default_factory=time.time)

    def answer(self, code: str, number: int) -> int | None:
        return self.answers.get(code, {}).get(str(number))

    def keep(self, code: str, given: dict[int, int]) -> None:
        stored = self.answers.setdefault(code, {})
        for number, value in given.items():
            stored[str(number)] = value

    def page_complete(self, page: Page) -> bool:
        return all(
            self.answer(page.definition.code, item.number) is not None for item in page.items
        )

    def first_incomplete(self, pages: list[Page]) -> Page | None:
        return next((p for p in pages if not self.page_complete(p)), None)

    def answer_sets(self, offer: Offer) -> list[tuple[str, list[int]]]:
        """The answers in item order, per instrument (call when complete)."""
        return [
            (d.code, [self.answers[d.code][str(item.number)] for item in d.items])
            for d in offer.definitions
        ]


def _flows(request: HttpRequest) -> dict[str, Any]:
    flows: dict[str, Any] = request.session.get(FLOWS_KEY, {})
    return flows


def _versions(offer: Offer) -> dict[str, int]:
    return {v.instrument.code: v.number for v in offer.versions}


def load(request: HttpRequest, offer: Offer) -> Flow | None:
    """The flow in progress for `offer`, or None (never started, too old, or outdated)."""
    raw = _flows(request).get(offer.key)
    if raw is None:
        return None
    flow = Flow(
        key=offer.key,
        versions=raw.get("versions", {}),
        campaign=raw.get("campaign", ""),
        answers=raw.get("answers", {}),
        started=raw.get("started", 0.0),
    )
    # A new version of an instrument may have other items: its old answers do not fit.
    if time.time() - flow.started > FLOW_TTL or flow.versions != _versions(offer):
        discard(request, offer.key)
        return None
    return flow


def start(request: HttpRequest, offer: Offer, *, campaign: str = "") -> Flow:
    flow = Flow(key=offer.key, versions=_versions(offer), campaign=campaign)
    save(request, flow)
    return flow


def save(request: HttpRequest, flow: Flow) -> None:
    flows = _flows(request)
    flows[flow.key] = {
        "versions": flow.versions,
        "campaign": flow.campaign,
        "answers": flow.answers,
        "started": flow.started,
    }
    request.session[FLOWS_KEY] = flows


def discard(request: HttpRequest, key: str) -> None:
    flows = _flows(request)
    if key in flows:
        del flows[key]
        if flows:
            request.session[FLOWS_KEY] = flows
        else:  # nothing in progress: nothing kept (core.privacy ends an emptied visit)
            del request.session[FLOWS_KEY]
