"""The one free-text validator: control, bidi and invalid characters are refused."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework import serializers

from core import text


@pytest.mark.parametrize(
    "value",
    [
        "abc\u202edef",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
    ],
)
def test_bidi_controls_are_refused(value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        text.validate_text(value)
    assert refused.value.code == "invalid_text"


@pytest.mark.parametrize("value", ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85"])
def test_control_characters_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        text.validate_text(value)


def test_what_invalid_utf8_becomes_is_refused() -> None:
    decoded = b"caf\xe9".decode("utf-8", errors="replace")
    with pytest.raises(ValidationError) as refused:
        text.validate_text(decoded)
    assert refused.value.code == "invalid_text"


def test_newlines_and_tabs_only_in_multiline_text() -> None:
    text.validate_text("一行\n\t二行\r\n")
    with pytest.raises(ValidationError):
        text.validate_line("一行\n二行")
    text.validate_line("王 师傅 · 夜班（22:00 后）")


def test_the_message_names_the_character_in_chinese() -> None:
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            text.validate_line("a\u202eb")
        message = refused.value.messages[0]
    assert "U+202E" in message
    assert "请删除" in message


def test_fields_have_a_length_limit() -> None:
    class Form(forms.Form):
        line = text.LineField()
        body = text.TextField()

    form = Form(
        {"line": "x" * (text.LINE_MAX_LENGTH + 1), "body": "y" * (text.TEXT_MAX_LENGTH + 1)}
    )
    assert set(form.errors) == {"line", "body"}


def test_protect_form_covers_every_plain_char_field() -> None:
    class Form(forms.Form):
        name = forms.CharField()
        notes = forms.CharField(widget=forms.Textarea)
        mail = forms.EmailField()

    form = Form({"name": "a\u202eb", "notes": "x\n" * 3000, "mail": "a@example.com"})
    text.protect_form(form)
    assert set(form.errors) == {"name", "notes"}


def test_serializers_use_the_same_validator() -> None:
    class Input(serializers.Serializer):
        code = serializers.CharField(validators=[text.validate_line])

    data = Input(data={"code": "AB\u202eCD"})
    assert not data.is_valid()
    assert "code" in data.errors
