"""No test module imports from another test module.

Fixtures live in conftest.py files (pytest finds them; importing one into a test module
registers it twice and hides where it comes from) and helpers in plain modules
(`tests/<app>/factories.py`, `tests/core/outage.py`, …). Importing a `test_*` module
also collects its tests a second time under another name.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

# Offenders in directories whose owners are restructuring them (helpers to move into a
# conftest.py or a helper module there). This list must only shrink.
KNOWN: set[tuple[str, str]] = set()


def _is_test_module(module: str) -> bool:
    return module.startswith("tests.") and module.rsplit(".", 1)[-1].startswith("test_")


def _imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def imports_of_test_modules() -> dict[tuple[str, str], None]:
    """(importing file, imported test module) for every such import in tests/."""
    found: dict[tuple[str, str], None] = {}
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module in sorted(_imported_modules(tree)):
            if _is_test_module(module):
                found[(path.relative_to(ROOT).as_posix(), module)] = None
    return found


def test_the_walk_recognises_an_import_of_a_test_module() -> None:
    tree = ast.parse("from tests.network.test_api import partner\nimport tests.core.outage\n")
    assert {m for m in _imported_modules(tree) if _is_test_module(m)} == {
        "tests.network.test_api",
    }


def test_no_imports_of_test_modules_another() -> None:
    found = set(imports_of_test_modules())
    assert found - KNOWN == set(), "move the shared piece into a conftest.py or a helper module"
    assert KNOWN - found == set(), "fixed: remove it from KNOWN"
