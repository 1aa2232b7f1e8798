"""Demo call log for `make run`: three days of calls, a returning caller, a few drafts and
contact requests waiting in the queue. Written through the services, like real ones."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from hotline import services
from hotline.models import CallTopic, Line
from network.models import Level, OrgUnit

SUMMARIES = [
    ("work-stress", "连续加班两周，睡不好，想找人说说。", "counselled", "low"),
    ("labour-dispute", "外卖骑手，平台拖欠两个月报酬，询问维权途径。", "referred", "medium"),
    ("family", "孩子厌学，和配偶争吵频繁。", "counselled", "low"),
    ("emotions", "最近情绪低落，对什么都提不起兴趣。", "call_back", "medium"),
    ("legal", "被辞退未签劳动合同，咨询法律援助。", "referred", "none"),
    ("policy", "询问困难职工帮扶政策。", "counselled", "none"),
    ("relationships", "与同事关系紧张，影响工作。", "counselled", "low"),
]
CALLS_PER_DAY = 6
RETURNING_NUMBER = "+86 139 0000 0001"  # a demo number, not a real person's


def _data(
    rng: random.Random, index: int, when: datetime, districts: list[OrgUnit]
) -> services.CallData:
    code, summary, outcome, risk = SUMMARIES[index % len(SUMMARIES)]
    return services.CallData(
        started_at=when,
        duration_seconds=rng.randint(180, 1500),
        channel=rng.choice(["phone", "phone", "phone", "chat", "walk_in"]),
        caller_type=rng.choice(["worker", "worker", "worker", "family", "employer"]),
        topics=list(CallTopic.objects.filter(code=code)),
        gig_worker=code == "labour-dispute",
        woman_worker=rng.random() < 0.4,
        hardship_family=code == "policy",
        district=rng.choice(districts) if districts else None,
        risk=risk,
        summary=summary,
        outcome=outcome,
        caller_number=RETURNING_NUMBER if index % 9 == 0 else "",
    )


def load(line: Line, operators: list[User]) -> None:
    rng = random.Random(12351)  # noqa: S311 - the same demo data on every run, nothing secret
    districts = list(OrgUnit.objects.filter(level=Level.DISTRICT, is_active=True))
    now = timezone.now()
    index = 0
    for days_ago in (3, 2, 1):
        for slot in range(CALLS_PER_DAY):
            when = now - timedelta(days=days_ago, hours=slot * 3 + rng.randint(0, 2))
            operator = operators[(index + days_ago) % len(operators)]
            call = services.call_start(actor=operator, line=line)
            services.call_log(actor=operator, call=call, data=_data(rng, index, when, districts))
            index += 1
    crisis = services.call_start(actor=operators[0], line=line)
    services.call_log(
        actor=operators[0],
        call=crisis,
        data=services.CallData(
            started_at=now - timedelta(hours=20),
            duration_seconds=2400,
            caller_type="worker",
            topics=list(CallTopic.objects.filter(code__in=["crisis", "emotions"])),
            risk="crisis",
            summary="来电者表达轻生念头，已稳定情绪，约定次日回访。",
            outcome="call_back",
            caller_number=RETURNING_NUMBER,
        ),
    )
    draft = services.call_start(actor=operators[1], line=line)
    services.call_draft_save(
        actor=operators[1],
        call=draft,
        data=services.CallData(started_at=now - timedelta(minutes=25), summary="通话中断，待补全"),
    )
    _contacts()


def _contacts() -> None:
    services.request_contact(
        source="assessment",
        summary="Self-assessment PHQ-9, result band severe. Risk signs: item9.",
        phone="+86 139 0000 0002",
        risk="high",
        reference="demo-assessment-1",
        preferred_time="下午",
    )
    services.request_contact(
        source="lecture",
        summary="讲座《压力调整》后留言：希望有人联系聊聊工作压力。",
        phone="+86 139 0000 0003",
        risk="none",
        reference="demo-lecture-1",
    )
    services.request_contact(
        source="partner",
        summary="工会App：职工请求回电，咨询欠薪维权。",
        phone="+86 139 0000 0004",
        risk="low",
        reference="demo-partner-1",
    )
