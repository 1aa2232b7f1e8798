"""The contest's portal pages (enter, paper, result with the leaderboard) and staff pages
(winners, the audited .xlsx export)."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from learning import services
from learning.models import Contest, ContestEntry
from network.models import AuditEntry
from tests.learning.contest_helpers import answers
from tests.learning.factories import verified_worker
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


def test_a_worker_enters_submits_and_sees_their_row_on_the_leaderboard(
    login: Login, worker: User, running_contest: Contest, during: time_machine.Traveller
) -> None:
    other = verified_worker()
    rival = services.contest_open(actor=other, contest=running_contest, nickname="对手")
    services.contest_entry_submit(actor=other, entry=rival, answers=answers(rival))
    client = login(worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    listing = client.get(reverse("learning:contests")).content.decode()
    assert running_contest.title in listing
    detail = reverse("learning:contest", args=[running_contest.public_id])
    assert "data-enter-contest" in client.get(detail).content.decode()
    response = client.post(detail, {"nickname": "小鲸鱼"})
    entry = ContestEntry.objects.get(worker=worker)
    assert response["Location"] == reverse("learning:entry_paper", args=[entry.public_id])
    paper = client.get(response["Location"]).content.decode()
    assert "data-submit-contest" in paper and "深呼吸能让身体" not in paper
    form = {f"q{pk}": [str(o) for o in chosen] for pk, chosen in answers(entry, right=2).items()}
    during.shift(timedelta(minutes=2))
    done = client.post(response["Location"], form)
    assert done["Location"] == reverse("learning:entry_result", args=[entry.public_id])
    result = client.get(done["Location"]).content.decode()
    assert "得分：2 / 3" in result and "data-leaderboard" in result
    assert '<tr class="mine" data-mine aria-current="true"><td>2</td><td>小鲸鱼</td>' in result
    assert "对手" in result and worker.phone not in result
    assert client.get(detail)["Location"] == done["Location"]  # entered once: straight to it


def test_a_bad_nickname_is_shown_on_the_form(
    login: Login, worker: User, running_contest: Contest, during: time_machine.Traveller
) -> None:
    client = login(worker)
    detail = reverse("learning:contest", args=[running_contest.public_id])
    response = client.post(detail, {"nickname": "加我 13800001234"})
    assert response.status_code == 400
    assert "must not contain a phone number" in response.content.decode()
    assert not ContestEntry.objects.exists()


def test_an_unverified_worker_is_asked_to_verify_their_phone(
    login: Login, running_contest: Contest, during: time_machine.Traveller
) -> None:
    client = login(verified_worker(phone_verified=False))
    detail = reverse("learning:contest", args=[running_contest.public_id])
    assert "data-verify-phone" in client.get(detail).content.decode()
    client.post(detail, {"nickname": "小鲸鱼"})
    assert not ContestEntry.objects.exists()


def test_a_late_paper_post_saves_nothing(
    login: Login, worker: User, running_contest: Contest, during: time_machine.Traveller
) -> None:
    client = login(worker)
    entry = services.contest_open(actor=worker, contest=running_contest, nickname="迟到的")
    form = {f"q{pk}": [str(o) for o in chosen] for pk, chosen in answers(entry).items()}
    during.shift(timedelta(minutes=11))
    url = reverse("learning:entry_paper", args=[entry.public_id])
    page = client.post(url, form, follow=True).content.decode()
    assert "answers were not saved" in page
    entry.refresh_from_db()
    assert entry.submitted_at is None


def test_another_worker_s_entry_is_not_found(
    login: Login, worker: User, running_contest: Contest, during: time_machine.Traveller
) -> None:
    entry = services.contest_open(actor=worker, contest=running_contest, nickname="我的")
    client = login(verified_worker())
    for name in ("learning:entry_paper", "learning:entry_result"):
        assert client.get(reverse(name, args=[entry.public_id])).status_code == 404
    client.logout()
    url = reverse("learning:entry_paper", args=[entry.public_id])
    assert client.get(url).status_code == 302  # to sign-in


def test_a_draft_contest_is_hidden_from_workers(
    login: Login, worker: User, running_contest: Contest, during: time_machine.Traveller
) -> None:
    Contest.objects.filter(pk=running_contest.pk).update(status="draft")
    client = login(worker)
    assert (
        client.get(reverse("learning:contest", args=[running_contest.public_id])).status_code == 404
    )
    assert running_contest.title not in client.get(reverse("learning:contests")).content.decode()


def test_centre_staff_export_the_winners_with_names_and_numbers_audited(
    login: Login, centre_admin: User, running_contest: Contest, during: time_machine.Traveller
) -> None:
    first = verified_worker(first_name="静", last_name="陈")
    entry = services.contest_open(actor=first, contest=running_contest, nickname="冠军")
    services.contest_entry_submit(actor=first, entry=entry, answers=answers(entry))
    client = login(centre_admin)
    page = client.get(reverse("staff:learning:contest_winners", args=[running_contest.public_id]))
    assert "冠军" in page.content.decode() and first.phone not in page.content.decode()
    response = client.get(
        reverse("staff:learning:winners_export", args=[running_contest.public_id])
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Rank", "Nickname", "Name", "Mobile number", "Unit")
    assert rows[1][:4] == (1, "冠军", "陈静", first.phone) and rows[1][5] == 3
    audit = AuditEntry.objects.get(action="learning.contest.winners_exported")
    assert audit.actor == centre_admin and audit.details["seed"] == running_contest.draw_seed


def test_the_winners_and_export_are_closed_to_other_staff(
    login: Login, cadre_b: User, counsellor_a: User, running_contest: Contest
) -> None:
    for user in (cadre_b, counsellor_a):
        client = login(user)
        for name in ("staff:learning:contest_winners", "staff:learning:winners_export"):
            url = reverse(name, args=[running_contest.public_id])
            assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="learning.contest.winners_exported").exists()


def test_centre_staff_list_contests_with_entrant_counts(
    login: Login, centre_admin: User, cadre_b: User, running_contest: Contest
) -> None:
    page = login(centre_admin).get(reverse("staff:learning:contests"))
    assert page.status_code == 200 and running_contest.title in page.content.decode()
    assert login(cadre_b).get(reverse("staff:learning:contests")).status_code == 404


@pytest.mark.parametrize("others", [2, 25])
def test_the_result_page_keeps_a_query_budget(
    login: Login,
    worker: User,
    running_contest: Contest,
    during: time_machine.Traveller,
    django_assert_max_num_queries: object,
    others: int,
) -> None:
    for _ in range(others):
        someone = verified_worker()
        entry = services.contest_open(actor=someone, contest=running_contest, nickname="别人")
        services.contest_entry_submit(actor=someone, entry=entry, answers=answers(entry))
    mine = services.contest_open(actor=worker, contest=running_contest, nickname="小鲸鱼")
    services.contest_entry_submit(actor=worker, entry=mine, answers=answers(mine))
    client = login(worker)
    url = reverse("learning:entry_result", args=[mine.public_id])
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(url)
    assert "data-mine" in response.content.decode()
