"""Pinning local models and weight files: real trees, discovered by the real discover stage."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from aibom.core.model import Ecosystem, LicenseFile, LocalModel, PinnedFile, PinSource, WeightFile
from aibom.discover.engine import find_refs
from aibom.resolve.hashing import CHUNK, HashCache
from aibom.resolve.local import NOT_IN_TREE, pin_local, pin_path
from tests.weightfiles import gguf_bytes, safetensors_bytes

LICENSE = "Apache License\nVersion 2.0, January 2004\n"
CARD = "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\n---\n# tiny\n"
CONFIG = json.dumps({"architectures": ["LlamaForCausalLM"], "_name_or_path": "acme/tiny"})


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A repository with a model folder (safetensors, config, card, license) and a lone GGUF
    larger than the read buffer, loaded from code."""
    root = tmp_path / "repo"
    files: dict[str, bytes] = {
        "models/tiny/model.safetensors": safetensors_bytes({"w": ((2, 2), [1.0, 2.0, 3.0, 4.0])}),
        "models/tiny/config.json": CONFIG.encode(),
        "models/tiny/LICENSE": LICENSE.encode(),
        "models/tiny/README.md": CARD.encode(),
        "models/llama.gguf": gguf_bytes(
            {"general.architecture": "llama", "general.name": "Llama"},
            [("token_embd.weight", (CHUNK // 16 + 3, 4), [0.5] * (CHUNK // 4 + 12))],
        ),
        "app.py": b'from llama_cpp import Llama\nLlama(model_path="models/llama.gguf")\n',
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.fixture
def cache(tmp_path: Path) -> HashCache:
    return HashCache(tmp_path / "cache" / "hashes.json")


def local_models(root: Path) -> dict[str, LocalModel]:
    return {m.path: m for m in find_refs(root, workers=1).local_models}


def test_a_model_folder_is_pinned_file_by_file(tree: Path, cache: HashCache) -> None:
    pin = pin_local(local_models(tree)["models/tiny"], tree, cache)
    folder = tree / "models" / "tiny"
    assert pin.source is PinSource.LOCAL_FILE
    assert pin.reason is None
    assert pin.files == tuple(
        PinnedFile(
            f"models/tiny/{name}",
            (folder / name).stat().st_size,
            sha(folder.joinpath(name).read_bytes()),
        )
        for name in ("LICENSE", "config.json", "model.safetensors")
    )
    assert pin.license_text_sha256 == sha(LICENSE)
    assert pin.card_license == "apache-2.0"
    assert pin.base_models == ("meta-llama/Llama-3.1-8B",)
    assert pin.commit is None


def test_a_lone_weight_file_larger_than_the_buffer(tree: Path, cache: HashCache) -> None:
    seen: list[str] = []
    pin = pin_local(local_models(tree)["models/llama.gguf"], tree, cache, seen.append)
    data = (tree / "models" / "llama.gguf").read_bytes()
    assert len(data) > CHUNK
    assert pin.source is PinSource.LOCAL_FILE
    assert pin.files == (PinnedFile("models/llama.gguf", len(data), sha(data)),)
    assert pin.license_text_sha256 is None
    assert seen == []  # small files report no progress


def test_a_vanished_file_is_named_and_the_others_still_listed(tree: Path, cache: HashCache) -> None:
    model = local_models(tree)["models/tiny"]
    (tree / "models" / "tiny" / "model.safetensors").unlink()
    pin = pin_local(model, tree, cache)
    assert pin.source is PinSource.NONE
    assert pin.reason == "models/tiny/model.safetensors: file vanished since the scan"
    assert [f.path for f in pin.files] == ["models/tiny/LICENSE", "models/tiny/config.json"]


def test_an_unreadable_file_is_named(tree: Path, cache: HashCache) -> None:
    model = local_models(tree)["models/tiny"]
    config = tree / "models" / "tiny" / "config.json"
    config.unlink()
    config.mkdir()  # unreadable as a file whoever runs the test
    pin = pin_local(model, tree, cache)
    assert pin.source is PinSource.NONE
    assert pin.reason == "models/tiny/config.json: cannot be read (not a regular file)"
    assert len(pin.files) == 2


def test_paths_outside_the_tree_are_never_read(tmp_path: Path, cache: HashCache) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "secret.bin").write_bytes(b"outside")
    model = LocalModel("x", files=(WeightFile("../secret.bin", 7, "pytorch"),))
    pin = pin_local(model, root, cache)
    assert pin.source is PinSource.NONE
    assert pin.reason == f"../secret.bin: {NOT_IN_TREE}"
    assert pin.files == ()


def test_a_card_only_model_has_nothing_to_pin(tree: Path, cache: HashCache) -> None:
    pin = pin_local(LocalModel("models/tiny"), tree, cache)
    assert pin.source is PinSource.NONE
    assert pin.reason == "no weight files to hash"


def test_a_license_file_is_preferred_over_a_notice(tree: Path, cache: HashCache) -> None:
    folder = tree / "models" / "tiny"
    (folder / "NOTICE").write_text("Copyright Acme\n")
    (folder / "USE_POLICY.md").write_text("Do no harm\n")
    licenses = tuple(
        LicenseFile(f"models/tiny/{n}", "0" * 64) for n in ("NOTICE", "USE_POLICY.md", "LICENSE")
    )
    model = LocalModel("models/tiny", license_files=licenses)
    assert pin_local(model, tree, cache).license_text_sha256 == sha(LICENSE)


def test_a_rescan_uses_the_cache(tree: Path, cache: HashCache) -> None:
    weights = tree / "models" / "llama.gguf"
    os.utime(weights, ns=(10**18, 10**18))  # out of the window where a fresh file is not cached
    model = local_models(tree)["models/llama.gguf"]
    first = pin_local(model, tree, cache)
    status = weights.stat()
    with open(weights, "r+b") as file:
        file.write(b"XXXX")  # new bytes, same size; mtime put back below
    os.utime(weights, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert pin_local(model, tree, cache) == first  # not read again
    assert pin_local(model, tree, HashCache(cache.path)) != first  # nothing saved: read again


def test_pin_path_in_the_tree(tree: Path, cache: HashCache) -> None:
    refs = [r for r in find_refs(tree, workers=1).refs if r.ecosystem is Ecosystem.LOCAL_FILE]
    assert [r.name for r in refs] == ["models/llama.gguf"]
    data = (tree / "models" / "llama.gguf").read_bytes()
    expected = (PinnedFile("models/llama.gguf", len(data), sha(data)),)
    for written in ("models/llama.gguf", "./models/../models/llama.gguf", str(tree / refs[0].name)):
        pin = pin_path(written, tree, cache)
        assert pin.source is PinSource.LOCAL_FILE
        assert pin.files == expected


def test_pin_path_through_a_link_keeps_the_name_written(tree: Path, cache: HashCache) -> None:
    (tree / "current.gguf").symlink_to(tree / "models" / "llama.gguf")
    pin = pin_path("current.gguf", tree, cache)
    assert [f.path for f in pin.files] == ["current.gguf"]
    assert pin.files[0].sha256 == sha((tree / "models" / "llama.gguf").read_bytes())


@pytest.mark.parametrize(
    "written", ["models/missing.gguf", "../outside.gguf", "/etc/hostname", ".", "escape.gguf"]
)
def test_pin_path_outside_or_missing(tree: Path, cache: HashCache, written: str) -> None:
    (tree.parent / "outside.gguf").write_bytes(b"GGUF")
    (tree / "escape.gguf").symlink_to(tree.parent / "outside.gguf")
    pin = pin_path(written, tree, cache)
    assert pin.source is PinSource.NONE
    assert pin.reason == NOT_IN_TREE
    assert pin.files == ()


def test_pin_path_of_a_folder(tree: Path, cache: HashCache) -> None:
    pin = pin_path("models/tiny", tree, cache)
    assert pin.source is PinSource.NONE
    assert pin.reason == "models/tiny: cannot be read (not a regular file)"
