"""Fill zh-Hans translations from a JSON file of {msgid: msgstr}, then list what is left.

    .venv/bin/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var \
        --ignore=static --ignore=tests
    .venv/bin/python scripts/po_fill.py my-translations.json

Entries already translated are kept unless the JSON gives a new text. Fuzzy
marks are dropped for entries the JSON translates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def main(paths: list[str]) -> int:
    catalogue = polib.pofile(str(PO))
    catalogue.metadata["Language"] = "zh_Hans"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    given: dict[str, str] = {}
    for path in paths:
        given.update(json.loads(Path(path).read_text(encoding="utf-8")))
    for entry in catalogue:
        if entry.msgid in given:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: given[entry.msgid]}
            else:
                entry.msgstr = given[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
    catalogue.save()
    left = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    for msgid in left:
        print(json.dumps(msgid, ensure_ascii=False))
    print(f"{len(left)} untranslated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
