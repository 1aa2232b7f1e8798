"""A worker on a 360 px phone enters the running quiz contest, submits, and finds their
nickname on the leaderboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from courses.services import Category
from learning.models import ContestEntry, Difficulty, Option, Question
from tests.appointments.browser import log_in
from tests.learning.factories import contest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_worker_enters_the_quiz_submits_and_sees_their_nickname_on_the_leaderboard(
    live_server: LiveServer,
    phone_page: Page,
    worker: User,
    bank: dict[str, list[Question]],
) -> None:
    now = timezone.now()
    quiz = contest(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        lines=[(Category.STRESS, Difficulty.EASY, 2), (Category.EMOTION, Difficulty.EASY, 1)],
    )
    page = phone_page
    log_in(page, live_server, worker)
    page.goto(f"{live_server.url}/learning/contests/")  # type: ignore[attr-defined]
    page.locator(f"[data-contest='{quiz.public_id}'] a").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.fill("#id_nickname", "小鲸鱼")  # type: ignore[attr-defined]
    page.locator("[data-enter-contest]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    entry = ContestEntry.objects.get(worker=worker)
    assert f"/learning/contests/entries/{entry.public_id}/" in page.url  # type: ignore[attr-defined]
    for row in entry.questions.all():
        right = Option.objects.filter(question=row.question, is_correct=True).first()
        assert right is not None
        page.locator(f"input[name='q{row.pk}'][value='{right.pk}']").check()  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    page.locator("[data-submit-contest]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    mine = page.locator("[data-leaderboard] tr[data-mine]")  # type: ignore[attr-defined]
    assert "小鲸鱼" in mine.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    entry.refresh_from_db()
    assert entry.score == 3
