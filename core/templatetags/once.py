"""`{% once %}…{% endonce %}`: a part of a template rendered once per process and language.

The site's frame (head, header, navigation, language switch, footer) is the same on every
page but for a few per-request bits, yet Django renders each of its tags on every request:
about a quarter of a page of questions' time. A `once` block is rendered the first time, then
served from memory, per

- the active language and URLconf;
- the values of the site's constants (`SITE_NAME`, `HOTLINE_NUMBER`, `LANGUAGE_CODE`), which
  a block may use;
- the values of the variables it names after `vary`
  (`{% once vary request.resolver_match.url_name %}`), which it may then use exactly as
  named: a handful of values, never a person's (at most `ENTRIES` versions are kept a block;
  past that it renders every time).

What a block may contain is checked when the template is compiled: text, `translate` and
`blocktranslate`, `url`, `static`, `if`, `for`, `with`, the i18n language tags and comments,
over the constants, `vary`'s variables and names bound inside it, through filters that
depend on nothing else. Anything else (a CSRF token, the user, the request, an include, a
block) is a TemplateSyntaxError: a once block cannot serve one person's page to another.
Names a block's tags set stay inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template import Context, Node, NodeList, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, TokenType, Variable, VariableNode
from django.template.defaulttags import (
    CommentNode,
    ForNode,
    IfNode,
    LoadNode,
    TemplateLiteral,
    URLNode,
    WithNode,
)
from django.templatetags.i18n import (
    BlockTranslateNode,
    GetAvailableLanguagesNode,
    GetCurrentLanguageNode,
    GetLanguageInfoNode,
    TranslateNode,
)
from django.templatetags.static import StaticNode
from django.urls import get_urlconf
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

CONSTANTS = ("SITE_NAME", "HOTLINE_NUMBER", "LANGUAGE_CODE")
ENTRIES = 256
_SITE = "_once_site"
PURE_FILTERS = frozenset(
    {"add", "capfirst", "cut", "default", "escape", "first", "force_escape", "length", "lower"}
    | {"safe", "slice", "stringformat", "title", "upper", "urlencode", "yesno"}
)


class OnceNode(Node):
    # A once block holds no {% block %} (checked when compiled): the walk for blocks that
    # `{% extends %}` makes over the whole parent template on every render need not enter it.
    child_nodelists = ()

    def __init__(self, nodelist: NodeList, vary: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.vary = vary
        self.rendered: dict[tuple[Any, ...], SafeString] = {}

    def render(self, context: Context) -> SafeString:
        key = (
            *_site(context, get_language()),  # the language may change in a render
            *(expression.resolve(context) for expression in self.vary),
        )
        try:
            return self.rendered[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value: render, keep nothing
            key = ()
        with context.push():  # what the block's tags set stays in it
            output = mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered markup
        if key and len(self.rendered) < ENTRIES:
            self.rendered[key] = output
        return output


def _site(context: Context, language: str | None) -> tuple[Any, ...]:
    """The URLconf and the constants' values (lazy ones as text): once per render and language.

    Kept on the context with its stack of dicts: a context made from it (`Context.new`, an
    `include … only`) has a stack of its own and looks its values up again.
    """
    kept: tuple[list[Any], tuple[Any, ...]] | None = getattr(context, _SITE, None)
    if kept is not None and kept[0] is context.dicts and kept[1][0] == language:
        return kept[1]
    constants = (context.get(name) for name in CONSTANTS)
    found = (language, get_urlconf(), *(_text(value) for value in constants))
    setattr(context, _SITE, (context.dicts, found))
    return found


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, Promise) else value  # hashed once, not per block


@register.tag("once")
def do_once(parser: template.base.Parser, token: template.base.Token) -> OnceNode:
    bits = token.split_contents()[1:]
    if bits and bits[0] != "vary":
        raise TemplateSyntaxError("{% once %} takes nothing, or 'vary' and variables.")
    vary = [parser.compile_filter(bit) for bit in bits[1:]]
    if bits and not vary:
        raise TemplateSyntaxError("{% once vary %} needs at least one variable.")
    for expression in vary:
        if expression.filters or not isinstance(expression.var, Variable):
            raise TemplateSyntaxError("{% once vary %} takes plain variables.")
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    allowed = {str(expression.var) for expression in vary}
    _check_nodes(nodelist, bound=set(), allowed=allowed)
    return OnceNode(nodelist, vary)


# --- what a block may hold ------------------------------------------------------------


def _refuse(what: str) -> TemplateSyntaxError:
    return TemplateSyntaxError(
        f"{{% once %}} cannot contain {what}: its output would not depend only on the "
        "language, the site's constants and its 'vary' variables."
    )


def _check_variable(variable: Variable, bound: set[str], allowed: set[str]) -> None:
    if variable.literal is not None or variable.lookups is None:
        return
    if variable.lookups[0] in bound or variable.lookups[0] in CONSTANTS:
        return
    if variable.var in allowed:
        return
    raise _refuse(f"the variable {variable.var!r}")


def _check_expression(expression: Any, bound: set[str], allowed: set[str]) -> None:
    if expression is None:
        return
    if isinstance(expression, Variable):
        _check_variable(expression, bound, allowed)
        return
    if not isinstance(expression, FilterExpression):
        return  # a literal
    if isinstance(expression.var, Variable):
        _check_variable(expression.var, bound, allowed)
    for function, arguments in expression.filters:
        if getattr(function, "_filter_name", function.__name__) not in PURE_FILTERS:
            raise _refuse(f"the filter {function.__name__!r}")
        for is_variable, argument in arguments:
            if is_variable:
                _check_variable(argument, bound, allowed)


def _check_condition(condition: Any, bound: set[str], allowed: set[str]) -> None:
    if condition is None:
        return
    if isinstance(condition, TemplateLiteral):
        _check_expression(condition.value, bound, allowed)
        return
    _check_condition(getattr(condition, "first", None), bound, allowed)
    _check_condition(getattr(condition, "second", None), bound, allowed)


def _check_tokens(tokens: Iterable[Any], bound: set[str], allowed: set[str]) -> None:
    for token in tokens:
        if token.token_type == TokenType.VAR:
            _check_variable(Variable(token.contents), bound, allowed)


def _check_nodes(nodelist: Iterable[Any], *, bound: set[str], allowed: set[str]) -> None:
    """Refuse what a once block cannot hold; `bound` grows as tags set names (in scope)."""
    bound = set(bound)
    for node in nodelist:
        if isinstance(node, TextNode | CommentNode | LoadNode):
            continue
        if isinstance(node, VariableNode):
            _check_expression(node.filter_expression, bound, allowed)
        elif isinstance(node, TranslateNode):
            _check_expression(node.filter_expression, bound, allowed)
            _check_expression(node.message_context, bound, allowed)
            if node.asvar:
                bound.add(node.asvar)
        elif isinstance(node, BlockTranslateNode):
            for expression in node.extra_context.values():
                _check_expression(expression, bound, allowed)
            _check_expression(node.counter, bound, allowed)
            _check_expression(node.message_context, bound, allowed)
            inner = (
                bound | set(node.extra_context) | ({node.countervar} if node.countervar else set())
            )
            _check_tokens(node.singular, inner, allowed)
            _check_tokens(node.plural or (), inner, allowed)
            if node.asvar:
                bound.add(node.asvar)
        elif isinstance(node, URLNode):
            _check_expression(node.view_name, bound, allowed)
            for expression in [*node.args, *node.kwargs.values()]:
                _check_expression(expression, bound, allowed)
            if node.asvar:
                bound.add(node.asvar)
        elif isinstance(node, StaticNode):
            _check_expression(node.path, bound, allowed)
            if node.varname:
                bound.add(node.varname)
        elif isinstance(node, GetCurrentLanguageNode | GetAvailableLanguagesNode):
            bound.add(node.variable)
        elif isinstance(node, GetLanguageInfoNode):
            _check_expression(node.lang_code, bound, allowed)
            bound.add(node.variable)
        elif isinstance(node, IfNode):
            for condition, branch in node.conditions_nodelists:
                _check_condition(condition, bound, allowed)
                _check_nodes(branch, bound=bound, allowed=allowed)
        elif isinstance(node, ForNode):
            _check_expression(node.sequence, bound, allowed)
            inner = bound | {str(name) for name in node.loopvars} | {"forloop"}
            _check_nodes(node.nodelist_loop, bound=inner, allowed=allowed)
            _check_nodes(node.nodelist_empty, bound=bound, allowed=allowed)
        elif isinstance(node, WithNode):
            for expression in node.extra_context.values():
                _check_expression(expression, bound, allowed)
            _check_nodes(node.nodelist, bound=bound | set(node.extra_context), allowed=allowed)
        else:
            raise _refuse(f"the tag {type(node).__name__}")
