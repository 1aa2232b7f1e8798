"""Workers find every part of learning: the home cards, a section navigation on each learning
page, the list of open exams; staff find the exams and the question bank."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core import views
from learning import services
from learning.models import Exam
from tests.learning.factories import exam
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

SECTION = ("learning:this_month", "learning:contests", "learning:exams", "learning:training")


def _section_links(page: str) -> set[str]:
    nav = page[page.index("data-learning-nav") :]
    nav = nav[: nav.index("</nav>")]
    return set(re.findall(r'href="([^"]+)"', nav))


@pytest.mark.parametrize("name", [*SECTION, "learning:library", "learning:archive"])
def test_each_learning_page_links_the_other_parts(client: Client, worker: User, name: str) -> None:
    client.force_login(worker)
    page = client.get(reverse(name)).content.decode()
    assert _section_links(page) == {reverse(target) for target in SECTION}
    assert 'aria-current="page"' in page


def test_the_exam_list_shows_open_exams_with_the_attempts_left(
    client: Client,
    worker: User,
    open_exam: Exam,
    during: time_machine.Traveller,
    django_assert_max_num_queries: Any,
) -> None:
    exam(opens_at=open_exam.closes_at, lines=[], title="下个月的考试")
    anonymous = client.get(reverse("learning:exams")).content.decode()
    assert open_exam.title in anonymous and "下个月的考试" not in anonymous
    assert "剩余作答次数" not in anonymous
    services.attempt_start(actor=worker, exam=open_exam)
    client.force_login(worker)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("learning:exams")).content.decode()
    assert reverse("learning:exam", args=[open_exam.public_id]) in page
    assert "剩余作答次数：1 / 2" in page


def test_staff_who_run_the_bank_get_the_exams_and_the_question_bank(
    login: Login, centre_admin: User
) -> None:
    urls = {link.url for link in views.staff_links(centre_admin)}
    assert reverse("admin:learning_exam_changelist") in urls
    assert reverse("staff:learning:questions_import") in urls
    assert login(centre_admin).get(reverse("staff:learning:questions_import")).status_code == 200
