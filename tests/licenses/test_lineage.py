"""Lineage follows each base license's derivatives_inherit term: what binds a fine-tune."""

from __future__ import annotations

from pathlib import Path

import pytest

from aibom import licenses
from aibom.core.licensing import Licensing, TermStatus
from aibom.core.model import Component, Ecosystem, Evidence, Pin, PinSource
from aibom.licenses.db import LicenseDb, load, load_default
from aibom.licenses.known import load as load_known
from tests.licenses.conftest import ALPHA_TEXT, ALPHA_YAML, BETA_TEXT, BETA_YAML, KNOWN_YAML

SEEN = (Evidence("train.py", 4, 1, "base = ...", "python"),)


def tune(name: str, base: str, card: str = "apache-2.0") -> Component:
    """A fine-tune pinned with a card that names its own license, derived from ``base``."""
    pin = Pin(PinSource.LOCKFILE, commit="b" * 40, card_license=card)
    return Component(name, Ecosystem.HUGGINGFACE, SEEN, base_models=(base,), pin=pin)


def licensing_of(component: Component, db: LicenseDb | None = None) -> Licensing:
    known = load_known(db.root / "known-models.yaml", db) if db else None
    (done,) = licenses.apply((component,), db, known)
    assert done.licensing is not None
    return done.licensing


def inherited(licensing: Licensing) -> set[tuple[str, str]]:
    return {(t.license, t.term.name) for t in licensing.effective_terms if t.origin != "acme/x"}


def test_a_cc_by_nc_fine_tune_stays_non_commercial() -> None:
    # CC BY-NC 4.0 2(a)(1)(B): Adapted Material is shared "for NonCommercial purposes only",
    # whatever license the adapter puts on it.
    licensing = licensing_of(tune("acme/x", "facebook/mms-1b-all"))
    assert licensing.key == "apache-2.0"
    assert ("cc-by-nc-4.0", "non_commercial") in inherited(licensing)
    assert ("cc-by-nc-4.0", "derivatives_inherit") in inherited(licensing)
    assert [s.key for s in licensing.licenses] == ["apache-2.0", "cc-by-nc-4.0"]
    entry = load_default().get("cc-by-nc-4.0")
    assert entry is not None
    decides = entry.term("derivatives_inherit")
    assert (decides.get("value"), decides.clause) == (True, "2(a)(1)(B)")
    assert entry.term("share_alike").get("value") is False  # a separate question


def test_a_base_license_that_frees_derivatives_is_not_inherited() -> None:
    # Apple's sample-code terms bind only unmodified redistributions of the whole software.
    licensing = licensing_of(tune("acme/x", "apple/OpenELM-270M"))
    assert licensing.lineage == ("apple/OpenELM-270M",)
    assert inherited(licensing) == set()
    assert [s.key for s in licensing.licenses] == ["apache-2.0"]
    assert (
        "apple-ascl of base model apple/OpenELM-270M does not bind derivatives (\u00a7para. 4): "
        "its terms are not inherited"
    ) in licensing.notes


def test_an_unverified_base_license_is_kept_and_said_so() -> None:
    licensing = licensing_of(tune("acme/x", "mistralai/Mistral-Large-Instruct-2411"))
    # No text is held, so no term is present; the license still binds the fine-tune.
    base = "mistralai/Mistral-Large-Instruct-2411"
    assert licensing.inherited == (("mistral-research-license", base),)
    assert [s.key for s in licensing.licenses] == ["apache-2.0", "mistral-research-license"]
    assert any("is not verified: its terms are kept" in note for note in licensing.notes)


@pytest.mark.parametrize(
    ("term", "binds"),
    [
        ("derivatives_inherit: {status: absent}", False),
        (
            "derivatives_inherit: {status: present, value: false, clause: '1', "
            "quote: 'You may use, copy and modify the Alpha Materials'}",
            False,
        ),
        (
            "derivatives_inherit: {status: present, value: true, clause: '1', "
            "quote: 'You may use, copy and modify the Alpha Materials'}",
            True,
        ),
        ("derivatives_inherit: {status: unverified, note: not read}", True),
    ],
)
def test_the_field_decides_what_a_fine_tune_inherits(
    tmp_path: Path, term: str, binds: bool
) -> None:
    root = tmp_path / "license_db"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "alpha.txt").write_text(ALPHA_TEXT)
    (root / "texts" / "beta.txt").write_text(BETA_TEXT)
    (root / "alpha-2.0.yaml").write_text(ALPHA_YAML + f"  {term}\n")
    (root / "beta-1.yaml").write_text(BETA_YAML)
    (root / "known-models.yaml").write_text(KNOWN_YAML)
    db = load(root)
    alpha = db.get("alpha-2.0")
    assert alpha is not None and alpha.term("derivatives_inherit").status in set(TermStatus)
    licensing = licensing_of(tune("acme/x", "alpha-labs/Alpha-2-7B", card="beta"), db)
    assert (("alpha-2.0", "user_threshold") in inherited(licensing)) is binds
    assert licensing.lineage == ("alpha-labs/Alpha-2-7B",)
