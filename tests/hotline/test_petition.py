"""The union + petition desk: visits and cases heard counted per year, who sees the
summaries (audited), legal aid outcomes, bad input refused with translated messages."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.demo import load_demo
from core.errors import DomainError, NotFound
from hotline.models import LegalAidOutcome, Line, PetitionHearing, PetitionVisit
from hotline.selectors import petition as sel
from hotline.services import petition as svc
from network.models import AuditEntry
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")

SUMMARY = "建筑工人被拖欠工资两个月"


def visit(line: Line, who: User, day: date = date(2026, 6, 9), people: int = 2) -> PetitionVisit:
    return svc.visit_log(
        actor=who, line=line, day=day, starts=time(9), ends=time(12), people_counselled=people
    )


def heard(v: PetitionVisit, who: User, **kw: object) -> PetitionHearing:
    return svc.hearing_add(
        actor=who,
        visit=v,
        category=str(kw.get("category", "wages")),
        summary=SUMMARY,
        one_to_one=bool(kw.get("one_to_one", True)),
        refer_legal_aid=bool(kw.get("legal_aid", False)),
    )


def test_visits_and_cases_are_counted_per_year(line: Line, operator: User) -> None:
    first = visit(line, operator, people=3)
    heard(first, operator)
    heard(first, operator, category="family", one_to_one=False)
    second = visit(line, operator, day=date(2026, 1, 5), people=1)
    referral = heard(second, operator, legal_aid=True).referral
    svc.referral_outcome(
        actor=operator,
        referral=referral,
        outcome=LegalAidOutcome.WAGES_RECOVERED,
        amount=Decimal("8600.00"),
    )
    heard(visit(line, operator, day=date(2025, 12, 30)), operator)
    figures = sel.petition_figures(viewer=operator, line=line, year=2026)
    assert (figures.visits, figures.cases_heard, figures.people_counselled) == (2, 3, 4)
    assert figures.legal_aid_referrals == 1 and figures.wages_recovered == Decimal("8600.00")
    last_year = sel.petition_figures(viewer=operator, line=line, year=2025)
    assert (last_year.visits, last_year.cases_heard, last_year.people_counselled) == (1, 1, 2)


def test_only_the_lines_staff_see_the_desk(
    line: Line, operator: User, supervisor: User, operator_b: User, login: Login
) -> None:
    v = visit(line, operator)
    heard(v, operator)
    with pytest.raises(NotFound):
        sel.petition_figures(viewer=operator_b, line=line, year=2026)
    with pytest.raises(NotFound):
        heard(v, operator_b)
    url = reverse(
        "staff:hotline:petition_visit", kwargs={"line": line.public_id, "visit": v.public_id}
    )
    assert login(operator_b).get(url).status_code == 404
    desk = reverse("staff:hotline:petition", kwargs={"line": line.public_id})
    assert login(operator_b).get(desk).status_code == 404
    assert AuditEntry.objects.filter(action="hotline.petition.viewed").count() == 0
    for person in (operator, supervisor):
        page = login(person).get(url)
        assert page.status_code == 200 and SUMMARY in page.content.decode()
    assert AuditEntry.objects.filter(action="hotline.petition.viewed").count() == 2
    assert not AuditEntry.objects.filter(details__icontains="拖欠").exists()
    listing = login(operator).get(desk).content.decode()
    assert f'data-visit="{v.public_id}"' in listing and SUMMARY not in listing


def test_logging_through_the_pages(line: Line, operator: User, login: Login) -> None:
    client = login(operator)
    desk = reverse("staff:hotline:petition", kwargs={"line": line.public_id})
    response = client.post(
        desk, {"day": "2026-06-10", "starts": "09:00", "ends": "11:30", "people_counselled": 4}
    )
    v = PetitionVisit.objects.get()
    assert response.status_code == 302 and v.counsellor == operator and v.people_counselled == 4
    url = reverse(
        "staff:hotline:petition_visit", kwargs={"line": line.public_id, "visit": v.public_id}
    )
    client.post(
        url,
        {
            "category": "work_injury",
            "summary": SUMMARY,
            "one_to_one": "on",
            "refer_legal_aid": "on",
        },
    )
    hearing = PetitionHearing.objects.get()
    assert hearing.one_to_one and hearing.referral.outcome == LegalAidOutcome.PENDING
    aid = reverse(
        "staff:hotline:petition_legal_aid", kwargs={"line": line.public_id, "visit": v.public_id}
    )
    client.post(aid, {"referral": hearing.referral.pk, "outcome": "settled", "amount": ""})
    hearing.referral.refresh_from_db()
    assert hearing.referral.outcome == LegalAidOutcome.SETTLED


def test_bad_input_is_refused_in_chinese(line: Line, operator: User, login: Login) -> None:
    client = login(operator)
    client.cookies["django_language"] = "zh-hans"
    desk = reverse("staff:hotline:petition", kwargs={"line": line.public_id})
    response = client.post(
        desk,
        {"day": "2026-06-10", "starts": "12:00", "ends": "09:00", "people_counselled": 1},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400 and PetitionVisit.objects.count() == 0
    assert "结束时间须晚于开始时间" in response.content.decode()
    response = client.post(
        desk,
        {"day": "2026-06-11", "starts": "09:00", "ends": "10:00", "people_counselled": 1},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400 and PetitionVisit.objects.count() == 0
    v = visit(line, operator)
    url = reverse(
        "staff:hotline:petition_visit", kwargs={"line": line.public_id, "visit": v.public_id}
    )
    response = client.post(
        url, {"category": "nonsense", "summary": " "}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400 and PetitionHearing.objects.count() == 0


def test_an_amount_only_with_wages_recovered(line: Line, operator: User) -> None:
    referral = heard(visit(line, operator), operator, legal_aid=True).referral
    with translation.override("zh-hans"):
        with pytest.raises(DomainError) as refused:
            svc.referral_outcome(
                actor=operator, referral=referral, outcome="settled", amount=Decimal("100")
            )
        assert "追回" in str(refused.value.message)
    referral.refresh_from_db()
    assert referral.outcome == LegalAidOutcome.PENDING and referral.amount is None


def test_a_bad_legal_aid_outcome_changes_nothing(
    line: Line, operator: User, operator_b: User, login: Login
) -> None:
    v = visit(line, operator)
    referral = heard(v, operator, legal_aid=True).referral
    kwargs = {"line": line.public_id, "visit": v.public_id}
    aid = reverse("staff:hotline:petition_legal_aid", kwargs=kwargs)
    client = login(operator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    page = client.post(
        aid, {"referral": referral.pk, "outcome": "settled", "amount": "500"}, follow=True
    )
    assert "金额仅用于追回工资" in page.content.decode()
    page = client.post(aid, {"referral": referral.pk, "outcome": "nonsense"}, follow=True)
    assert page.status_code == 200
    referral.refresh_from_db()
    assert referral.outcome == LegalAidOutcome.PENDING and referral.amount is None
    outsider = login(operator_b).post(aid, {"referral": referral.pk, "outcome": "settled"})
    assert outsider.status_code == 404


def test_the_pages_are_in_chinese(line: Line, operator: User, login: Login) -> None:
    v = visit(line, operator)
    client = login(operator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    desk = client.get(reverse("staff:hotline:petition", kwargs={"line": line.public_id}))
    assert "工会+信访" in desk.content.decode() and "一对一疏导人数" in desk.content.decode()
    url = reverse(
        "staff:hotline:petition_visit", kwargs={"line": line.public_id, "visit": v.public_id}
    )
    assert "记录倾听案件" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_demo_has_petition_desk_figures() -> None:
    load_demo()
    line = Line.objects.get()
    lead = line.lead
    assert lead is not None
    figures = sel.petition_figures(viewer=lead, line=line, year=2026)
    assert (figures.visits, figures.cases_heard, figures.people_counselled) == (3, 9, 9)
    assert figures.wages_recovered == Decimal("12800.00")
