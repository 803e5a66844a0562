"""Pinning Ollama models from a real store layout (manifests and blobs) built in a temp dir."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from aibom.core.model import Pin, PinnedFile, PinSource
from aibom.resolve.ollama import MAX_MANIFEST, default_store, manifest_parts, pin_ollama
from tests.weightfiles import gguf_bytes

LICENSE = (
    "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: April 18, 2024\n"
)
TEMPLATE = (
    "{{ if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ end }}"
)
PARAMS = '{"num_keep":24,"stop":["<|start_header_id|>","<|end_header_id|>","<|eot_id|>"]}'
MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"
IMAGE = "application/vnd.ollama.image."


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """An Ollama models folder: content-addressed blobs and manifests as ``ollama pull`` leaves
    them (blobs/sha256-<hex>; manifests/<host>/<namespace>/<model>/<tag>, JSON plus newline as
    Go's json.Encoder writes it)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def blob(self, data: bytes) -> str:
        digest = sha(data)
        path = self.root / "blobs" / f"sha256-{digest}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return f"sha256:{digest}"

    def layer(self, media: str, data: bytes) -> dict[str, object]:
        return {"mediaType": media, "digest": self.blob(data), "size": len(data)}

    def manifest(self, path: str, layers: list[dict[str, object]]) -> bytes:
        config = json.dumps(
            {
                "model_format": "gguf",
                "model_family": "llama",
                "model_families": ["llama"],
                "model_type": "8.0B",
                "file_type": "Q4_0",
                "architecture": "amd64",
                "os": "linux",
                "rootfs": {"type": "layers", "diff_ids": [layer["digest"] for layer in layers]},
            },
            separators=(",", ":"),
        ).encode()
        document = {
            "schemaVersion": 2,
            "mediaType": MANIFEST_TYPE,
            "config": self.layer(CONFIG_TYPE, config),
            "layers": layers,
        }
        return self.write(path, json.dumps(document, separators=(",", ":")).encode() + b"\n")

    def write(self, path: str, data: bytes) -> bytes:
        target = self.root / "manifests" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return data

    def llama(self, path: str) -> bytes:
        return self.manifest(
            path,
            [
                self.layer(IMAGE + "model", gguf_bytes({"general.architecture": "llama"})),
                self.layer(IMAGE + "template", TEMPLATE.encode()),
                self.layer(IMAGE + "license", LICENSE.encode()),
                self.layer(IMAGE + "params", PARAMS.encode()),
            ],
        )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "models")


def test_a_library_model_with_the_default_tag(store: Store) -> None:
    manifest = store.llama("registry.ollama.ai/library/llama3/latest")
    pin = pin_ollama("llama3", store.root)
    assert pin is not None
    assert pin.source is PinSource.OLLAMA_STORE
    assert pin.commit == f"sha256:{sha(manifest)}"  # `ollama list` shows its first 12 digits
    assert pin.requested == "latest"
    document = json.loads(manifest)
    assert [f.path for f in pin.files] == ["config", "model", "template", "license", "params"]
    assert pin.files[1] == PinnedFile(
        "model", document["layers"][0]["size"], document["layers"][0]["digest"][7:]
    )
    assert pin.license_text_sha256 == sha(LICENSE.encode())
    for file in pin.files:  # each digest names a blob with exactly that content and size
        blob = (store.root / "blobs" / f"sha256-{file.sha256}").read_bytes()
        assert (len(blob), sha(blob)) == (file.size, file.sha256)
    assert pin.reason is None


def test_tags_users_and_hugging_face_models(store: Store) -> None:
    digests = {
        name: sha(store.llama(path))
        for name, path in {
            "llama3:8b": "registry.ollama.ai/library/llama3/8b",
            "library/llama3:70b": "registry.ollama.ai/library/llama3/70b",
            "alice/coder:v1": "registry.ollama.ai/alice/coder/v1",
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M": (
                "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF/Q4_K_M"
            ),
            "hf.co/bartowski/SmolLM2-135M-Instruct-GGUF": (
                "hf.co/bartowski/SmolLM2-135M-Instruct-GGUF/latest"
            ),
        }.items()
    }
    for name, digest in digests.items():
        pin = pin_ollama(name, store.root)
        assert pin is not None, name
        assert pin.commit == f"sha256:{digest}", name
    assert pin_ollama("https://hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", store.root)
    assert _requested(pin_ollama("llama3:8b", store.root)) == "8b"


def _requested(pin: Pin | None) -> str | None:
    assert pin is not None
    return pin.requested


def test_names_match_ignoring_case(store: Store) -> None:
    digest = sha(store.llama("registry.ollama.ai/library/llama3/latest"))
    pin = pin_ollama("Llama3:LATEST", store.root)
    assert pin is not None
    assert pin.commit == f"sha256:{digest}"


def test_absent_models_are_none(store: Store, tmp_path: Path) -> None:
    store.llama("registry.ollama.ai/library/llama3/latest")
    assert pin_ollama("llama3:70b", store.root) is None
    assert pin_ollama("mistral", store.root) is None
    assert pin_ollama("alice/llama3", store.root) is None
    assert pin_ollama("llama3", tmp_path / "no-store") is None


@pytest.mark.parametrize(
    "name", ["", "../../../etc/passwd", "a/b/c/d", "x:../../y", ".hidden", "ns.dot/model", "a b"]
)
def test_invalid_names_are_none(store: Store, name: str) -> None:
    (store.root / "etc").mkdir(parents=True)
    (store.root / "etc" / "passwd").write_text("{}")
    assert pin_ollama(name, store.root) is None


def test_name_parts() -> None:
    assert manifest_parts("llama3") == ("registry.ollama.ai", "library", "llama3", "latest")
    assert manifest_parts("qwen2.5:0.5b+Q4_0") == (
        "registry.ollama.ai",
        "library",
        "qwen2.5",
        "0.5b",
    )
    assert manifest_parts("localhost:5000/me/m:1") == ("localhost:5000", "me", "m", "1")
    assert manifest_parts("m:1@sha256-" + "0" * 64) == ("registry.ollama.ai", "library", "m", "1")


def test_the_store_from_the_environment(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = sha(store.llama("registry.ollama.ai/library/llama3/latest"))
    monkeypatch.setenv("OLLAMA_MODELS", str(store.root))
    assert _commit(pin_ollama("llama3")) == f"sha256:{digest}"
    monkeypatch.setenv("OLLAMA_MODELS", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_store() == tmp_path / "home" / ".ollama" / "models"
    assert pin_ollama("llama3") is None
    os.renames(store.root, tmp_path / "home" / ".ollama" / "models")
    assert _commit(pin_ollama("llama3")) == f"sha256:{digest}"


def _commit(pin: Pin | None) -> str | None:
    assert pin is not None
    return pin.commit


def test_license_and_tensor_layers(store: Store) -> None:
    second = "Gemma Prohibited Use Policy\n"
    store.manifest(
        "registry.ollama.ai/library/gemma/latest",
        [
            store.layer(IMAGE + "tensor; name=model.embed.weight; dtype=F16; shape=2,2", b"\0" * 8),
            store.layer(IMAGE + "tensor; name=model.norm.weight; dtype=F16; shape=2", b"\1" * 4),
            store.layer(IMAGE + "license", LICENSE.encode()),
            store.layer(IMAGE + "license", second.encode()),
            store.layer("application/vnd.example.other", b"x"),
        ],
    )
    pin = pin_ollama("gemma", store.root)
    assert pin is not None
    assert [f.path for f in pin.files] == [
        "config",
        "tensor:model.embed.weight",
        "tensor:model.norm.weight",
        "license",
        "license-2",
        "application/vnd.example.other",
    ]
    assert pin.license_text_sha256 == sha(LICENSE.encode())  # the first license layer


def test_a_model_without_a_license_layer(store: Store) -> None:
    model = gguf_bytes({"general.architecture": "llama"})
    store.manifest("registry.ollama.ai/library/tiny/latest", [store.layer(IMAGE + "model", model)])
    pin = pin_ollama("tiny", store.root)
    assert pin is not None
    assert pin.source is PinSource.OLLAMA_STORE
    assert pin.license_text_sha256 is None


GOOD = {"mediaType": IMAGE + "model", "digest": "sha256:" + "a" * 64, "size": 10}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x00\xff", "Expecting value"),
        (b"{", "Expecting property name"),
        (b"[]", "not a JSON object"),
        (b"{}", "no layers"),
        (json.dumps({"layers": []}).encode(), "no layers"),
        (json.dumps({"layers": [GOOD, "x"]}).encode(), "a layer is not an object"),
        (json.dumps({"config": None, "layers": [GOOD]}).encode(), "a layer is not an object"),
        (json.dumps({"layers": [{**GOOD, "digest": "sha256:xyz"}]}).encode(), "no sha256 digest"),
        (json.dumps({"layers": [{**GOOD, "digest": "md5:" + "a" * 32}]}).encode(), "digest"),
        (json.dumps({"layers": [{**GOOD, "size": -1}]}).encode(), "no valid size"),
        (json.dumps({"layers": [{**GOOD, "size": True}]}).encode(), "no valid size"),
        (json.dumps({"layers": [{**GOOD, "size": "10"}]}).encode(), "no valid size"),
        (json.dumps({"layers": [{**GOOD, "mediaType": 3}]}).encode(), "no mediaType"),
        (b"[" * 100_000 + b"]" * 100_000, "recursion"),
        (b'{"layers": []}' + b" " * MAX_MANIFEST, "larger than"),
    ],
)
def test_malformed_manifests(store: Store, content: bytes, reason: str) -> None:
    store.write("registry.ollama.ai/library/broken/latest", content)
    pin = pin_ollama("broken", store.root)
    assert pin is not None
    assert pin.source is PinSource.NONE
    assert pin.reason is not None
    assert pin.reason.startswith("malformed Ollama manifest: ")
    assert reason in pin.reason
    assert len(pin.reason) < 300


def test_a_manifest_that_is_not_a_file(store: Store) -> None:
    (store.root / "manifests" / "registry.ollama.ai" / "library" / "odd" / "latest").mkdir(
        parents=True
    )
    fifo = store.root / "manifests" / "registry.ollama.ai" / "library" / "pipe" / "latest"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    for name in ("odd", "pipe"):
        pin = pin_ollama(name, store.root)
        assert pin is not None
        assert pin.source is PinSource.NONE
        assert pin.reason in (
            "Ollama manifest unreadable: a folder, not a regular file",
            "Ollama manifest unreadable: a FIFO, not a regular file",
        )
