"""Domain errors reach people in one way per front door (core.web, core.api.errors).

- `attempt` puts a refusal on the form or in a message and reports the outcome;
- `NotFound` is a 404 and `PermissionDenied` a 403 from any view, never a 500;
- the codes are enums, and no view, form or task writes its own `except DomainError`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from core.web import DomainErrorMiddleware, Outcome, add_domain_error, attempt
from tests.project import APPS

ROOT = Path(__file__).resolve().parents[2]


class NameForm(forms.Form):
    name = forms.CharField()


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _messages(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_a_refusal_lands_on_the_field_it_names() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()

    outcome = attempt(
        lambda: (_ for _ in ()).throw(DomainError("Too short.", fields={"name": ["Too short."]})),
        form=form,
    )

    assert not outcome.ok and outcome.status == 400
    assert form.errors == {"name": ["Too short."]}


def test_a_refusal_naming_no_field_of_the_form_is_a_form_wide_error() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()

    add_domain_error(form, Conflict("Taken.", fields={"slot": ["Taken."]}))

    assert form.non_field_errors() == ["Taken."]


def test_a_refusal_without_a_form_becomes_an_error_message() -> None:
    request = _request()

    def refuse() -> None:
        raise Conflict("Someone was quicker.")

    outcome = attempt(refuse, request=request, success="Done.")

    assert outcome == Outcome(error=outcome.error)
    assert outcome.status == 409
    assert _messages(request) == [("error", "Someone was quicker.")]


def test_a_call_that_works_returns_its_value_and_the_success_message() -> None:
    request = _request()

    outcome = attempt(lambda: 42, request=request, success="Done.")

    assert outcome.ok and outcome.value == 42 and outcome.status is None
    assert _messages(request) == [("success", "Done.")]


@pytest.mark.parametrize("error", [NotFound(), PermissionDenied()])
def test_not_found_and_permission_denied_are_not_shown_as_refusals(error: DomainError) -> None:
    form = NameForm({"name": "x"})
    form.is_valid()

    def fail() -> None:
        raise error

    with pytest.raises(type(error)):
        attempt(fail, form=form)
    assert form.errors == {}


@pytest.mark.parametrize(
    ("error", "status"), [(NotFound(), 404), (PermissionDenied(), 403), (Conflict(), None)]
)
def test_the_middleware_answers_not_found_and_permission_denied(
    error: DomainError, status: int | None
) -> None:
    middleware = DomainErrorMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/somewhere/")

    response = middleware.process_exception(request, error)

    assert (response.status_code if response else None) == status


@pytest.mark.django_db
def test_a_not_found_from_a_view_is_a_404_page(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.core.domain_error_urls"

    assert client.get("/missing/").status_code == 404
    assert client.get("/forbidden/").status_code == 403


def test_every_base_error_has_an_enum_code() -> None:
    for error in (DomainError(), NotFound(), PermissionDenied(), Conflict()):
        assert isinstance(error.code, ErrorCode)


# --- the codebase: one place to map, enum codes --------------------------------------

# Where a DomainError may be caught generically: the mappers themselves, and the admin
# mixin that re-validates a form with the service's error (network.admin.scoping).
MAPPERS = {"core/web.py", "core/api/errors.py", "network/admin/scoping.py"}
GENERIC = {"DomainError", "NotFound", "PermissionDenied"}


def _app_files() -> list[Path]:
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                files.append(path)
    return files


def _caught_names(handler: ast.ExceptHandler) -> set[str]:
    node = handler.type
    nodes = node.elts if isinstance(node, ast.Tuple) else [node] if node else []
    names = set()
    for item in nodes:
        if isinstance(item, ast.Name):
            names.add(item.id)
        elif isinstance(item, ast.Attribute):
            names.add(item.attr)
    return names


def test_views_do_not_catch_domain_errors_by_hand() -> None:
    offenders = set()
    for path in _app_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative in MAPPERS:
            continue
        tree = ast.parse(path.read_text(), filename=relative)
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and _caught_names(node) & GENERIC:
                offenders.add(relative)
    assert offenders == set(), "use core.web.attempt"


def _string_codes(tree: ast.AST) -> list[int]:
    """Lines where an error code is a bare string: `code = "x"` or `code="x"`."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if (
                    isinstance(item, ast.Assign | ast.AnnAssign)
                    and any(
                        isinstance(t, ast.Name) and t.id == "code"
                        for t in (item.targets if isinstance(item, ast.Assign) else [item.target])
                    )
                    and isinstance(item.value, ast.Constant)
                    and isinstance(item.value.value, str)
                ):
                    lines.append(item.lineno)
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if (
                    keyword.arg == "code"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                    and _raises_domain_error(node)
                ):
                    lines.append(node.lineno)
    return lines


def _raises_domain_error(call: ast.Call) -> bool:
    """A call that builds an error: its callee's name ends like an error class."""
    func = call.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )
    if name == "ValidationError":  # Django's own form and DRF codes: strings by convention
        return False
    return name.endswith(
        ("Error", "Refused", "Invalid", "Closed", "Taken", "Unavailable")
    ) or name in {
        "NotFound",
        "PermissionDenied",
        "Conflict",
    }


def test_error_codes_are_enums() -> None:
    offenders = set()
    for path in _app_files():
        relative = path.relative_to(ROOT).as_posix()
        if _string_codes(ast.parse(path.read_text(), filename=relative)):
            offenders.add(relative)
    assert offenders == set(), "add the code to <app>/errors.py ErrorCode"
