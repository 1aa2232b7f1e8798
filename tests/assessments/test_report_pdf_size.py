"""A one-page PHQ-9 report in Chinese stays small: the compact font, not the Pan-CJK one."""

from __future__ import annotations

import io

import pytest
from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from assessments import services
from assessments.models import Report, Submission
from assessments.services import reports
from core import pdf_fonts

pytestmark = pytest.mark.django_db

MAX_BYTES = 120 * 1024  # issue 14: ≤ 120 KiB (it was ~300 KiB with the system Noto faces)
PHQ9_MODERATE = [2, 2, 2, 1, 1, 1, 1, 0, 0]


def make_submission() -> Submission:
    services.instrument_load_files()
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MODERATE, language="zh-hans"
    )
    return submission


def test_a_chinese_phq9_report_is_at_most_120_kib_and_keeps_its_text() -> None:
    if not pdf_fonts.SOURCES["Regular"].exists():
        pytest.skip("fonts-noto-cjk is not installed (scripts/install-system-deps.sh)")
    report = Report.objects.create(submission=make_submission(), language="zh-hans")
    assert reports.report_render(report.pk) is True
    report.refresh_from_db()
    assert report.pdf is not None
    content = bytes(report.pdf)
    assert len(content) <= MAX_BYTES, f"{len(content) / 1024:.0f} KiB"
    # Only the compact faces are embedded: the Pan-CJK font did not come back as a fallback.
    names = embedded_font_names(content)
    assert names and all(name.split("+")[1].startswith("Xinling-Report-Sans") for name in names)
    text = extract_text(io.BytesIO(content))
    assert "心理健康评估报告" in text
    assert "中度抑郁症状" in text
    assert "12351" in text


def embedded_font_names(content: bytes) -> set[str]:
    document = PDFDocument(PDFParser(io.BytesIO(content)))
    names = set()
    for xref in document.xrefs:
        for object_id in xref.get_objids():
            value = resolve1(document.getobj(object_id))
            if isinstance(value, dict) and "FontName" in value:
                names.add(str(value["FontName"].name))
    return names
