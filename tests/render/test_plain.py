"""License terms in plain words: every term the database can hold has a sentence of its own."""

from __future__ import annotations

import pytest

from aibom.core.licensing import Term, TermStatus
from aibom.licenses.schema import TERM_FIELDS
from aibom.render import plain


def test_every_term_of_the_schema_has_a_title_and_a_place() -> None:
    assert set(TERM_FIELDS) <= set(plain.TITLES)
    assert set(TERM_FIELDS) <= set(plain.ORDER)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "Adaptations you share must carry this same license: adapted material."),
        (False, "Adaptations may be shared under other terms: adapted material."),
    ],
)
def test_share_alike(value: bool, expected: str) -> None:
    term = Term(
        "share_alike", TermStatus.PRESENT, (("value", value), ("scope", "adapted material"))
    )
    assert plain.sentence(term) == expected
