"""The two languages content comes in, and the one rule for picking between them.

Pages are translated through gettext; content stored per language (reports,
questionnaire texts, a submission's language) exists only in Simplified
Chinese and English. Any English code (`en`, `en-GB`) means English; anything
else, or nothing, means Chinese.
"""

from __future__ import annotations

from django.utils import translation

CHINESE = "zh-hans"
ENGLISH = "en"
CONTENT_LANGUAGES = (CHINESE, ENGLISH)


def content_language(code: str | None) -> str:
    """`en` for any English language code, else `zh-hans` (also for None or "")."""
    code = (code or "").lower()
    return ENGLISH if code == ENGLISH or code.startswith(f"{ENGLISH}-") else CHINESE


def active_content_language() -> str:
    """The content language of the active translation (LocaleMiddleware), else Chinese."""
    return content_language(translation.get_language())
