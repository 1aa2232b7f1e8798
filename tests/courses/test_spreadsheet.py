"""The catalogue as xlsx: export, import all or nothing, errors by row and column."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from accounts.models import User
from core.errors import PermissionDenied
from courses import services
from courses.errors import ErrorCode
from courses.models import Topic
from courses.services import CatalogueFileError, CatalogueRowsInvalid
from courses.services.catalogue_import import MAX_FILE_BYTES
from network.audit_sentences import sentence
from network.models import AuditEntry
from tests.courses.conftest import Catalogue
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

IMPORT = reverse("staff:courses:catalogue_import")
HEADERS_ZH = [
    "专题编号",
    "专题名称",
    "类别",
    "时长（分钟）",
    "形式",
    "适合对象",
    "授课专家",
    "简介",
    "是否启用",
]


def state() -> list[tuple[Any, ...]]:
    """Everything an import could change, including when each topic was last saved."""
    return [
        (
            t.code,
            t.title,
            t.summary,
            t.category,
            t.length_minutes,
            t.is_active,
            sorted(r.format for r in t.format_rows.all()),
            sorted(r.audience for r in t.audience_rows.all()),
            sorted(e.code for e in t.experts.all()),
            t.search_text,
            t.updated_at,
        )
        for t in Topic.objects.order_by("code").prefetch_related(
            "format_rows", "audience_rows", "experts"
        )
    ]


def export(language: str = "zh-hans") -> bytes:
    with translation.override(language):
        return services.catalogue_export()


def workbook(rows: list[list[Any]], headers: list[str] = HEADERS_ZH) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(actor: User, content: bytes, language: str = "zh-hans") -> services.ImportReport:
    with translation.override(language):
        return services.catalogue_import(actor=actor, upload=io.BytesIO(content), size=len(content))


def test_the_export_holds_the_whole_catalogue_with_codes_labels_and_experts(
    catalogue: Catalogue,
) -> None:
    sheet = load_workbook(io.BytesIO(export())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS_ZH
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"YL-001", "QZ-003", "QZ-010", "TD-002", "QX-027"}  # inactive too
    stress = by_code["YL-001"]
    assert stress[1:4] == ("职场压力识别与应对", "压力调整", 90)
    assert stress[4] == "专题讲座、线上"
    assert stress[6] == "郑教授、隐藏专家"
    assert by_code["QX-027"][8] == "否"


def test_export_then_import_changes_nothing_and_says_so(
    catalogue: Catalogue, centre_admin: User
) -> None:
    before = state()
    report = run_import(centre_admin, export())
    assert (report.rows, report.unchanged, report.created, report.updated) == (5, 5, [], [])
    assert state() == before
    entry = AuditEntry.objects.get(action="courses.catalogue.imported")
    assert entry.actor == centre_admin
    assert entry.details == {"rows": 5, "created": 0, "updated": 0, "unchanged": 5}
    with translation.override("zh-hans"):
        assert sentence(entry) == "导入了课程一览表（新增 0 个、修改 0 个、5 个未变）"


def test_an_english_export_imports_unchanged_under_a_chinese_page(
    catalogue: Catalogue, centre_admin: User
) -> None:
    before = state()
    report = run_import(centre_admin, export("en"), language="zh-hans")
    assert report.unchanged == 5 and not report.changed
    assert state() == before


def test_a_changed_row_updates_only_that_topic_and_a_new_code_creates_one(
    catalogue: Catalogue, centre_admin: User
) -> None:
    book = load_workbook(io.BytesIO(export()))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "TD-002":
            row[1].value = "团队凝聚力提升工作坊（升级版）"
            row[6].value = "王晓梅、ZJ-001"
    sheet.append(["XL-099", "心理韧性训练营", "心理建设", 120, "工作坊", "全体职工", "", "", "是"])
    out = io.BytesIO()
    book.save(out)
    report = run_import(centre_admin, out.getvalue())
    assert (report.created, report.updated, report.unchanged) == (["XL-099"], ["TD-002"], 4)
    team = Topic.objects.get(code="TD-002")
    assert team.title == "团队凝聚力提升工作坊（升级版）"
    assert sorted(team.experts.values_list("code", flat=True)) == ["ZJ-001", "ZJ-002"]
    assert "升级版" in team.search_text
    new = Topic.objects.get(code="XL-099")
    assert [r.format for r in new.format_rows.all()] == ["workshop"]


def test_a_file_with_errors_changes_nothing_and_names_row_and_column(
    catalogue: Catalogue, centre_admin: User
) -> None:
    before = state()
    content = workbook(
        [
            ["YL-001", "改过的名称", "压力调整", 90, "专题讲座", "一线职工", "郑教授", "", "是"],
            ["QZ-020", "", "亲子关系", 90, "专题讲座", "职工家长", "", "", "是"],
            ["QZ-021", "新专题", "占星", "一小时", "讲座", "职工家长", "无名氏", "", "也许"],
            ["YL-001", "重复编号", "压力调整", 90, "专题讲座", "一线职工", "", "", ""],
        ]
    )
    with pytest.raises(CatalogueRowsInvalid) as raised:
        run_import(centre_admin, content)
    assert state() == before  # the valid first row was not written either
    problems = {(p.row, p.column): p for p in raised.value.problems}
    assert set(problems) == {(3, "B"), (4, "C"), (4, "D"), (4, "E"), (4, "G"), (4, "I"), (5, "A")}
    assert problems[(3, "B")].label == "专题名称"
    with translation.override("zh-hans"):
        assert str(problems[(3, "B")]) == "第 3 行，B 列（专题名称）：缺少专题名称"
    assert "“占星”不是课程类别" in problems[(4, "C")].message
    assert "编号 YL-001 已在第 2 行出现" in problems[(5, "A")].message
    assert not AuditEntry.objects.filter(action="courses.catalogue.imported").exists()


def test_errors_are_reported_in_the_users_language(
    catalogue: Catalogue, centre_admin: User
) -> None:
    content = workbook([["QZ-020", "", "亲子关系", 90, "专题讲座", "职工家长", "", "", ""]])
    with pytest.raises(CatalogueRowsInvalid) as raised:
        run_import(centre_admin, content, language="en")
    with translation.override("en"):
        assert str(raised.value.problems[0]) == "Row 2, column B (Title): the title is missing"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"code,title\nQX-001,x\n", ErrorCode.FILE_NOT_XLSX),
        (b"PK\x03\x04 not really a zip", ErrorCode.FILE_NOT_XLSX),
        (workbook([["QX-001", "x"]], headers=["编号", "名字"]), ErrorCode.FILE_HEADERS),
        (workbook([]), ErrorCode.FILE_EMPTY),
    ],
)
def test_bad_files_get_a_clear_error_and_change_nothing(
    catalogue: Catalogue, centre_admin: User, content: bytes, code: str
) -> None:
    before = state()
    with pytest.raises(CatalogueFileError) as raised:
        run_import(centre_admin, content)
    assert raised.value.code == code
    assert state() == before


def test_wrong_headers_name_what_is_missing_and_what_is_unknown(
    catalogue: Catalogue, centre_admin: User
) -> None:
    content = workbook([["QX-001"]], headers=["专题编号", "专题名称", "名字"])
    with pytest.raises(CatalogueFileError) as raised:
        run_import(centre_admin, content)
    message = str(raised.value.message)
    assert "缺少列：" in message and "类别" in message
    assert "C “名字”" in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    catalogue: Catalogue, centre_admin: User
) -> None:
    with pytest.raises(CatalogueFileError) as raised:
        services.catalogue_import(
            actor=centre_admin, upload=io.BytesIO(b""), size=MAX_FILE_BYTES + 1
        )
    assert raised.value.code == ErrorCode.FILE_TOO_LARGE


def test_only_centre_level_staff_may_import(
    catalogue: Catalogue, cadre_a: User, expert_staff: User, centre_unit_admin: User
) -> None:
    content = export()
    for user in (cadre_a, expert_staff):
        with pytest.raises(PermissionDenied):
            run_import(user, content)
    assert run_import(centre_unit_admin, content).unchanged == 5


def test_the_import_page_shows_errors_by_row_and_column(
    login: Login, centre_admin: User, catalogue: Catalogue
) -> None:
    client = login(centre_admin)
    content = workbook([["QZ-020", "", "亲子关系", 90, "专题讲座", "职工家长", "", "", ""]])
    upload = SimpleUploadedFile("catalogue.xlsx", content)
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-problems" in page
    assert "B (Title)" in page and "the title is missing" in page
    assert "nothing was imported" in page


def test_the_import_page_reports_an_unchanged_reimport(
    login: Login, centre_admin: User, catalogue: Catalogue
) -> None:
    client = login(centre_admin)
    upload = SimpleUploadedFile("catalogue.xlsx", export("en"))
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 200
    assert "All 5 rows match the catalogue: nothing changed." in response.content.decode()


def test_the_import_page_refuses_a_file_that_is_not_xlsx(
    login: Login, centre_admin: User, catalogue: Catalogue
) -> None:
    upload = SimpleUploadedFile("catalogue.csv", b"a,b\n1,2\n")
    response = login(centre_admin).post(IMPORT, {"file": upload})
    assert response.status_code == 400
    assert "This is not an Excel workbook (.xlsx)" in response.content.decode()
