"""The resolve stage on real trees: local files hashed, the HF cache read, lock drift found."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from aibom.core.model import Component, PinSource
from aibom.discover.components import build_components
from aibom.discover.engine import find_refs
from aibom.resolve import lockfile
from aibom.resolve.lockfile import problems as lock_problems
from aibom.resolve.stage import ResolveOptions, resolve
from tests.conftest import write_tree
from tests.weightfiles import write_safetensors

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(autouse=True)
def isolated_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIBOM_CACHE_DIR", str(tmp_path / "aibom-cache"))
    hub_cache = tmp_path / "hf-cache"
    hub_cache.mkdir()
    monkeypatch.setenv("HF_HUB_CACHE", str(hub_cache))
    monkeypatch.setenv("OLLAMA_MODELS", str(tmp_path / "ollama"))
    return hub_cache


def cached_repo(cache: Path, repo: str, files: dict[str, bytes]) -> None:
    """A real Hugging Face cache entry: refs/main, a snapshot of links to blobs by sha256."""
    folder = cache / ("models--" + repo.replace("/", "--"))
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text(COMMIT)
    for name, content in files.items():
        digest = hashlib.sha256(content).hexdigest()
        blob = folder / "blobs" / digest
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(content)
        link = folder / "snapshots" / COMMIT / name
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(os.path.relpath(blob, link.parent), link)


def scan(root: Path, options: ResolveOptions) -> dict[str, Component]:
    components = build_components(find_refs(root))
    return {c.name: c for c in resolve(components, root, options)}


def test_sources_in_order(tmp_path: Path, isolated_caches: Path) -> None:
    root = tmp_path / "repo"
    write_tree(
        root,
        {
            "app.py": 'AutoModel.from_pretrained("acme-ai/cached")\n'
            'AutoModel.from_pretrained("acme-ai/elsewhere")\n'
            'import ollama\nollama.chat(model="llama3.2")\n'
            'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n',
            "models/clf/config.json": '{"model_type": "bert"}',
        },
    )
    write_safetensors(root / "models/clf/model.safetensors", {"w": ((1, 2), [0.5, 0.5])}, {})
    big = b"weights" * 1000
    cached_repo(isolated_caches, "acme-ai/cached", {"model.safetensors": big, "README.md": b"hi"})
    found = scan(root, ResolveOptions())
    cached = found["acme-ai/cached"].pin
    assert cached is not None and (cached.source, cached.commit) == (PinSource.HF_CACHE, COMMIT)
    assert {f.path: f.sha256 for f in cached.files}["model.safetensors"] == hashlib.sha256(
        big
    ).hexdigest()
    folder = found["models/clf"].pin
    assert folder is not None and folder.source is PinSource.LOCAL_FILE
    weights = (root / "models/clf/model.safetensors").read_bytes()
    assert {f.path: f.sha256 for f in folder.files}["models/clf/model.safetensors"] == (
        hashlib.sha256(weights).hexdigest()
    )
    elsewhere = found["acme-ai/elsewhere"].pin
    assert elsewhere is not None and elsewhere.source is PinSource.NONE
    assert "aibom lock --online" in (elsewhere.reason or "")
    ollama = found["llama3.2"].pin
    assert ollama is not None and ollama.reason == "not in the local Ollama store"
    assert found["gpt-4o"].pin is None  # a hosted API has no weights to pin


def test_lock_drift_and_locked_problems(
    tmp_path: Path, isolated_caches: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "repo"
    write_tree(
        root,
        {
            "app.py": 'AutoModel.from_pretrained("acme-ai/x")\n',
            "m/config.json": '{"model_type": "bert"}',
        },
    )
    write_safetensors(root / "m/model.safetensors", {"w": ((1,), [1.0])}, {})
    cached_repo(isolated_caches, "acme-ai/x", {"model.safetensors": b"v1"})
    (root / "aibom.lock").write_text(
        lockfile.render(tuple(scan(root, ResolveOptions()).values()), None)
    )
    lock = lockfile.read(root / "aibom.lock")
    assert lock is not None
    clean = scan(root, ResolveOptions(lock=lock))
    assert lock_problems(tuple(clean.values()), lock) == []
    # Then the code changes: the weights are edited, a revision is asked for, a model is added.
    write_safetensors(root / "m/model.safetensors", {"w": ((1,), [2.0])}, {})
    (root / "app.py").write_text(
        'AutoModel.from_pretrained("acme-ai/x", revision="v2")\n'
        'AutoModel.from_pretrained("acme-ai/unlocked")\n'
    )
    again = scan(root, ResolveOptions(lock=lock))
    local = again["m"].pin
    assert local is not None and local.source is PinSource.LOCKFILE
    assert local.drift == ("m/model.safetensors: sha256 changed",)
    problems = lock_problems(tuple(again.values()), lock)
    assert "m: m/model.safetensors: sha256 changed" in problems
    assert f"acme-ai/x: the code asks for revision v2, the lock has {COMMIT}" in problems
    assert any(p.startswith("acme-ai/unlocked: not in aibom.lock") for p in problems)
