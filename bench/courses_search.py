"""Catalogue search over 211 and 5,000 topics: latency and queries, beside a bare view.

.venv/bin/python bench/courses_search.py            # SQLite
DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling .venv/bin/python bench/courses_search.py

Builds its own catalogue (the demo's titles, repeated with variations past 211) with 40
experts, then times, per query: the selector (the count and the first page of 20 with
formats, audiences and experts), the portal page /courses/ and the API /api/v1/topics/,
each through Django's test client in this process; and, as the floor every request pays
(middleware, session, templates), a bare view answering "ok" and a bare view rendering
20 titles from one query. Prints p50 / p95 in ms and the queries per request.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from _setup import bench_database, percentile

SIZES = (211, 5000)
RUNS = 30
QUERIES = ("", "压力", "职场压力", "亲子沟通", "沙盘 团体", "stress", "孩子 情绪", "QX-001")
VARIANTS = ("", "（基础篇）", "（进阶篇）", "（实务篇）", "——案例研讨", "（线上版）", "（班组版）")


def bare_ok(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("ok")


def bare_titles(request: Any) -> Any:
    from django.http import HttpResponse
    from django.utils.html import escape

    from courses.models import Topic

    titles = Topic.objects.filter(is_active=True).order_by("code").values_list("title", flat=True)
    return HttpResponse("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in titles[:20]) + "</ul>")


def _urlpatterns() -> list[Any]:
    from django.urls import include, path

    return [
        path("bare/ok/", bare_ok),
        path("bare/titles/", bare_titles),
        path("", include("config.urls")),
    ]


def build(n: int) -> None:
    from accounts.models import User
    from courses.demo.titles import GOALS, METHODS, TITLES
    from courses.models import (
        Audience,
        Expert,
        Format,
        Topic,
        TopicAudience,
        TopicExpert,
        TopicFormat,
    )
    from courses.services.topics import TopicData, topic_search_text
    from network.models import Level, OrgUnit, PractitionerProfile

    rng = random.Random(n)
    centre = OrgUnit.objects.create(name="中心", level=Level.CENTRE, path="0001", depth=0)
    users = User.objects.bulk_create(User(username=f"bench-expert-{i}") for i in range(40))
    profiles = PractitionerProfile.objects.bulk_create(
        PractitionerProfile(user=u, display_name=f"专家{i}", is_public=True)
        for i, u in enumerate(users)
    )
    experts = Expert.objects.bulk_create(
        Expert(practitioner=p, code=f"ZJ-{i:03d}", unit=centre) for i, p in enumerate(profiles)
    )
    base = [(c, prefix, t) for c, (prefix, titles) in TITLES.items() for t in titles]
    rows: list[tuple[Topic, TopicData]] = []
    for index in range(n):
        category, prefix, title = base[index % len(base)]
        title += VARIANTS[(index // len(base)) % len(VARIANTS)]
        if index >= len(base) * len(VARIANTS):
            title += f"（{index // (len(base) * len(VARIANTS)) + 1}）"
        data = TopicData(
            code=f"{prefix}-{index:04d}",
            title=title,
            category=category,
            length_minutes=rng.choice((60, 90, 120)),
            formats=frozenset(rng.sample(list(Format.values), rng.randint(1, 2))),
            audiences=frozenset(rng.sample(list(Audience.values), rng.randint(1, 3))),
            experts=frozenset(e.pk for e in rng.sample(experts, rng.randint(1, 3))),
            summary=f"本课程围绕“{title}”展开，{rng.choice(METHODS)}，帮助职工{GOALS[category]}。",
        )
        topic = Topic(
            code=data.code,
            title=data.title,
            category=data.category,
            length_minutes=data.length_minutes,
            summary=data.summary,
            search_text=topic_search_text(data),
        )
        rows.append((topic, data))
    Topic.objects.bulk_create([t for t, _ in rows], batch_size=500)
    TopicFormat.objects.bulk_create(
        (TopicFormat(topic=t, format=f) for t, d in rows for f in d.formats), batch_size=2000
    )
    TopicAudience.objects.bulk_create(
        (TopicAudience(topic=t, audience=a) for t, d in rows for a in d.audiences),
        batch_size=2000,
    )
    TopicExpert.objects.bulk_create(
        (TopicExpert(topic=t, expert_id=e) for t, d in rows for e in d.experts), batch_size=2000
    )


def timed(call: Callable[[], Any]) -> tuple[float, float, int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return percentile(timings, 0.5), percentile(timings, 0.95), len(queries), result


def report(n: int, label: str, call: Callable[[], Any]) -> Any:
    from django.db import connection

    p50, p95, queries, result = timed(call)
    print(
        f"{connection.vendor:10} {n:5} topics  {label:34} "
        f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  queries {queries}"
    )
    return result


def measure(n: int) -> None:
    from django.core.paginator import Paginator
    from django.test import Client

    from courses import selectors

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    report(n, "bare view (ok)", lambda: client.get("/bare/ok/"))
    report(n, "bare view (20 titles, 1 query)", lambda: client.get("/bare/titles/"))
    for q in QUERIES:
        filters = selectors.CatalogueFilters(q=q)

        def selector(filters: Any = filters) -> int:
            page = Paginator(selectors.topic_search(filters, viewer=None), 20).get_page(1)
            list(page.object_list)
            return page.paginator.count

        found = report(n, f"selector  q={q or '—'}", selector)
        for path in ("/courses/", "/api/v1/topics/"):
            response = report(n, f"{path:16} q={q or '—'}", partial(client.get, path, {"q": q}))
            assert response.status_code == 200, (path, response.status_code)
        print(f"{'':17} {'':34} {found} found")
    report(
        n,
        "/courses/ category+format+audience",
        lambda: client.get(
            "/courses/", {"category": "stress", "format": "online", "audience": "gig"}
        ),
    )


def main() -> None:
    sizes = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    sys.modules["courses_search_bench_urls"] = type(sys)("courses_search_bench_urls")
    with bench_database():
        from django.conf import settings
        from django.test.utils import override_settings

        from accounts.models import User
        from courses.models import Expert, Topic
        from network.models import OrgUnit, PractitionerProfile

        sys.modules["courses_search_bench_urls"].urlpatterns = _urlpatterns()  # type: ignore[attr-defined]
        rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"}}
        with override_settings(ROOT_URLCONF="courses_search_bench_urls", REST_FRAMEWORK=rates):
            for n in sizes:
                Topic.objects.all().delete()
                Expert.objects.all().delete()
                PractitionerProfile.objects.all().delete()
                User.objects.all().delete()
                OrgUnit.objects.all().delete()
                build(n)
                measure(n)


if __name__ == "__main__":
    main()
