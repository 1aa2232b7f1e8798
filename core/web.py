"""The web front doors' one place for refusals: invalid forms and domain errors.

- A page that shows a form the request got wrong answers 400. Browsers show the page
  either way; clients, tests and monitors can then tell a refused submission (or filter)
  from a page that worked. Function views call `render` from here instead of
  `django.shortcuts.render`; class-based views and the allauth pages answer with a
  TemplateResponse, which `InvalidFormStatusMiddleware` treats the same way.
- A service's `DomainError` becomes a form error (`add_domain_error`), a message to the
  user (`attempt(..., request=...)`) or, through `core.api.errors`, an API error.
  `NotFound` is a 404 and `PermissionDenied` a 403 wherever it is raised
  (`DomainErrorMiddleware`): views never catch them by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render as django_render
from django.template.response import SimpleTemplateResponse

from core.errors import DomainError, NotFound, PermissionDenied

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User

T = TypeVar("T")

BAD_REQUEST = 400


def has_invalid_form(context: Mapping[str, Any] | None) -> bool:
    """True when the context holds a bound form or formset with errors."""
    for value in (context or {}).values():
        form_like = isinstance(value, forms.BaseForm | forms.BaseFormSet)
        if form_like and value.is_bound and not value.is_valid():
            return True
    return False


def render(
    request: HttpRequest,
    template_name: str | list[str],
    context: Mapping[str, Any] | None = None,
    status: int | None = None,
    **kwargs: Any,
) -> HttpResponse:
    """`django.shortcuts.render`, answering 400 when a form in the context is invalid."""
    if status is None and has_invalid_form(context):
        status = BAD_REQUEST
    return django_render(request, template_name, context, status=status, **kwargs)


class InvalidFormStatusMiddleware:
    """A TemplateResponse (class-based and allauth views) with an invalid form answers 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_template_response(
        self, request: HttpRequest, response: SimpleTemplateResponse
    ) -> SimpleTemplateResponse:
        if response.status_code == 200 and has_invalid_form(response.context_data):
            response.status_code = BAD_REQUEST
        return response


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view only signed-in people reach (`login_required`,
    `staff_member_required`, the admin), as the `User` services take as actor or viewer.

    An anonymous request getting this far is a wiring mistake; it answers 403.
    """
    user = request.user
    if not user.is_authenticated:
        raise DjangoPermissionDenied
    return user


# --- domain errors --------------------------------------------------------------------


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's DomainError on `form`: on its fields where it names them."""
    shown = False
    for field, field_messages in error.fields.items():
        if field in form.fields:
            form.add_error(field, list(field_messages))
            shown = True
    if not shown or not set(error.fields) <= set(form.fields):
        form.add_error(None, str(error.message))


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `attempt` got: the service's return value, or the refusal."""

    value: T | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int | None:
        """The refusal's HTTP status (400, 409, …), None when the call worked."""
        return None if self.error is None else self.error.status


def attempt(
    call: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    request: HttpRequest | None = None,
    success: StrOrPromise | None = None,
) -> Outcome[T]:
    """Run one service call for a view; a refusal lands where the user will see it.

    With `form`, a DomainError is shown on the form (on the fields it names); otherwise,
    with `request`, as an error message. `success` is a message added when the call
    worked. `NotFound` and `PermissionDenied` are not refusals to show: they propagate
    and answer 404 and 403 (see `DomainErrorMiddleware`).
    """
    try:
        value = call()
    except (NotFound, PermissionDenied):
        raise
    except DomainError as error:
        if form is not None:
            add_domain_error(form, error)
        elif request is not None:
            messages.error(request, str(error.message))
        return Outcome(error=error)
    if request is not None and success:
        messages.success(request, str(success))
    return Outcome(value=value)


def http_exception(error: DomainError) -> Exception | None:
    """The Django exception for a DomainError that has one page for everybody."""
    if isinstance(error, NotFound):
        return Http404(str(error.message))
    if isinstance(error, PermissionDenied):
        return DjangoPermissionDenied(str(error.message))
    return None


class DomainErrorMiddleware:
    """`NotFound` → 404 and `PermissionDenied` → 403 from any view, as Django's own would.

    NotFound also stands for "outside your scope", so a 404 never tells whether the
    object exists. Other DomainErrors a view must handle (with `attempt`); one that
    escapes is a bug and stays a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        replacement = http_exception(exception)
        if replacement is None:
            return None
        return response_for_exception(request, replacement)
