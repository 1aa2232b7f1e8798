"""core/templatetags/once.py: a block rendered once per language and 'vary' values, kept in
memory; what it may hold is checked when the template is compiled."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy

from core.templatetags import once as once_tags
from tests.conftest import make_user


def render(source: str, context: dict[str, Any] | None = None, language: str = "en") -> str:
    with translation.override(language):
        return Template("{% load i18n static once %}" + source).render(Context(context or {}))


def test_a_block_renders_what_its_content_renders_then_from_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = '{% once %}<a href="{% url "core:home" %}">{% translate "Home" %}</a>{% endonce %}'
    template = Template("{% load i18n once %}" + source)
    plain = Template(
        "{% load i18n %}" + source.replace("{% once %}", "").replace("{% endonce %}", "")
    )
    reversed_urls = []
    real_reverse = once_tags.URLNode.render

    def counting(node: Any, context: Any) -> str:
        reversed_urls.append(node)
        return real_reverse(node, context)

    monkeypatch.setattr(once_tags.URLNode, "render", counting)
    for language, label in [
        ("en", "Home"),
        ("zh-hans", "首页"),
        ("en", "Home"),
        ("zh-hans", "首页"),
    ]:
        with translation.override(language):
            assert template.render(Context()) == plain.render(Context())
            assert template.render(Context()) == f'<a href="/">{label}</a>'
    # The plain template reversed its URL on each of its 4 renders; the block once a language.
    assert len(reversed_urls) == 4 + 2


def test_the_sites_constants_are_part_of_what_a_block_is_kept_for() -> None:
    source = "{% once %}{{ SITE_NAME }} {{ HOTLINE_NUMBER }}{% endonce %}"
    template = Template("{% load once %}" + source)
    assert template.render(Context({"SITE_NAME": "A", "HOTLINE_NUMBER": "1"})) == "A 1"
    assert template.render(Context({"SITE_NAME": "B", "HOTLINE_NUMBER": "1"})) == "B 1"
    assert template.render(Context({"SITE_NAME": "A", "HOTLINE_NUMBER": "2"})) == "A 2"


def test_a_language_changed_within_a_render_gets_its_own_block() -> None:
    # The site's values are looked up once a render, per language: a lazy name in each.
    source = (
        "{% for code in codes %}{% language code %}"
        "{% once %}{{ SITE_NAME }}: {% translate 'Home' %}|{% endonce %}"
        "{% endlanguage %}{% endfor %}"
    )
    context = {"codes": ["en", "zh-hans", "en"], "SITE_NAME": gettext_lazy("Home")}
    assert render(source, context) == "Home: Home|首页: 首页|Home: Home|"


def test_an_included_template_with_only_its_own_values_gets_its_own_block() -> None:
    # `include … only` renders with a context of its own: the site's values are looked up
    # there, so its block is not the one rendered with the page's values.
    inner = Template("{% load once %}{% once %}[{{ SITE_NAME }}]{% endonce %}")
    outer = Template(
        "{% include inner only %}{% include inner %}{% include inner only %}{% include inner %}"
    )
    assert outer.render(Context({"inner": inner, "SITE_NAME": "A"})) == "[][A][][A]"


def test_vary_variables_may_be_used_and_keep_one_rendering_each() -> None:
    template = Template(
        "{% load once %}{% once vary page.name %}"
        '{% if page.name == "home" %}[home]{% else %}[{{ page.name }}]{% endif %}{% endonce %}'
    )
    node = template.nodelist[-1]
    assert isinstance(node, once_tags.OnceNode)
    for name in ["home", "stations", "home", ""]:
        expected = "[home]" if name == "home" else f"[{name}]"
        assert template.render(Context({"page": {"name": name}})) == expected
    assert len(node.rendered) == 3


def test_a_block_keeps_at_most_its_limit_and_still_renders_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(once_tags, "ENTRIES", 3)
    template = Template("{% load once %}{% once vary n %}<{{ n }}>{% endonce %}")
    for n in range(10):
        assert template.render(Context({"n": n})) == f"<{n}>"
    node = template.nodelist[-1]
    assert isinstance(node, once_tags.OnceNode)
    assert len(node.rendered) == 3


def test_what_a_blocks_tags_set_stays_inside_it() -> None:
    source = "{% once %}{% get_current_language as here %}({{ here }}){% endonce %}[{{ here }}]"
    assert render(source) == "(en)[]"
    assert render(source) == "(en)[]"  # the same from memory


def test_names_bound_inside_may_be_used() -> None:
    source = (
        "{% once %}{% get_available_languages as languages %}"
        "{% for code, name in languages %}{% get_language_info for code as info %}"
        "{{ code }}={{ info.name_local|upper }};{% endfor %}"
        '{% with label="x" %}{{ label }}{% endwith %}'
        "{% blocktranslate with number=HOTLINE_NUMBER %}Call {{ number }}{% endblocktranslate %}"
        "{% endonce %}"
    )
    assert render(source, {"HOTLINE_NUMBER": "12351"}) == "zh-hans=简体中文;en=ENGLISH;xCall 12351"


def test_the_walk_for_blocks_does_not_enter_a_block() -> None:
    # {% extends %} looks for {% block %}s over the whole parent template on every render;
    # a once block can hold none (refused below), so that walk skips its content.
    from django.template.base import TextNode
    from django.template.loader_tags import BlockNode

    template = Template(
        "{% load once %}{% block a %}x{% endblock %}{% once %}<nav>a</nav><p>b</p>{% endonce %}"
    )
    assert [n.name for n in template.nodelist.get_nodes_by_type(BlockNode)] == ["a"]
    assert not [n for n in template.nodelist.get_nodes_by_type(TextNode) if "nav" in n.s]
    assert template.render(Context()) == "x<nav>a</nav><p>b</p>"


@pytest.mark.parametrize(
    "content",
    [
        "{{ user.display_name }}",
        "{% csrf_token %}",
        "{{ request.get_full_path }}",
        '{% include "core/_lang_switch.html" %}',
        "{% block title %}{% endblock %}",
        "{{ SITE_NAME|date }}",
        "{{ SITE_NAME|default:user.email }}",
        "{% if user.is_authenticated %}x{% endif %}",
        "{% for item in items %}{{ item }}{% endfor %}",
        "{% for item in LANGUAGE_CODE %}{% endfor %}{{ item }}",  # a loop's name, outside it
        "{% blocktranslate with name=user.first_name %}Hi {{ name }}{% endblocktranslate %}",
        "{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}",
        '{% url "accounts:profile" user.pk %}',
        "{% now 'Y' %}",
    ],
)
def test_a_block_refuses_what_could_differ_between_people_or_requests(content: str) -> None:
    with pytest.raises(TemplateSyntaxError, match="once"):
        Template("{% load i18n static once %}{% once %}" + content + "{% endonce %}")


def test_vary_takes_plain_variables_only() -> None:
    for tag in ["{% once vary %}", "{% once page.name %}", "{% once vary page.name|upper %}"]:
        with pytest.raises(TemplateSyntaxError):
            Template("{% load once %}" + tag + "{% endonce %}")
    with pytest.raises(TemplateSyntaxError, match=r"page\.title"):
        Template("{% load once %}{% once vary page.name %}{{ page.title }}{% endonce %}")


@pytest.mark.django_db
def test_the_frame_stays_each_persons_and_each_pages() -> None:
    """base.html's once blocks: the current page's link moves with the page, the signed-in
    part and the CSRF token stay each visitor's, in each language."""
    alice = make_user("alice@example.com", first_name="Alice")
    bob = make_user("bob@example.com", first_name="Bob")
    for language in ["en", "zh-hans"]:
        for path, current in [("/", "/"), ("/stations/", "/stations/"), ("/", "/")]:
            tokens = set()
            for person, name in [(alice, "Alice"), (bob, "Bob"), (None, None)]:
                client = Client(HTTP_ACCEPT_LANGUAGE=language)
                if person is not None:
                    client.force_login(person)
                page = client.get(path).content.decode()
                assert page.count('aria-current="page"') == 1
                assert f'<li><a href="{current}" aria-current="page">' in page
                assert ("Alice" in page) is (name == "Alice")
                assert ("Bob" in page) is (name == "Bob")
                assert ("data-sign-in" in page) is (person is None)
                token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
                tokens.add(token)
            assert len(tokens) == 3
        assert ('<html lang="zh-Hans">' in page) is (language == "zh-hans")
