"""The learning demo (what `make run` shows): a question bank, an open exam, a programme of
lectures and a library item, the demo worker's certificate, a running contest whose unit
board shows one unit. Loading twice changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from core.demo import load_demo
from learning import selectors
from learning.demo import bank, contests, training
from learning.models import (
    Attempt,
    Certificate,
    CertificateStatus,
    ContestEntry,
    Enrolment,
    Exam,
    Programme,
    Question,
    Session,
)

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, ...]:
    return (
        Question.objects.count(),
        Exam.objects.count(),
        Programme.objects.count(),
        Session.objects.count(),
        Enrolment.objects.count(),
        Attempt.objects.count(),
        Certificate.objects.count(),
        ContestEntry.objects.count(),
    )


def test_the_demo_shows_exam_training_certificate_and_a_running_contest(
    media: Path, client: Client
) -> None:
    load_demo()
    first = _snapshot()
    load_demo()
    assert _snapshot() == first
    assert Question.objects.filter(code__startswith="DEMO-").count() == len(bank.QUESTIONS)
    assert [e.title for e in selectors.exams_open()] == [training.EXAM_TITLE]
    programme = Programme.objects.get(title=training.PROGRAMME_TITLE)
    kinds = [(s.lecture_id is not None, s.item_id is not None) for s in programme.sessions.all()]
    assert kinds == [(True, False), (True, False), (False, True)]
    cert = Certificate.objects.get(enrolment__person__username=training.DEMO_WORKER)
    shown = selectors.certificate_verification(code=cert.code)
    assert shown.status == CertificateStatus.VALID
    running = selectors.contests_running().get()
    assert running.title == contests.TITLE
    assert ContestEntry.objects.filter(contest=running, submitted_at__isnull=False).count() == 22
    units = selectors.unit_leaderboard(contest=running)
    assert sorted(row.entrants for row in units.rows) == [10, contests.FIRST_UNIT]
    assert units.hidden_units == 0
    assert contests.TITLE in client.get(reverse("learning:contests")).content.decode()
    board = selectors.leaderboard(contest=running, viewer=None)
    assert len({row.time_taken for row in board.rows}) > 5  # times spread as real ones are
