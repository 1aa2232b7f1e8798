"""The call-back form's empty fields, rendered once per language per process.

An unbound CallbackForm writes the same markup for everyone (no value, no error, no token:
the CSRF token is outside the fields), and its field groups are a dozen form templates: the
crisis result, the page that must never be slow, writes them from memory. A form with input
(a refused call-back request) is rendered as it is.
"""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import get_language

from assessments.forms import CallbackForm
from core.rendered import Rendered

EMPTY_FIELDS = Rendered("assessments/_callback_fields.html", entries=16)  # a key a language


def empty_callback_fields() -> SafeString:
    return EMPTY_FIELDS.get(get_language() or "", lambda: {"callback_form": CallbackForm()})
