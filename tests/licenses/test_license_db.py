"""Data tests over every license_db entry: it loads, its quotes are verbatim, its names unique."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aibom.core.data import data_dir
from aibom.core.licensing import TermStatus
from aibom.licenses.db import LicenseDb, LicenseDbError, load, load_default, normalise_name
from aibom.licenses.model import License
from aibom.licenses.schema import TERM_FIELDS

ROOT = data_dir("license_db")
NOT_LICENSES = {"unknown", "other"}  # Hugging Face ids that say "see elsewhere"


def _squash(text: str) -> str:
    """Whitespace collapsed and typographic quotes straightened, as quotes are compared."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').split())


def entries() -> list[License]:
    return list(load_default().licenses)


def test_database_loads_and_is_not_trivial() -> None:
    db = load_default()
    assert len(db.licenses) >= 40


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.key)
def test_every_quote_is_verbatim_in_its_official_text(entry: License) -> None:
    db = load_default()
    for term in entry.terms:
        citations = [(term.quote, term.document)] if term.quote else []
        citations += [(item.quote, item.document) for item in term.items]
        for quote, document in citations:
            text = db.text(entry, document)
            if text is None:
                assert entry.text_file(document) is None, f"{entry.key}: missing text {document}"
                continue
            assert _squash(quote or "") in _squash(text), f"{entry.key}.{term.name}: {quote!r}"


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.key)
def test_fingerprint_phrases_are_in_the_text(entry: License) -> None:
    text = load_default().text(entry)
    if text is None:
        return
    assert entry.phrases, f"{entry.key}: a license with a text needs fingerprint phrases"
    for phrase in entry.phrases:
        assert _squash(phrase).casefold() in _squash(text).casefold(), phrase


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.key)
def test_present_terms_are_cited_and_unverified_ones_explained(entry: License) -> None:
    for term in entry.terms:
        assert term.name in TERM_FIELDS
        if term.status is TermStatus.PRESENT and term.name != "geographic_restrictions":
            assert term.clause and term.quote, f"{entry.key}.{term.name}"
        if term.status is TermStatus.UNVERIFIED:
            assert term.note, f"{entry.key}.{term.name}"


def test_every_hugging_face_license_id_is_mapped() -> None:
    db = load_default()
    listed = [
        line.split("\t", 1)[0]
        for line in (ROOT / "huggingface-ids.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert len(listed) == 83
    missing = [i for i in listed if i not in NOT_LICENSES and db.find(i) is None]
    assert missing == []
    claimed = {h for e in db.licenses for h in e.huggingface}
    assert claimed <= set(listed), claimed - set(listed)


def test_names_are_unique_across_entries() -> None:
    seen: dict[str, str] = {}
    for entry in entries():
        for name in {entry.key, *entry.huggingface, *entry.aliases}:
            norm = normalise_name(name)
            assert seen.setdefault(norm, entry.key) == entry.key, (name, seen[norm], entry.key)


def test_spdx_ids_and_license_refs_have_the_right_shape() -> None:
    for entry in entries():
        if entry.spdx is None:
            assert entry.license_ref and re.fullmatch(
                r"LicenseRef-[A-Za-z0-9.-]+", entry.license_ref
            )
        else:
            assert re.fullmatch(r"[A-Za-z0-9.+-]+", entry.spdx), entry.spdx


def test_invalid_entries_report_every_error_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "bad-one.yaml").write_text(
        "key: bad-one\nname: Bad\nprovider: {name: X, country: usa}\ncategory: weird\n"
        "spdx: null\nterms:\n  user_threshold: {status: present, monthly_active_users: lots}\n"
        "  made_up: {status: absent}\n"
    )
    (tmp_path / "two.yaml").write_text("key: other-key\n")
    with pytest.raises(LicenseDbError) as caught:
        load(tmp_path)
    errors = "\n".join(caught.value.errors)
    for expected in (
        "bad-one.yaml: provider.country: must be an ISO 3166-1 alpha-2 code",
        "bad-one.yaml: category: 'weird' is not one of",
        "bad-one.yaml: license_ref: required when spdx is null",
        "bad-one.yaml: terms.user_threshold.clause: required when status is present",
        "bad-one.yaml: terms.user_threshold.monthly_active_users: must be int, not str",
        "bad-one.yaml: terms.made_up: unknown term",
        "two.yaml: name: required",
        "two.yaml: key: 'other-key' must be kebab-case and match the file name two.yaml",
    ):
        assert expected in errors, errors


def test_lookup_by_key_hf_id_alias_and_link() -> None:
    db = load_default()
    assert isinstance(db, LicenseDb)
    mit = db.find("MIT")
    assert mit is not None and mit.spdx == "MIT"
    assert db.find("no-such-license") is None


def test_a_checked_database_is_cached_and_a_broken_cache_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIBOM_CACHE_DIR", str(tmp_path / "cache"))
    first = load(ROOT)
    (cached,) = (tmp_path / "cache").glob("license_db-*.json")
    again = load(ROOT)
    assert [e.key for e in again.licenses] == [e.key for e in first.licenses]
    assert again.get("mit") == first.get("mit")
    cached.write_text("{not json")
    assert load(ROOT).get("mit") == first.get("mit")
