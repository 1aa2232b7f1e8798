"""Add zh-Hans entries from JSON files ({msgid: msgstr}) to the catalogue, without makemessages.

    .venv/bin/python scripts/po_append.py my-strings.json

For work in progress on a branch: new strings get their translation at once (tests see
Chinese) while `makemessages` — which rewrites every location comment — runs once when
branches meet. A value may be a string or {"msgstr": …, "msgid_plural": …, "msgctxt": …}.
Entries already in the catalogue are left as they are; nothing else in the file changes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def main(paths: list[str]) -> int:
    catalogue = polib.pofile(str(PO))
    blocks: list[str] = []
    for path in paths:
        for msgid, value in json.loads(Path(path).read_text(encoding="utf-8")).items():
            spec = value if isinstance(value, dict) else {"msgstr": value}
            ctxt = spec.get("msgctxt")
            found = catalogue.find(msgid, msgctxt=ctxt) if ctxt else catalogue.find(msgid)
            if found is not None:
                continue
            entry = polib.POEntry(msgid=msgid, msgctxt=ctxt)
            if spec.get("msgid_plural"):
                entry.msgid_plural = spec["msgid_plural"]
                entry.msgstr_plural = {0: spec["msgstr"]}
            else:
                entry.msgstr = spec["msgstr"]
            if "%(" in msgid:
                entry.flags.append("python-format")
            catalogue.append(entry)
            blocks.append(entry.__unicode__(wrapwidth=79))
    # Appended as text: re-saving with polib would rewrap every entry of the file.
    with PO.open("a", encoding="utf-8") as out:
        for block in blocks:
            out.write("\n" + block)
    print(f"{len(blocks)} added to {PO.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
