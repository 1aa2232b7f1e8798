"""Retrieval codes: sixteen symbols of the unambiguous alphabet in groups of four, every
symbol as likely in every place (one draw written in base 31)."""

from __future__ import annotations

from collections import Counter

from assessments.services.submissions import (
    CODE_ALPHABET,
    CODE_LENGTH,
    hash_code,
    new_retrieval_code,
    normalise_code,
)


def test_a_code_is_four_groups_of_four_unambiguous_symbols() -> None:
    code = new_retrieval_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set(CODE_ALPHABET)
    assert normalise_code(code.lower()) == code.replace("-", "")
    assert hash_code(code) == hash_code(code.lower().replace("-", " "))


def test_every_symbol_turns_up_in_every_place_about_equally() -> None:
    draws = [normalise_code(new_retrieval_code()) for _i in range(2000)]
    assert len(set(draws)) == len(draws)
    expected = len(draws) / len(CODE_ALPHABET)  # 64.5 of each symbol in each place
    for place in range(CODE_LENGTH):
        counts = Counter(code[place] for code in draws)
        assert set(counts) == set(CODE_ALPHABET), place  # none missing: ~e^-65 by chance
        assert max(counts.values()) < 2 * expected, place  # no symbol favoured (8 sigma)
