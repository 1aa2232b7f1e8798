"""core.phone: the ways Chinese users write numbers, one E.164 form, one mask."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.phone import PhoneFormField, PhoneSerializerField, phone_mask, phone_normalise


@pytest.mark.parametrize(
    "written",
    [
        "13912345678",
        "139 1234 5678",
        "139-1234-5678",
        "+86 139 1234 5678",
        "+8613912345678",
        "0086 139 1234 5678",
        "008613912345678",
        " 139 1234 5678 ",
    ],
)
def test_every_usual_spelling_is_stored_in_e164(written: str) -> None:
    assert phone_normalise(written) == "+8613912345678"
    assert PhoneFormField(mobile_only=True).clean(written) == "+8613912345678"
    assert PhoneSerializerField(mobile_only=True).run_validation(written) == "+8613912345678"


def test_a_landline_is_a_number_but_not_a_mobile() -> None:
    assert phone_normalise("0532-80000001") == "+8653280000001"
    with pytest.raises(ValidationError) as caught:
        phone_normalise("0532-80000001", mobile_only=True)
    assert caught.value.code == "not_mobile"


@pytest.mark.parametrize("written", ["12345", "23912345678", "1391234567", "abc", "+86"])
def test_invalid_numbers_are_refused_with_a_translated_message(written: str) -> None:
    with pytest.raises(ValidationError) as caught:
        phone_normalise(written)
    assert caught.value.code == "invalid_phone"
    from django.utils import translation

    with translation.override("zh-hans"):
        assert "号码" in caught.value.messages[0]


def test_one_mask_for_every_page() -> None:
    assert phone_mask("+8613912345678") == "139****5678"
    assert phone_mask("139 1234 5678") == "139****5678"
    assert phone_mask("+8613912345678", last_four=True) == "•••• 5678"
    assert phone_mask("123") == "****"
    assert phone_mask("123", last_four=True) == ""
    assert phone_mask(None) == phone_mask("") == ""


def test_the_hand_written_masks_are_gone() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or path.name == "phone.py":
            continue
        text = path.read_text(encoding="utf-8")
        if '"****"' in text or "digits[-4:]" in text or "phone[-4:]" in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
