"""Browser tests and their fixtures name Playwright's types, so an editor and mypy can help.

A page is `playwright.sync_api.Page`, a browser `Browser`, a context `BrowserContext` and
the live server pytest-django's `LiveServer`, never `object` or `Any`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "page": "Page",
    "phone_page": "Page",
    "browser": "Browser",
    "context": "BrowserContext",
    "live_server": "LiveServer",
}


def _browser_files() -> list[Path]:
    return sorted((ROOT / "tests").glob("*/test_browser*.py")) + sorted(
        (ROOT / "tests").rglob("conftest.py")
    )


def _wrongly_typed(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    wrong = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for arg in node.args.args + node.args.kwonlyargs:
            wanted = EXPECTED.get(arg.arg)
            if wanted is None:
                continue
            shown = ast.unparse(arg.annotation) if arg.annotation else "nothing"
            if shown != wanted:
                wrong.append(f"{path.relative_to(ROOT)}:{arg.lineno} {arg.arg}: {shown}")
        returns = ast.unparse(node.returns) if node.returns else ""
        if node.name in {"browser", "phone_page"} and "object" in returns:
            wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} yields {returns}")
    return wrong


def test_the_walk_finds_the_browser_tests() -> None:
    names = {path.name for path in _browser_files()}
    assert {"test_browser.py", "test_browser_stations.py", "conftest.py"} <= names


def test_pages_browsers_and_live_servers_carry_their_types() -> None:
    wrong = [line for path in _browser_files() for line in _wrongly_typed(path)]
    assert not wrong, "\n".join(wrong)
