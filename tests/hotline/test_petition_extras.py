"""Petition desk extras: correcting a visit (audited), a supervisor logging a visit for a
counsellor of the line, and legal-aid referrals flagged when unanswered past their date."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from core.errors import PermissionDenied
from core.models import OutboxMessage
from hotline.models import LegalAidOutcome, Line, PetitionReferral, PetitionVisit
from hotline.services import petition as svc
from hotline.services.case_flags import petition_referrals_flag_unanswered
from hotline.tasks import flag_overdue_case_steps
from network.models import AuditEntry, OrgUnit
from tests.hotline.conftest import at
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.usefixtures("wednesday_morning")
SUMMARY = "建筑工人被拖欠工资两个月"


def visit(line: Line, who: User, **kw: object) -> PetitionVisit:
    return svc.visit_log(
        actor=who,
        line=line,
        day=date(2026, 6, 9),
        starts=time(9),
        ends=time(12),
        people_counselled=2,
        **kw,  # type: ignore[arg-type]
    )


def edit_url(v: PetitionVisit) -> str:
    return reverse(
        "staff:hotline:petition_edit", kwargs={"line": v.line.public_id, "visit": v.public_id}
    )


def test_the_counsellor_corrects_a_visit_and_the_change_is_audited(
    line: Line, operator: User, login: Login
) -> None:
    v = visit(line, operator)
    form = {
        "edit-day": "2026-06-08",
        "edit-starts": "09:00",
        "edit-ends": "13:00",
        "edit-people_counselled": "5",
    }
    assert login(operator).post(edit_url(v), form).status_code == 302
    v.refresh_from_db()
    assert (v.day, v.ends, v.people_counselled) == (date(2026, 6, 8), time(13), 5)
    entry = AuditEntry.objects.get(action="hotline.petition.visit_changed")
    assert entry.actor == operator
    assert entry.details["changed"] == {
        "day": ["2026-06-09", "2026-06-08"],
        "ends": ["12:00:00", "13:00:00"],
        "people_counselled": ["2", "5"],
    }


def test_a_colleague_cannot_correct_a_visit_but_a_supervisor_can(
    line: Line, operator: User, operator2: User, supervisor: User
) -> None:
    v = visit(line, operator)
    with pytest.raises(PermissionDenied):
        svc.visit_update(
            actor=operator2,
            visit=v,
            day=v.day,
            starts=v.starts,
            ends=time(14),
            people_counselled=2,
        )
    svc.visit_update(
        actor=supervisor, visit=v, day=v.day, starts=v.starts, ends=time(14), people_counselled=2
    )
    v.refresh_from_db()
    assert v.ends == time(14)
    assert AuditEntry.objects.filter(action="hotline.petition.visit_changed").count() == 1


def test_a_bad_correction_changes_nothing(line: Line, operator: User, login: Login) -> None:
    v = visit(line, operator)
    form = {
        "edit-day": "2026-06-09",
        "edit-starts": "12:00",
        "edit-ends": "09:00",
        "edit-people_counselled": "2",
    }
    page = login(operator).post(edit_url(v), form, follow=True)
    assert "The visit ends after it starts." in page.content.decode()
    v.refresh_from_db()
    assert v.ends == time(12)
    assert not AuditEntry.objects.filter(action="hotline.petition.visit_changed").exists()


def test_a_supervisor_logs_a_visit_for_a_counsellor_of_the_line(
    line: Line, operator: User, supervisor: User, login: Login
) -> None:
    url = reverse("staff:hotline:petition", kwargs={"line": line.public_id})
    form = {
        "day": "2026-06-09",
        "starts": "09:00",
        "ends": "12:00",
        "people_counselled": "3",
        "counsellor": operator.pk,
    }
    assert login(supervisor).post(url, form).status_code == 302
    v = PetitionVisit.objects.get()
    assert v.counsellor == operator
    entry = AuditEntry.objects.get(action="hotline.petition.visit_logged")
    assert entry.actor == supervisor and entry.details["on_behalf_of"] == operator.pk


def test_only_a_supervisor_logs_for_someone_else_and_only_for_the_line(
    line: Line,
    operator: User,
    operator2: User,
    supervisor: User,
    login: Login,
    tree: dict[str, OrgUnit],
) -> None:
    with pytest.raises(PermissionDenied):
        visit(line, operator, counsellor=operator2)
    stranger = factories.staff("op.far@example.com", "hotline_operator", tree["district_b"])
    with pytest.raises(svc.PetitionInvalid):
        visit(line, supervisor, counsellor=stranger)
    url = reverse("staff:hotline:petition", kwargs={"line": line.public_id})
    page = login(operator).get(url).content.decode()
    assert 'name="counsellor"' not in page  # operators log their own visits only
    assert not PetitionVisit.objects.exists()


def test_an_unanswered_legal_aid_referral_is_flagged_once_after_its_date(
    line: Line, operator: User, supervisor: User, login: Login
) -> None:
    v = visit(line, operator)
    hearing = svc.hearing_add(
        actor=operator,
        visit=v,
        category="wages",
        summary=SUMMARY,
        one_to_one=True,
        refer_legal_aid=True,
    )
    referral = PetitionReferral.objects.get(hearing=hearing)
    assert referral.answer_by == date(2026, 6, 10) + timedelta(days=svc.PETITION_ANSWER_DAYS)
    with time_machine.travel(at(2026, 7, 10, 9), tick=False):  # the answer-by day itself
        assert petition_referrals_flag_unanswered() == 0
    with time_machine.travel(at(2026, 7, 11, 9), tick=False):
        assert flag_overdue_case_steps() == 1
        assert petition_referrals_flag_unanswered() == 0  # once
    referral.refresh_from_db()
    assert referral.overdue_flagged_at is not None
    mail = OutboxMessage.objects.get(purpose="hotline.petition_referral_unanswered")
    assert operator.email in mail.payload["to"] and SUMMARY not in mail.payload["body"]
    url = reverse(
        "staff:hotline:petition_visit", kwargs={"line": line.public_id, "visit": v.public_id}
    )
    assert "data-unanswered" in login(operator).get(url).content.decode()


def test_an_answered_referral_is_never_flagged(line: Line, operator: User) -> None:
    v = visit(line, operator)
    hearing = svc.hearing_add(
        actor=operator,
        visit=v,
        category="wages",
        summary=SUMMARY,
        one_to_one=True,
        refer_legal_aid=True,
    )
    svc.referral_outcome(
        actor=operator,
        referral=hearing.referral,
        outcome=LegalAidOutcome.WAGES_RECOVERED,
        amount=None,
    )
    with time_machine.travel(at(2026, 8, 1, 9), tick=False):
        assert petition_referrals_flag_unanswered() == 0
