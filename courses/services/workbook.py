"""The catalogue spreadsheet: its columns, how cells are written and read, the export.

Headers and labels are written in the language of the person exporting; an import
accepts the headers, labels and yes/no words of every site language (and the stored
codes), so a file exported in English imports under a Chinese page and vice versa.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from courses.models import Audience, Category, Expert, Format, Topic, TopicExpert
from courses.selectors.search import normalise

SHEET_TITLE = _("Catalogue")
# One cell may list several formats, audiences or experts.
SEPARATORS = re.compile(r"[、,，;；\n/]+")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    width: int


COLUMNS = (
    Column("code", _("Topic code"), 10),
    Column("title", _("Title"), 36),
    Column("category", _("Category"), 12),
    Column("length_minutes", _("Length (minutes)"), 10),
    Column("formats", _("Formats"), 24),
    Column("audiences", _("Suitable audiences"), 28),
    Column("experts", _("Experts"), 24),
    Column("summary", _("Summary"), 60),
    Column("active", _("Active"), 8),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
YES, NO = _("yes"), _("no")


def _every_language(label: Promise | str) -> set[str]:
    words = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words.add(normalise(str(label)))
    return words


@cache
def header_lookup() -> dict[str, str]:
    """Normalised header text in any language (or the column key) → column key."""
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        for word in _every_language(column.label) | {column.key}:
            lookup[word] = column.key
    return lookup


@cache
def choice_lookup(choices: type[Category] | type[Format] | type[Audience]) -> dict[str, str]:
    """Normalised label in any language (or the stored value) → value."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        for word in _every_language(label) | {normalise(value)}:
            lookup[word] = value
    return lookup


@cache
def yes_no_lookup() -> dict[str, bool]:
    lookup = {word: True for word in _every_language(YES) | {"y", "true", "1", "是"}}
    lookup.update({word: False for word in _every_language(NO) | {"n", "false", "0", "否"}})
    return lookup


def split_list(text: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(text) if part.strip()]


def list_separator() -> str:
    return "、" if (translation.get_language() or "").startswith("zh") else ", "


def expert_names(experts: Iterable[Expert]) -> dict[int, str]:
    """How each expert is written in the file: the name, or the code where two share it."""
    experts = list(experts)
    counts: dict[str, int] = {}
    for expert in experts:
        counts[expert.name] = counts.get(expert.name, 0) + 1
    return {e.pk: e.name if counts[e.name] == 1 else e.code for e in experts}


def _labels(choices: type[Format] | type[Audience], values: Iterable[str]) -> str:
    return list_separator().join(str(choices(value).label) for value in sorted(values))


def _row(topic: Topic, names: dict[int, str]) -> list[object]:
    experts = sorted(names[link.expert_id] for link in topic.expert_links.all())
    return [
        topic.code,
        topic.title,
        str(Category(topic.category).label),
        topic.length_minutes,
        _labels(Format, (row.format for row in topic.format_rows.all())),
        _labels(Audience, (row.audience for row in topic.audience_rows.all())),
        list_separator().join(experts),
        topic.summary,
        str(YES if topic.is_active else NO),
    ]


def catalogue_export() -> bytes:
    """The whole catalogue (inactive topics too) as an .xlsx file, in the current language."""
    experts = list(Expert.objects.select_related("practitioner"))
    names = expert_names(experts)
    topics = Topic.objects.order_by("code").prefetch_related(
        "format_rows",
        "audience_rows",
        Prefetch("expert_links", queryset=TopicExpert.objects.only("topic_id", "expert_id")),
    )
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = str(SHEET_TITLE)
    sheet.append([str(column.label) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    for topic in topics.iterator(chunk_size=500):
        sheet.append(_row(topic, names))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_filename() -> str:
    return gettext("course-catalogue") + ".xlsx"
