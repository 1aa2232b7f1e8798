"""Personal PDF reports: time to render one, reports per minute with one worker, memory.

.venv/bin/python bench/assessment_reports.py [--renders N]     # SQLite
DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling .venv/bin/python bench/assessment_reports.py

--renders N (default 300; 1000 for the issue's figure): one PHQ-9 in Chinese rendered N
times back to back, with CPU ms per render (time.process_time), the PDF's size and the
worker's resident memory after 1, 100 and N renders; and the WeasyPrint floor: the same
page's text in a minimal HTML page with the same font, none of our template.

Each render goes through `assessments.services.reports.report_render`, the body of the
Celery task: claim the row, build the context, render the template, write the
PDF with WeasyPrint, store it. One worker process renders one report at a
time, so K sequential renders measure one worker's throughput.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc

from _setup import bench_database, percentile

RUNS = 30  # renders per instrument and language for the latency figures
THROUGHPUT = 60  # reports rendered back to back for the per-minute figure
CASES = {
    # instrument: answers (PHQ-9 moderate; K10 high, with its subscale chart; WHO-5 with %)
    "phq9": [2, 2, 2, 1, 1, 1, 1, 0, 0],
    "k10": [3, 2, 3, 2, 2, 3, 2, 3, 2, 2],
    "who5": [2, 2, 3, 1, 2],
}
PHQ9_RISK = [1, 1, 1, 1, 1, 1, 1, 1, 2]  # item 9 > 0: the crisis contacts come first


def new_reports(code: str, answers: list[int], language: str, n: int) -> list[int]:
    from assessments import services
    from assessments.models import Report

    ids = []
    for _ in range(n):
        submission, _code = services.submission_create(
            actor=None, instrument_code=code, answers=answers, language=language
        )
        ids.append(Report.objects.create(submission=submission, language=language).pk)
    return ids


def render_all(ids: list[int]) -> list[float]:
    from assessments.services.reports import report_render

    timings = []
    for report_id in ids:
        started = time.perf_counter()
        assert report_render(report_id)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=300, help="renders for the memory run")
    parser.add_argument("--only-memory", action="store_true", help="skip the latency table")
    arguments = parser.parse_args()
    with bench_database():
        from django.db import connection

        from assessments import services
        from assessments.models import Report

        services.instrument_load_files()
        vendor = connection.vendor

        # Cold start: the first render loads Pango, HarfBuzz and the CJK font.
        started = time.perf_counter()
        render_all(new_reports("phq9", CASES["phq9"], "zh-hans", 1))
        cold = (time.perf_counter() - started) * 1000
        rss_after_first = resident_mib()
        print(f"{vendor}: first render in a fresh process (loads Pango and fonts): {cold:.0f} ms")

        memory_run(vendor, arguments.renders)
        if arguments.only_memory:
            return
        cases = [*CASES.items(), ("phq9 risk", PHQ9_RISK)]
        for label, answers in cases:
            code = label.split()[0]
            for language in ("zh-hans", "en"):
                timings = render_all(new_reports(code, answers, language, RUNS))
                size = len(Report.objects.filter(language=language).latest("pk").pdf or b"")
                p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
                print(
                    f"{vendor}: render one report  {label:10} {language:7}  "
                    f"p50 {p50:5.0f} ms  p95 {p95:5.0f} ms  ({RUNS} runs, PDF {size // 1024} KiB)"
                )

        # One worker's throughput: K reports back to back, half zh-Hans, half English.
        ids = new_reports("phq9", CASES["phq9"], "zh-hans", THROUGHPUT // 2) + new_reports(
            "k10", CASES["k10"], "en", THROUGHPUT - THROUGHPUT // 2
        )
        started = time.perf_counter()
        render_all(ids)
        elapsed = time.perf_counter() - started
        print(
            f"{vendor}: one worker, {len(ids)} reports back to back in {elapsed:.1f} s: "
            f"{len(ids) / elapsed * 60:.0f} reports per minute"
        )

        # Memory: the Python heap during one render (tracemalloc), and the process's
        # resident size (Pango, HarfBuzz and the fonts live outside the Python heap).
        # With SQLite the test database is in memory and holds every PDF made above.
        rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if sys.platform == "darwin":
            rss_peak /= 1024
        rss_now = resident_mib()
        gc.collect()
        (report_id,) = new_reports("k10", CASES["k10"], "zh-hans", 1)
        tracemalloc.start()
        render_all([report_id])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{vendor}: peak Python heap during one render {peak / 1024 / 1024:.1f} MiB; "
            f"worker RSS after its first render {rss_after_first:.0f} MiB, after "
            f"{Report.objects.count() - 1} renders {rss_now:.0f} MiB (peak {rss_peak:.0f} MiB)"
        )


def memory_run(vendor: str, renders: int) -> None:
    """One PHQ-9 in Chinese, `renders` times: CPU per render, size, RSS at 1, 100, N."""
    from assessments.models import Report

    ids = new_reports("phq9", CASES["phq9"], "zh-hans", renders)
    resident, cpu = {}, []
    for done, report_id in enumerate(ids, start=1):
        started = time.process_time()
        render_all([report_id])
        cpu.append((time.process_time() - started) * 1000)
        if done in (1, 100, renders):
            resident[done] = resident_mib()
    size = len(Report.objects.get(pk=ids[-1]).pdf or b"")
    rss = ", ".join(f"{n}: {mib:.0f} MiB" for n, mib in sorted(resident.items()))
    print(
        f"{vendor}: PHQ-9 zh-Hans x{renders}: CPU per render p50 {percentile(cpu, 0.5):.0f} ms "
        f"p95 {percentile(cpu, 0.95):.0f} ms, PDF {size / 1024:.0f} KiB; RSS after {rss}"
    )
    floor(vendor, ids[-1])


def floor(vendor: str, report_id: int) -> None:
    """WeasyPrint alone: the report's text in a bare page, our font and the system Noto."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.html import escape, strip_tags
    from weasyprint import HTML

    from assessments.models import Report
    from assessments.presentation.report_pdf import report_context
    from core import pdf, pdf_fonts

    report = Report.objects.get(pk=report_id)
    with translation.override(report.language):
        html = render_to_string("pdf/assessment_report.html", report_context(report))
    body = html[html.index("<body>") : html.index("</body>")]
    body = body[body.index("</style>") + len("</style>") :]
    lines = [line.strip() for line in strip_tags(body).splitlines() if line.strip()]
    font_config, stylesheet = pdf._resources()
    for family in (pdf_fonts.FAMILY, pdf_fonts.SOURCE_FAMILY):
        page = (
            f"<html><body style=\"font-family: '{family}'\">"
            + "".join(f"<p>{escape(line)}</p>" for line in lines)
            + "</body></html>"
        )
        cpu, size = [], 0
        for _ in range(RUNS):
            started = time.process_time()
            size = len(
                HTML(string=page).write_pdf(stylesheets=[stylesheet], font_config=font_config)
            )
            cpu.append((time.process_time() - started) * 1000)
        print(
            f"{vendor}: WeasyPrint floor, same text, {family}: CPU p50 "
            f"{percentile(cpu, 0.5):.0f} ms p95 {percentile(cpu, 0.95):.0f} ms, "
            f"PDF {size / 1024:.0f} KiB"
        )


def resident_mib() -> float:
    """The process's current resident set size (Linux), or NaN elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


if __name__ == "__main__":
    main()
