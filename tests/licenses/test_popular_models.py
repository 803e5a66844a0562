"""The popular-models list (license_db/coverage/popular-models.yaml) against the shipped table.

Every entry is resolved the way a scan resolves a reference offline: the name is classified as
code would write it, and ``licenses.apply`` decides its license from the known-models table (no
card, no LICENSE file, no network). The decided license must be the recorded one, and a model the
list marks non-commercial or research-only must be reported so by its license entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
import yaml

from aibom import licenses
from aibom.core.data import data_dir
from aibom.core.ids import Classified, Slot, classify
from aibom.core.licensing import Category, TermStatus
from aibom.core.model import Component, Evidence
from aibom.licenses.db import LicenseDb
from aibom.licenses.db import load_default as load_db
from aibom.licenses.known import KnownModel, KnownModels, load_default
from aibom.licenses.model import License

LIST_FILE = data_dir("license_db") / "coverage" / "popular-models.yaml"
TEXTS = data_dir("license_db") / "texts"
HF = "huggingface"
OLLAMA = "ollama"
RESTRICTIONS = ("non-commercial", "research-only")
SEEN = (Evidence("app.py", 1, 1, "x", "python"),)


@dataclass(frozen=True)
class Entry:
    ecosystem: str
    name: str
    license: str
    restriction: str | None
    source: str


@cache
def raw_list() -> dict[str, Any]:
    raw = yaml.safe_load(LIST_FILE.read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    return raw


@cache
def entries() -> tuple[Entry, ...]:
    found = []
    for ecosystem, field in ((HF, "id"), (OLLAMA, "name")):
        for item in raw_list()[ecosystem]:
            found.append(
                Entry(
                    ecosystem,
                    str(item[field]),
                    str(item["license"]),
                    item.get("restriction"),
                    str(item["source"]),
                )
            )
    return tuple(found)


def component(ecosystem: str, name: str) -> Component:
    """The component a scan makes of ``name`` found in a Hub loader call or an Ollama call."""
    found = classify(name, Slot.OLLAMA if ecosystem == OLLAMA else Slot.HF)
    assert isinstance(found, Classified), name
    assert found.ecosystem.value == ecosystem, (name, found.ecosystem)
    return Component(found.name, found.ecosystem, SEEN)


def decided(
    name: str, ecosystem: str, db: LicenseDb, known: KnownModels
) -> tuple[str | None, bool]:
    (done,) = licenses.apply((component(ecosystem, name),), db, known)
    assert done.licensing is not None
    return done.licensing.key, done.licensing.unverified


def _present(entry: License, term: str, value: bool) -> bool:
    found = entry.term(term)
    return found is not None and found.status is TermStatus.PRESENT and found.get("value") is value


def restriction_of(entry: License) -> str | None:
    """What the license entry reports: research-only, non-commercial, or neither."""
    if entry.category is Category.RESEARCH_ONLY or _present(entry, "research_only", True):
        return "research-only"
    if (
        entry.category is Category.NON_COMMERCIAL
        or _present(entry, "non_commercial", True)
        or _present(entry, "commercial_use", False)
    ):
        return "non-commercial"
    return None


def problems(listed: tuple[Entry, ...], db: LicenseDb, known: KnownModels) -> list[str]:
    """Every entry whose decided license, or reported restriction, differs from the list."""
    found = []
    for item in listed:
        key, _ = decided(item.name, item.ecosystem, db, known)
        if key != item.license:
            found.append(f"{item.ecosystem}:{item.name}: {key or 'unknown'}, not {item.license}")
            continue
        entry = db.get(key)
        assert entry is not None
        reported = restriction_of(entry)
        if reported != item.restriction:
            found.append(
                f"{item.ecosystem}:{item.name}: {key} reports {reported}, listed {item.restriction}"
            )
    return found


# --- The list itself --------------------------------------------------------------------------


def test_the_list_is_large_and_covers_both_ecosystems() -> None:
    assert raw_list()["version"] == 1
    assert len([e for e in entries() if e.ecosystem == HF]) >= 300
    assert len([e for e in entries() if e.ecosystem == OLLAMA]) >= 80


def test_names_are_unique_and_fields_well_formed() -> None:
    seen: set[tuple[str, str]] = set()
    db = load_db()
    for item in entries():
        key = (item.ecosystem, item.name.casefold())
        assert key not in seen, item.name
        seen.add(key)
        assert db.get(item.license) is not None, f"{item.name}: {item.license} is not in license_db"
        assert item.restriction in (None, *RESTRICTIONS), item
        assert item.source.startswith("https://"), item


def test_the_list_holds_restricted_models_of_both_kinds() -> None:
    kinds = {item.restriction for item in entries()}
    assert set(RESTRICTIONS) <= kinds


# --- Every entry through the scan's own path ---------------------------------------------------


@pytest.mark.parametrize("item", entries(), ids=lambda e: f"{e.ecosystem}:{e.name}")
def test_every_listed_model_gets_its_license_and_restriction(item: Entry) -> None:
    assert problems((item,), load_db(), load_default(load_db())) == []


def test_the_check_catches_a_too_broad_rule() -> None:
    # One organisation-wide rule handing every Stability model the Community License: the
    # non-commercial SDXL-Turbo must come out wrong, so the test above can fail.
    db = load_db()
    broad = KnownModels((KnownModel(HF, "stabilityai/*", "stability-ai-community"),))
    turbo = next(e for e in entries() if e.name == "stabilityai/sdxl-turbo")
    assert problems((turbo,), db, broad) == [
        "huggingface:stabilityai/sdxl-turbo: stability-ai-community, not "
        "stability-ai-nc-research-community"
    ]
    assert problems((turbo,), db, KnownModels(())) == [
        "huggingface:stabilityai/sdxl-turbo: unknown, not stability-ai-nc-research-community"
    ]


def test_the_check_catches_a_restriction_the_license_does_not_report() -> None:
    db = load_db()
    sdxl = next(e for e in entries() if e.name == "stabilityai/stable-diffusion-xl-base-1.0")
    wrongly_listed = Entry(sdxl.ecosystem, sdxl.name, sdxl.license, "non-commercial", sdxl.source)
    assert problems((wrongly_listed,), db, load_default(db)) == [
        "huggingface:stabilityai/stable-diffusion-xl-base-1.0: openrail-pp-m reports None, "
        "listed non-commercial"
    ]


# --- The traps the table must get right ----------------------------------------------------------

# (ecosystem, name, license, restriction): per-size and per-version exceptions inside a family.
TRAPS: list[tuple[str, str, str, str | None]] = [
    (HF, "Qwen/Qwen2.5-3B-Instruct", "qwen-research-2024", "research-only"),
    (HF, "Qwen/Qwen2.5-Coder-3B-Instruct", "qwen-research-2024", "research-only"),
    (HF, "Qwen/Qwen2.5-72B-Instruct", "qwen-2024", None),
    (HF, "Qwen/Qwen2.5-7B-Instruct", "apache-2.0", None),
    (OLLAMA, "qwen2.5:3b", "qwen-research-2024", "research-only"),
    (OLLAMA, "qwen2.5:72b", "qwen-2024", None),
    (OLLAMA, "qwen2.5:7b", "apache-2.0", None),
    (HF, "mistralai/Mistral-Small-Instruct-2409", "mistral-research-license", "research-only"),
    (HF, "mistralai/Mistral-Small-24B-Instruct-2501", "apache-2.0", None),
    (OLLAMA, "mistral-small:22b", "mistral-research-license", "research-only"),
    (OLLAMA, "mistral-small:24b", "apache-2.0", None),
    (HF, "jinaai/jina-embeddings-v2-base-en", "apache-2.0", None),
    (HF, "jinaai/jina-embeddings-v3", "cc-by-nc-4.0", "non-commercial"),
    (HF, "CohereForAI/aya-101", "apache-2.0", None),
    (HF, "CohereForAI/aya-23-8B", "cohere-c4ai-cc-by-nc-4.0", "non-commercial"),
    (HF, "CohereForAI/aya-expanse-32b", "cohere-c4ai-cc-by-nc-4.0", "non-commercial"),
    (HF, "CohereForAI/c4ai-command-r-plus", "cohere-c4ai-cc-by-nc-4.0", "non-commercial"),
    (HF, "stabilityai/sdxl-turbo", "stability-ai-nc-research-community", "non-commercial"),
    (HF, "stabilityai/sd-turbo", "stability-ai-nc-research-community", "non-commercial"),
    (HF, "stabilityai/stablelm-3b-4e1t", "cc-by-sa-4.0", None),
    (HF, "stabilityai/stablelm-tuned-alpha-7b", "cc-by-nc-sa-4.0", "non-commercial"),
    (HF, "stabilityai/stable-diffusion-3.5-large", "stability-ai-community", None),
    (HF, "deepseek-ai/DeepSeek-V3", "deepseek-license", None),
    (HF, "black-forest-labs/FLUX.1-dev", "flux-1-dev-non-commercial-1.1.1", "non-commercial"),
    (HF, "black-forest-labs/FLUX.1-schnell", "apache-2.0", None),
    (HF, "city96/FLUX.1-dev-gguf", "flux-1-dev-non-commercial-1.1.1", "non-commercial"),
    (HF, "facebook/nllb-200-distilled-600M", "cc-by-nc-4.0", "non-commercial"),
    (HF, "facebook/seamless-m4t-v2-large", "cc-by-nc-4.0", "non-commercial"),
    (HF, "facebook/musicgen-small", "cc-by-nc-4.0", "non-commercial"),
    (HF, "facebook/opt-1.3b", "opt-175b", "research-only"),
    (HF, "nvidia/NV-Embed-v2", "cc-by-nc-4.0", "non-commercial"),
    (HF, "intfloat/e5-mistral-7b-instruct", "mit", None),
    (HF, "tiiuae/falcon-180B", "falcon-180b-tii-1.0", None),
    (HF, "tiiuae/Falcon3-7B-Instruct", "tii-falcon-llm-2.0", None),
    (HF, "tiiuae/falcon-40b", "apache-2.0", None),
]


@pytest.mark.parametrize(
    ("ecosystem", "name", "key", "restriction"), TRAPS, ids=[f"{e}:{n}" for e, n, *_ in TRAPS]
)
def test_family_exceptions(ecosystem: str, name: str, key: str, restriction: str | None) -> None:
    db = load_db()
    got, _ = decided(name, ecosystem, db, load_default(db))
    assert got == key
    entry = db.get(key)
    assert entry is not None
    assert restriction_of(entry) == restriction


def test_deepseek_v3_0324_is_mit_unlike_v3() -> None:
    db = load_db()
    known = load_default(db)
    assert decided("deepseek-ai/DeepSeek-V3", HF, db, known) == ("deepseek-license", False)
    key, _ = decided("deepseek-ai/DeepSeek-V3-0324", HF, db, known)
    assert key == "mit"


def test_cohere_entry_carries_the_acceptable_use_policy() -> None:
    entry = load_db().get("cohere-c4ai-cc-by-nc-4.0")
    assert entry is not None
    policy = entry.term("acceptable_use_policy")
    assert policy is not None and policy.status is TermStatus.PRESENT
    assert policy.document == "acceptable_use_policy"
    training = entry.term("restricts_training_other_models")
    assert training is not None and training.status is TermStatus.PRESENT


# Releases newer than the table, in families that mix commercial and non-commercial licenses:
# the guess must be the non-commercial license, flagged unverified.
STRICT_GUESSES: list[tuple[str, str]] = [
    (HF, "stabilityai/stable-something-9"),
    (HF, "black-forest-labs/FLUX.3-dev"),
    (HF, "jinaai/jina-embeddings-v9"),
    (HF, "CohereLabs/aya-vision-8b"),
    (HF, "CohereForAI/c4ai-command-a-03-2025"),
    (OLLAMA, "command-a"),
]


@pytest.mark.parametrize(("ecosystem", "name"), STRICT_GUESSES, ids=[n for _, n in STRICT_GUESSES])
def test_mixed_families_guess_the_non_commercial_license(ecosystem: str, name: str) -> None:
    db = load_db()
    key, unverified = decided(name, ecosystem, db, load_default(db))
    assert key is not None and unverified, name
    entry = db.get(key)
    assert entry is not None
    assert restriction_of(entry) is not None, key


# --- Texts are recorded ---------------------------------------------------------------------------


def test_every_text_is_recorded_with_its_hash_and_source() -> None:
    sums = {}
    for line in (TEXTS / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split()
        sums[name] = digest
    sources = (TEXTS / "SOURCES.md").read_text(encoding="utf-8")
    texts = sorted(path.name for path in TEXTS.glob("*.txt"))
    assert sorted(sums) == texts
    for name in texts:
        assert hashlib.sha256((TEXTS / name).read_bytes()).hexdigest() == sums[name], name
        assert f"| {name} |" in sources, name
