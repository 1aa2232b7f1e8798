"""A year of the 12351 line for bench/hotline_calls.py, built in SQL (PostgreSQL only).

One line at the city centre, nine districts, 40 operators and 6 supervisors, and for the
365 days up to now: `per_day` calls a day (busier between 08:00 and 22:00), 1–2 topics
each, channels / caller types / key groups / districts / risk / outcomes in plausible
shares; about 45% of calls from a caller profile (keyed HMAC + Fernet, made in Python and
copied in), skewed so some callers ring hundreds of times; a case for each call whose
outcome is "case opened" (most of the old ones closed, each with next steps, a fifth with a
referral), a crisis incident for each crisis call (all resolved but the last three),
contact requests (a few still queued) and the callers' unexpired risk flags.
"""

from __future__ import annotations

import io
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

OPERATORS = 40
SUPERVISORS = 6
PROFILES = 250_000
DISTRICTS = 9


@dataclass
class Built:
    line: Any
    operator: Any
    supervisor: Any
    analyst: Any
    numbers: list[str] = field(default_factory=list)  # E.164 of the most frequent callers
    counts: dict[str, int] = field(default_factory=dict)


def _staff(username: str, role: str, unit: Any, *, totp: bool) -> Any:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User
    from network.models import Membership

    user = User.objects.create(username=username, email=f"{username}@example.com", is_staff=True)
    Membership.objects.create(user=user, unit=unit, role=role)
    if totp:  # the staff MFA step (core.middleware.StaffMFAMiddleware)
        TOTP.activate(user, generate_totp_secret())
    return user


def people_and_places() -> tuple[Any, list[int], list[int], Any]:
    from accounts.models import User
    from hotline.models import Line
    from network import services as network_services
    from network.models import Level, OrgUnit, Role

    root = User.objects.create(username="bench-root", is_superuser=True, is_staff=True)
    centre = OrgUnit.objects.filter(level=Level.CENTRE).first() or network_services.unit_create(
        actor=root, name="市中心", level=Level.CENTRE, parent=None
    )
    for i in range(DISTRICTS):
        network_services.unit_create(actor=root, name=f"区{i}", level=Level.DISTRICT, parent=centre)
    line = Line.objects.create(unit=centre, name="12351 职工服务热线")
    ops = [
        _staff(f"op{i}", Role.HOTLINE_OPERATOR, centre, totp=i == 0).pk for i in range(OPERATORS)
    ]
    sups = [
        _staff(f"sup{i}", Role.HOTLINE_SUPERVISOR, centre, totp=i == 0).pk
        for i in range(SUPERVISORS)
    ]
    analyst = _staff("analyst", Role.ANALYST, centre, totp=True)
    return line, ops, sups, analyst


def profiles(cursor: Any, line_id: int) -> tuple[list[str], int]:
    """PROFILES caller profiles (digest and token made by core.crypto), by COPY."""
    from django.utils import timezone

    from core import crypto

    rng = random.Random(12351)
    prefixes = ("135", "136", "137", "138", "139", "158", "159", "186", "188")  # all valid
    numbers = {f"+86{rng.choice(prefixes)}{rng.randrange(10**8):08d}" for _ in range(PROFILES)}
    ordered = sorted(numbers)
    rng.shuffle(ordered)
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    for e164 in ordered:
        digest, token = crypto.number_digest(e164), crypto.encrypt(e164)
        buffer.write(f"{uuid.uuid4()}\t{line_id}\t{digest}\t{token}\t{now}\n")
    buffer.seek(0)
    cursor.copy_expert(
        "COPY hotline_callerprofile"
        " (public_id, line_id, number_digest, number_encrypted, created_at) FROM STDIN",
        buffer,
    )
    # Ids ascend in COPY order: the first rows are the frequent callers.
    return ordered[:20], len(ordered)


# A local day's seconds: three calls in four between 08:00 and 22:00.
CALLS_SQL = """
WITH raw AS (
    SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
           random() r7, random() r8, random() r9, random() r10, random() r11, random() r12
    FROM generate_series(1, %(days)s * %(per_day)s) g
), timed AS (
    SELECT raw.*,
        (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')
        - make_interval(days => (%(days)s - 1) - (g - 1) / %(per_day)s)
        + make_interval(secs => CASE WHEN r9 < 0.75 THEN 28800 + r8 * 50400 ELSE r8 * 86400 END)
        AS t
    FROM raw
)
INSERT INTO hotline_call (
    public_id, line_id, operator_id, status, source, started_at, duration_seconds, channel,
    caller_type, gig_worker, woman_worker, hardship_family, district_id, risk, summary,
    outcome, caller_id, created_at, updated_at, logged_at)
SELECT gen_random_uuid(), %(line)s, (%(ops)s::int[])[1 + (g %% %(n_ops)s)], 'logged',
    CASE WHEN r1 < 0.1 THEN 'api' ELSE 'staff' END, t, 60 + (r2 * r2 * 1800)::int,
    CASE WHEN r1 < 0.78 THEN 'phone' WHEN r1 < 0.9 THEN 'chat' WHEN r1 < 0.94 THEN 'walk_in'
         WHEN r1 < 0.97 THEN 'petition' ELSE 'call_back' END,
    CASE WHEN r3 < 0.82 THEN 'worker' WHEN r3 < 0.92 THEN 'family'
         WHEN r3 < 0.96 THEN 'employer' ELSE 'other' END,
    r4 < 0.18, r5 < 0.35, r10 < 0.07,
    CASE WHEN r11 < 0.12 THEN NULL ELSE (%(districts)s::int[])[1 + (g %% %(n_districts)s)] END,
    CASE WHEN r6 < 0.70 THEN 'none' WHEN r6 < 0.88 THEN 'low' WHEN r6 < 0.965 THEN 'medium'
         WHEN r6 < 0.997 THEN 'high' ELSE 'crisis' END,
    '工作压力大，来电倾诉，已疏导（基准数据）',
    CASE WHEN r6 >= 0.997 OR r7 > 0.97 THEN 'case_opened' WHEN r7 < 0.80 THEN 'counselled'
         WHEN r7 < 0.92 THEN 'referred' ELSE 'call_back' END,
    CASE WHEN r9 < 0.45 THEN %(first_profile)s + floor(%(profiles)s * r12 * r12)::int END,
    t, t, t + make_interval(secs => 60 + (r2 * r2 * 1800)::int)
FROM timed WHERE t < now()
"""

TOPICS_SQL = """
INSERT INTO hotline_call_topics (call_id, calltopic_id)
SELECT id, (%(topics)s::int[])[1 + (hashint8(id) & 2147483647) %% %(n_topics)s]
FROM hotline_call WHERE line_id = %(line)s
UNION
SELECT id, (%(topics)s::int[])[1 + (hashint8(id + 7) & 2147483647) %% %(n_topics)s]
FROM hotline_call WHERE line_id = %(line)s AND (hashint8(id + 13) & 1023) < 300
"""

CASES_SQL = """
CREATE TEMP TABLE bench_case AS
SELECT id AS call_id, row_number() OVER (ORDER BY id) AS case_id, operator_id, risk,
       logged_at AS opened, random() AS r
FROM hotline_call WHERE line_id = %(line)s AND outcome = 'case_opened';
INSERT INTO hotline_hotlinecase (id, public_id, line_id, owner_id, concern, notes, risk,
    status, outcome, crisis_followups_waived, created_at, closed_at)
SELECT case_id, gen_random_uuid(), %(line)s, operator_id, '来电者反映欠薪与情绪困扰（基准数据）',
    '', risk, s.status,
    CASE WHEN s.status = 'closed' THEN
        (ARRAY['resolved','referred_on','lost_contact','declined'])[1 + (case_id %% 4)]
    ELSE '' END,
    '', opened,
    CASE WHEN s.status = 'closed' THEN LEAST(opened + make_interval(days => 1 + (r * 20)::int),
                                              now()) END
FROM bench_case, LATERAL (SELECT CASE
    WHEN opened > now() - interval '10 days' AND r < 0.8 THEN
        CASE WHEN r < 0.3 THEN 'follow_up' ELSE 'open' END
    WHEN opened > now() - interval '60 days' AND r < 0.1 THEN 'follow_up'
    WHEN r < 0.005 THEN 'open' ELSE 'closed' END AS status) s;
UPDATE hotline_call c SET case_id = b.case_id FROM bench_case b WHERE c.id = b.call_id;
SELECT setval(pg_get_serial_sequence('hotline_hotlinecase', 'id'),
              (SELECT max(id) FROM hotline_hotlinecase));
INSERT INTO hotline_referral (case_id, body, status, answer_by, feedback, created_at)
SELECT id, (ARRAY['legal_aid','policy','counselling','psychiatric','petition'])[1 + id %% 5],
    CASE WHEN status = 'closed' THEN 'done' ELSE 'sent' END,
    (created_at + interval '14 days')::date, '', created_at
FROM hotline_hotlinecase WHERE line_id = %(line)s AND id %% 5 = 0;
INSERT INTO hotline_nextstep (case_id, kind, due_at, is_crisis_followup, created_by_id,
    created_at, done_at)
SELECT id, 'follow_up_call', created_at + interval '1 day', false, owner_id, created_at,
    LEAST(created_at + interval '20 hours', now())
FROM hotline_hotlinecase WHERE line_id = %(line)s
UNION ALL
SELECT id, (ARRAY['follow_up_call','counselling_booking','referral','visit'])[1 + id %% 4],
    created_at + make_interval(days => (2 + id %% 12)::int), false, owner_id, created_at,
    CASE WHEN status = 'closed' THEN closed_at END
FROM hotline_hotlinecase WHERE line_id = %(line)s;
"""

CRISES_SQL = """
INSERT INTO hotline_crisisincident (public_id, line_id, call_id, opened_at, chain, step,
    notified_at, acknowledged_at, acknowledged_by_id, first_acknowledged_at, reverted_count,
    safety_assessed, emergency_contacted, emergency_reason, person_informed,
    followup_arranged, resolved_at, resolved_by_id)
SELECT gen_random_uuid(), %(line)s, id, logged_at,
    '[{"target": "on_duty_supervisor", "user": null, "wait_minutes": 5}]'::jsonb, 0, logged_at,
    logged_at + make_interval(secs => 60 + id %% 540), %(sup)s,
    logged_at + make_interval(secs => 60 + id %% 540), 0, true, id %% 3 = 0, '', '家属',
    true, logged_at + make_interval(hours => (2 + id %% 20)::int), %(sup)s
FROM hotline_call WHERE line_id = %(line)s AND risk = 'crisis';
UPDATE hotline_crisisincident SET resolved_at = NULL, resolved_by_id = NULL,
    safety_assessed = false, followup_arranged = false
WHERE id IN (SELECT id FROM hotline_crisisincident ORDER BY opened_at DESC LIMIT 3);
UPDATE hotline_crisisincident SET acknowledged_at = NULL, acknowledged_by_id = NULL,
    first_acknowledged_at = NULL
WHERE id = (SELECT id FROM hotline_crisisincident ORDER BY opened_at DESC LIMIT 1);
INSERT INTO hotline_callerflag (profile_id, risk, raised_at, expires_at, raised_by_id, source)
SELECT DISTINCT ON (caller_id) caller_id, risk, logged_at, logged_at + interval '90 days',
    operator_id, 'call:' || id
FROM hotline_call
WHERE line_id = %(line)s AND caller_id IS NOT NULL AND risk IN ('high', 'crisis')
  AND logged_at > now() - interval '90 days'
ORDER BY caller_id, logged_at DESC;
"""

CONTACTS_SQL = """
INSERT INTO hotline_contactrequest (public_id, line_id, source, reference, summary, risk,
    contact_name, preferred_time, caller_id, status, created_at, due_at, assigned_to_id,
    assigned_at, attempts, last_attempt_at, outcome, closed_at, closed_by_id)
SELECT gen_random_uuid(), %(line)s,
    (ARRAY['assessment','lecture','partner','staff'])[1 + g %% 4], '', '请回电（基准数据）',
    CASE WHEN g %% 25 = 0 THEN 'high' ELSE 'none' END, '', '', %(first_profile)s + g,
    CASE WHEN t > now() - interval '1 day' THEN 'assigned' ELSE 'closed' END, t,
    CASE WHEN g %% 25 = 0 THEN t + interval '30 minutes' END,
    %(op)s, t, 1, t,
    CASE WHEN t > now() - interval '1 day' THEN ''
         ELSE (ARRAY['reached','referred','no_answer','declined'])[1 + g %% 4] END,
    CASE WHEN t > now() - interval '1 day' THEN NULL ELSE t + interval '3 hours' END,
    CASE WHEN t > now() - interval '1 day' THEN NULL ELSE %(op)s END
FROM (SELECT g, now() - make_interval(secs => g * 1440) AS t
      FROM generate_series(1, %(contacts)s) g) s
"""


def build(per_day: int, days: int = 365) -> Built:
    from django.db import connection

    from hotline.models import CallTopic
    from network.models import Level, OrgUnit

    line, ops, sups, analyst = people_and_places()
    districts = list(
        OrgUnit.objects.filter(level=Level.DISTRICT).order_by("pk").values_list("pk", flat=True)
    )
    topics = list(CallTopic.objects.order_by("position").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        numbers, profile_count = profiles(cursor, line.pk)
        cursor.execute("SELECT min(id) FROM hotline_callerprofile")
        first_profile = cursor.fetchone()[0]
        cursor.execute("SELECT setseed(0.12351)")
        params = {
            "days": days,
            "per_day": per_day,
            "line": line.pk,
            "ops": ops,
            "n_ops": len(ops),
            "districts": districts,
            "n_districts": len(districts),
            "first_profile": first_profile,
            "profiles": profile_count,
            "topics": topics,
            "n_topics": len(topics),
            "sup": sups[0],
            "op": ops[0],
            "contacts": 60 * days,
        }
        for sql in (CALLS_SQL, TOPICS_SQL, CASES_SQL, CRISES_SQL, CONTACTS_SQL):
            cursor.execute(sql, params)
        cursor.execute("ANALYZE")
        counts = {}
        for table in (
            "call",
            "call_topics",
            "callerprofile",
            "hotlinecase",
            "nextstep",
            "referral",
            "crisisincident",
            "contactrequest",
            "callerflag",
        ):
            cursor.execute(f"SELECT count(*) FROM hotline_{table}")  # noqa: S608 (fixed names)
            counts[table] = cursor.fetchone()[0]
    from accounts.models import User

    return Built(
        line=line,
        operator=User.objects.get(pk=ops[0]),
        supervisor=User.objects.get(pk=sups[0]),
        analyst=analyst,
        numbers=numbers,
        counts=counts,
    )


def reopen() -> Built:
    """What `build` returned, from a database a `--keep` run left."""
    from accounts.models import User
    from core import crypto
    from hotline.models import CallerProfile, Line

    frequent = CallerProfile.objects.order_by("pk").values_list("number_encrypted", flat=True)
    return Built(
        line=Line.objects.get(),
        operator=User.objects.get(username="op0"),
        supervisor=User.objects.get(username="sup0"),
        analyst=User.objects.get(username="analyst"),
        numbers=[crypto.decrypt(token) for token in frequent[:20]],
        counts={"call": Line.objects.get().calls.count()},
    )
