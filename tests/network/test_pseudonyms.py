"""Worker pseudonyms (network.pseudonyms): stable per worker, keyed, six hex characters."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.crypto import salted_hmac

from network.pseudonyms import worker_pseudonym, worker_reference


class FakeUser:
    def __init__(self, pk: int) -> None:
        self.pk = pk


def test_the_reference_is_the_keyed_hmac_of_the_user_id() -> None:
    with override_settings(SECRET_KEY="k" * 50):
        expected = salted_hmac("network.worker-pseudonym", "42").hexdigest()[:6]
        assert worker_reference(FakeUser(42)) == expected == worker_reference(42)
        # Different workers get different references (here: the first 50 ids all differ
        # from worker 42's, as 6 hex characters make a collision rare).
        assert sum(worker_reference(n) == expected for n in range(1, 51)) == 1


def test_the_reference_changes_with_the_key() -> None:
    refs = set()
    for key in ("a" * 50, "b" * 50, "c" * 50):
        with override_settings(SECRET_KEY=key):
            refs.add(worker_reference(7))
    assert len(refs) > 1


@pytest.mark.parametrize(("language", "label"), [("en", "worker"), ("zh-hans", "职工")])
def test_the_pseudonym_reads_in_the_page_language(language: str, label: str) -> None:
    with translation.override(language):
        assert re.fullmatch(rf"{label} #[0-9a-f]{{6}}", worker_pseudonym(FakeUser(5)))
