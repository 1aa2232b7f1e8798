"""core.qr: the drawing is exactly qrcode's modules, in one path of runs."""

from __future__ import annotations

import random
import re
import string

import pytest
import qrcode
import qrcode.constants
import qrcode.exceptions
import qrcode.util

from core import qr_data
from core.qr import BORDER, layout, penalties, qr_matrix, qr_svg

RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z")


def drawn_modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))  # type: ignore[union-attr]
    path = re.search(r' d="([^"]*)"', svg).group(1)  # type: ignore[union-attr]
    assert RUN.sub("", path) == ""  # nothing but runs
    dark = set()
    for x, y, width, back in RUN.findall(path):
        assert width == back
        dark |= {(int(x) + i, int(y)) for i in range(int(width))}
    return size, dark


@pytest.mark.parametrize(
    "text",
    ["ABCDEFGHJKMNPQRS", "23456789ABCDEFGH", "https://xinling.example.org/assessments/join/K7M2/"],
)
def test_the_drawing_is_qrcodes_matrix(text: str) -> None:
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=BORDER)
    reference.add_data(text)
    reference.make(fit=True)
    expected = reference.get_matrix()
    assert qr_matrix(text) == expected
    size, dark = drawn_modules(str(qr_svg(text, label="code")))
    assert size == len(expected) == 4 * reference.version + 17 + 2 * BORDER
    assert dark == {(x, y) for y, row in enumerate(expected) for x, on in enumerate(row) if on}
    # The quiet zone stays light.
    assert all(BORDER <= x < size - BORDER and BORDER <= y < size - BORDER for x, y in dark)


def test_the_svg_is_named_and_escapes_its_label() -> None:
    svg = str(qr_svg("ABC", label='Code "1" <of> 2 & more'))
    assert 'aria-label="Code &quot;1&quot; &lt;of&gt; 2 &amp; more"' in svg
    assert 'role="img"' in svg and 'class="qr"' in svg and 'focusable="false"' in svg
    assert " id=" not in svg  # several codes may share a page
    assert "width=" not in svg and "height=" not in svg  # sized by CSS


def texts() -> list[str]:
    """Retrieval codes, sign-in and join links, and texts of every length up to version 10."""
    rng = random.Random(18004)
    alphabet = string.ascii_letters + string.digits + "-/:.?=&"
    found = ["ABCD-EFGH-JKMN", "https://xinling.example.org/courses/sign-in/0a1b2c3d/"]
    found += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 200))) for _ in range(100)]
    return found


def test_each_masks_penalty_is_qrcodes() -> None:
    for text in texts():
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(text)
        code.best_fit()
        code.makeImpl(True, 0)
        ours = penalties(code.modules, layout(code.version))
        theirs = []
        for mask in range(8):
            code.makeImpl(True, mask)
            theirs.append(qrcode.util.lost_point(code.modules))
        assert ours == theirs, text


def test_the_code_is_qrcodes_on_many_texts() -> None:
    # The mask chosen, and its format (and, from version 7, version) information written.
    chosen, versions = set(), set()
    for text in texts():
        reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=BORDER)
        reference.add_data(text)
        reference.make(fit=True)
        assert qr_matrix(text) == reference.get_matrix(), text
        chosen.add(reference.best_mask_pattern())
        versions.add(reference.version)
    assert len(chosen) == 8  # the texts exercise the choice, not one mask
    assert min(versions) <= 2 and max(versions) >= 7


def mixed_texts() -> list[str]:
    """Every mode and mix of modes qrcode splits a text into, and versions up to 40."""
    rng = random.Random(4099)
    pieces = [string.digits, string.ascii_uppercase + " $%*+-./:", string.printable, "心理驿站"]
    found = ["", "0", "12", "123", "A", "AB", "心", "9" * 20, "9" * 21, "A" * 21]
    found += ["9" * 3000, "x" * 2300]  # many blocks, up to version 40
    for _ in range(150):
        found.append(
            "".join(
                "".join(rng.choice(rng.choice(pieces)) for _ in range(rng.randint(1, 60)))
                for _ in range(rng.randint(1, 12))
            )
        )
    return found


def test_the_codewords_are_qrcodes_in_every_mode() -> None:
    versions = set()
    for text in mixed_texts():
        reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
        reference.add_data(text)
        reference.best_fit()
        expected = qrcode.util.create_data(
            reference.version, qrcode.constants.ERROR_CORRECT_M, reference.data_list
        )
        assert qr_data.encode(text) == (reference.version, bytes(expected)), text
        versions.add(reference.version)
    assert min(versions) == 1 and max(versions) == 40  # one block to many blocks


def test_a_text_too_long_for_any_version_is_refused_as_qrcode_refuses_it() -> None:
    with pytest.raises(qrcode.exceptions.DataOverflowError):
        qr_data.encode("9" * 8000)
