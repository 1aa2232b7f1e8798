"""The API's JSON parser: malformed or absurdly nested bodies are a 400 `parse_error`."""

from __future__ import annotations

import codecs
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser
from rest_framework.utils import json

# No request body of this API nests anywhere near this deep.
MAX_DEPTH = 32


def _depth_exceeds(text: str, limit: int) -> bool:
    """True when brackets outside strings nest deeper than `limit` (checked before parsing,
    so `[` × 5000 never reaches the recursive decoder)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


class JSONParser(DRFJSONParser):
    """DRF's parser, answering `parse_error` (400) for invalid UTF-8, bad JSON and deep
    nesting instead of letting a RecursionError become a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(_("The request body is not valid UTF-8 text.")) from error
        if _depth_exceeds(text, MAX_DEPTH):
            raise ParseError(
                _("The JSON body is nested too deeply (at most %(depth)s levels).")
                % {"depth": MAX_DEPTH}
            )
        try:
            return json.loads(text)  # DRF's: NaN and Infinity are refused, as STRICT_JSON says
        except (ValueError, RecursionError) as error:
            raise ParseError(_("The request body is not valid JSON.")) from error
