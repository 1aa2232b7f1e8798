"""Who acts and whose record it is are typed, never `Any` (issue 11, "Services").

A service taking `actor: Any` accepts a worker where a counsellor was meant and mypy
cannot tell; typed as `User`, `User | None` (the system) or `network.access.Viewer`
(anyone, signed in or not), a mix-up fails the type check before it fails an audit.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.project import APPS

ROOT = Path(__file__).resolve().parents[2]
# Parameter names that hold a person (or the record a person acts on).
PEOPLE = {
    "actor",
    "viewer",
    "user",
    "by",
    "created_by",
    "worker",
    "counsellor",
    "to_counsellor",
    "operator",
    "supervisor",
    "booking",
    "case",
    "slot",
}


def _any_typed_in(tree: ast.AST, relative: str) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        for argument in arguments:
            annotation = argument.annotation
            if (
                argument.arg in PEOPLE
                and isinstance(annotation, ast.Name)
                and annotation.id == "Any"
            ):
                found.add(f"{relative}:{node.name}({argument.arg})")
    return found


def _any_typed() -> set[str]:
    found: set[str] = set()
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(ROOT).as_posix()
            found |= _any_typed_in(ast.parse(path.read_text(), filename=relative), relative)
    return found


def test_people_parameters_are_typed() -> None:
    assert _any_typed() == set(), "type these as User, User | None or network.access.Viewer"


def test_the_check_sees_an_any_typed_actor() -> None:
    source = "def booking_cancel(*, actor: Any, booking: Booking, note: Any) -> None: ...\n"
    assert _any_typed_in(ast.parse(source), "x.py") == {"x.py:booking_cancel(actor)"}
