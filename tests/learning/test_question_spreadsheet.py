"""The question bank as .xlsx: export, import again unchanged, bad rows and files refused."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from accounts.models import User
from core.errors import PermissionDenied
from learning import services
from learning.errors import ErrorCode
from learning.models import Option, Question
from learning.services import QuestionFileError, QuestionRowsInvalid
from tests.network.personas import Login

IMPORT = "/staff/learning/questions/import/"
EXPORT = "/staff/learning/questions/export/"

HEADERS_ZH = [
    "题目编号",
    "题型",
    "类别",
    "难度",
    "题目",
    "选项 A",
    "选项 B",
    "选项 C",
    "选项 D",
    "选项 E",
    "选项 F",
    "正确选项",
    "解析",
    "是否启用",
]


def state() -> list[tuple[Any, ...]]:
    questions = list(
        Question.objects.order_by("code").values_list(
            "code", "kind", "category", "difficulty", "text", "explanation", "is_active"
        )
    )
    options = list(
        Option.objects.order_by("question__code", "position").values_list(
            "question__code", "position", "text", "is_correct"
        )
    )
    return questions + options


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


def export(language: str = "zh-hans") -> bytes:
    with translation.override(language):
        return services.questions_export()


def run_import(actor: User, content: bytes, language: str = "zh-hans") -> services.ImportReport:
    with translation.override(language):
        return services.questions_import(actor=actor, upload=io.BytesIO(content), size=len(content))


def row(
    *head: str, options: list[str], correct: str, rest: tuple[str, str] = ("", "")
) -> list[str]:
    """code, type, category, difficulty, question; options A–F; correct; explanation, active."""
    return [*head, *options, *[""] * (6 - len(options)), correct, *rest]


GOOD = [
    row(
        "Q-1",
        "单选题",
        "压力调整",
        "易",
        "压力大时先做什么？",
        options=["深呼吸", "熬夜"],
        correct="A",
        rest=("先稳定身体。", "是"),
    ),
    row(
        "Q-2",
        "多选题",
        "情绪管理",
        "难",
        "哪些是情绪调节方法？",
        options=["运动", "倾诉", "压抑"],
        correct="A、B",
        rest=("", ""),
    ),
    row(
        "Q-3",
        "判断题",
        "亲子关系",
        "中",
        "倾听孩子很重要。",
        options=["对", "错"],
        correct="A",
        rest=("", "否"),
    ),
]


def test_an_import_creates_each_type_with_its_options(centre_admin: User) -> None:
    report = run_import(centre_admin, workbook(GOOD))
    assert report.created == ["Q-1", "Q-2", "Q-3"]
    two = Question.objects.get(code="Q-2")
    assert (two.kind, two.category, two.difficulty) == ("multiple", "emotion", "hard")
    assert list(two.options.values_list("text", "is_correct")) == [
        ("运动", True),
        ("倾诉", True),
        ("压抑", False),
    ]
    assert Question.objects.get(code="Q-3").is_active is False


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_export_then_import_round_trips(centre_admin: User, language: str) -> None:
    run_import(centre_admin, workbook(GOOD))
    before = state()
    content = export(language)
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 4
    if language == "zh-hans":
        assert list(rows[0]) == HEADERS_ZH
        assert rows[2][11] == "A、B"
    report = run_import(centre_admin, content)
    assert report.updated == ["Q-1", "Q-2", "Q-3"] and not report.created
    assert state() == before


def test_rows_with_errors_change_nothing_and_are_named_in_chinese(centre_admin: User) -> None:
    run_import(centre_admin, workbook(GOOD[:1]))
    before = state()
    bad = [
        row(
            "Q-1",
            "单选题",
            "压力调整",
            "易",
            "改过的题目",
            options=["甲", "乙"],
            correct="A",
            rest=("", ""),
        ),
        row(
            "Q-4",
            "单选题",
            "压力调整",
            "易",
            "两个正确？",
            options=["甲", "乙"],
            correct="A、B",
            rest=("", ""),
        ),
        row(
            "Q-5",
            "判断题",
            "天文",
            "易",
            "三个选项？",
            options=["对", "错", "也许"],
            correct="A",
            rest=("", ""),
        ),
        row(
            "Q-6",
            "多选题",
            "压力调整",
            "极难",
            "",
            options=["甲", "", "丙"],
            correct="D",
            rest=("", ""),
        ),
        row(
            "Q-4",
            "单选题",
            "压力调整",
            "易",
            "重复编号",
            options=["甲", "乙"],
            correct="A",
            rest=("", ""),
        ),
    ]
    with pytest.raises(QuestionRowsInvalid) as raised:
        run_import(centre_admin, workbook(bad))
    with translation.override("zh-hans"):
        messages = [str(problem) for problem in raised.value.problems]
    assert any(m.startswith("第 3 行") and "正确选项" in m for m in messages), messages
    assert any("第 4 行" in m and "类别" in m for m in messages), messages
    assert any("第 4 行" in m and "正确选项" in m for m in messages), messages
    assert any("第 5 行" in m and "难度" in m for m in messages), messages
    assert any("第 5 行" in m and "题目" in m for m in messages), messages
    assert any("第 6 行" in m and "Q-4" in m for m in messages), messages
    assert state() == before


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"not a workbook", ErrorCode.FILE_NOT_XLSX),
        (b"PK\x03\x04 not really a zip", ErrorCode.FILE_NOT_XLSX),
        (workbook([["Q-1", "x"]], headers=["编号", "名字"]), ErrorCode.FILE_HEADERS),
        (workbook([]), ErrorCode.FILE_EMPTY),
    ],
)
def test_bad_files_get_a_clear_error_and_change_nothing(
    centre_admin: User, content: bytes, code: str
) -> None:
    run_import(centre_admin, workbook(GOOD))
    before = state()
    with pytest.raises(QuestionFileError) as raised:
        run_import(centre_admin, content)
    assert raised.value.code == code
    assert state() == before


def test_wrong_headers_say_what_is_missing_in_the_users_language(centre_admin: User) -> None:
    with pytest.raises(QuestionFileError) as raised:
        run_import(centre_admin, workbook([["Q-1"]], headers=["题目编号", "名字"]))
    message = str(raised.value.message)
    assert "缺少列：" in message and "正确选项" in message and "B “名字”" in message


def test_only_centre_level_staff_may_import(cadre_a: User, worker: User) -> None:
    for user in (cadre_a, worker):
        with pytest.raises(PermissionDenied):
            run_import(user, workbook(GOOD))
    assert not Question.objects.exists()


def test_the_import_page_shows_errors_by_row_and_column(login: Login, centre_admin: User) -> None:
    client = login(centre_admin)
    content = workbook(
        [row("Q-9", "单选题", "压力调整", "易", "", options=["甲", "乙"], correct="A")]
    )
    response = client.post(IMPORT, {"file": SimpleUploadedFile("bank.xlsx", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-problems" in page and "E (Question)" in page and "the question is missing" in page
    assert not Question.objects.exists()


def test_the_pages_export_and_import_for_centre_staff_only(
    login: Login, centre_admin: User, cadre_a: User
) -> None:
    run_import(centre_admin, workbook(GOOD))
    client = login(centre_admin)
    exported = client.get(EXPORT)
    assert exported.status_code == 200
    upload = SimpleUploadedFile("bank.xlsx", exported.content)
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 200 and "data-import-report" in response.content.decode()
    outsider = login(cadre_a)
    assert outsider.get(EXPORT).status_code == 404
    assert outsider.get(IMPORT).status_code == 404
