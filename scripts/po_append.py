"""Add zh-Hans entries from JSON files ({msgid: msgstr}) to the catalogue, without makemessages.

    .venv/bin/python scripts/po_append.py locale/pending/*.json

For work in progress on a branch: new strings get their translation at once (tests see
Chinese) while `makemessages` — which rewrites every location comment — runs once when
branches meet. A value may be a string or {"msgstr": …, "msgid_plural": …, "msgctxt": …}.
Existing entries get the new text; nothing else in the file changes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def main(paths: list[str]) -> int:
    catalogue = polib.pofile(str(PO), wrapwidth=79)
    added = changed = 0
    for path in paths:
        for msgid, value in json.loads(Path(path).read_text(encoding="utf-8")).items():
            spec = value if isinstance(value, dict) else {"msgstr": value}
            ctxt = spec.get("msgctxt")
            entry = catalogue.find(msgid, msgctxt=ctxt) if ctxt else catalogue.find(msgid)
            if entry is None:
                entry = polib.POEntry(msgid=msgid, msgctxt=ctxt)
                catalogue.append(entry)
                added += 1
            else:
                changed += 1
            if spec.get("msgid_plural"):
                entry.msgid_plural = spec["msgid_plural"]
                entry.msgstr_plural = {0: spec["msgstr"]}
            else:
                entry.msgstr = spec["msgstr"]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalogue.save(str(PO))
    print(f"{added} added, {changed} updated in {PO.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
