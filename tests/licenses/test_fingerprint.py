"""Identifying license texts: exact, reformatted, changed, and unknown."""

from __future__ import annotations

from aibom.licenses.db import LicenseDb
from aibom.licenses.fingerprint import identify, normalise
from tests.licenses.conftest import ALPHA_TEXT, BETA_TEXT


def test_the_official_text_is_an_exact_match(small_db: LicenseDb) -> None:
    result = identify(ALPHA_TEXT, small_db)
    assert (result.key, result.exact, result.changed, result.confidence) == (
        "alpha-2.0",
        True,
        False,
        1.0,
    )


def test_formatting_and_copyright_lines_do_not_count(small_db: LicenseDb) -> None:
    reformatted = "Copyright (c) 2025 Some Mirror Org\n\n# " + ALPHA_TEXT.replace(
        "\n", " "
    ).replace("Agreement", "**Agreement**").replace("'", "\u2019")
    result = identify(reformatted, small_db)
    assert result.key == "alpha-2.0" and result.exact


def test_a_changed_version_is_reported_as_changed(small_db: LicenseDb) -> None:
    changed = (
        ALPHA_TEXT.replace("50 million", "10 million")
        .replace(
            "any other\nlarge language model", "any model of any kind whatsoever, nor sell outputs"
        )
        .replace("State of Delaware", "Republic of Freedonia and its courts exclusively")
    )
    result = identify(changed, small_db)
    assert result.key == "alpha-2.0"
    assert not result.exact and result.changed
    assert 0.5 < result.similarity < 0.97
    assert result.confidence < 1.0


def test_each_text_is_told_apart(small_db: LicenseDb) -> None:
    assert identify(BETA_TEXT, small_db).key == "beta-1"


def test_unknown_text(small_db: LicenseDb) -> None:
    result = identify("Just a readme about our project.\nNothing legal here.", small_db)
    assert result.key is None and result.confidence == 0.0


def test_normalise_removes_layout_only() -> None:
    assert (
        normalise("# Title\n\n**Bold** text\u2019s  [link](http://x)") == "title bold text's link"
    )
