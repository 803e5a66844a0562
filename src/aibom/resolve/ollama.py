"""Pin Ollama models by the digest of their manifest in the local Ollama store.

The store (``$OLLAMA_MODELS``, else ``~/.ollama/models``) keeps one manifest per name at
``manifests/<host>/<namespace>/<model>/<tag>`` (ollama ``types/model/name.go``, ``Filepath``):
``llama3`` is ``registry.ollama.ai/library/llama3/latest``. A manifest is Docker image manifest
v2 JSON (ollama ``server/manifest.go``): a ``config`` and ``layers``, each a descriptor with
``mediaType``, ``digest`` (``sha256:<hex>``) and ``size``. The layers' blobs are content
addressed, so the manifest's own sha256 (what ``ollama list`` shows as ID, first 12 hex digits)
pins every byte of the model.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from aibom.core.model import Pin, PinnedFile, PinSource
from aibom.core.safeio import open_regular

MAX_MANIFEST = 1 << 20
DEFAULT_HOST = "registry.ollama.ai"
DEFAULT_NAMESPACE = "library"
DEFAULT_TAG = "latest"
LICENSE_TYPE = "application/vnd.ollama.image.license"
_OLLAMA_TYPE = "application/vnd.ollama.image."
# Name parts as ollama validates them (types/model/name.go isValidPart): letters, digits, "_",
# "-" and "." (no "." in a namespace); a part never starts with "." so none is "." or "..".
_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_NAMESPACE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}")
_HOST = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,349}(?::[0-9]{1,5})?")
_DIGEST = re.compile(r"sha256:([0-9a-f]{64})")


class ManifestError(ValueError):
    """The manifest is not the JSON shape ollama writes."""


def default_store() -> Path:
    """``$OLLAMA_MODELS``, else ``~/.ollama/models``."""
    if configured := os.environ.get("OLLAMA_MODELS"):
        return Path(configured)
    return Path.home() / ".ollama" / "models"


def manifest_parts(name: str) -> tuple[str, str, str, str] | None:
    """Host, namespace, model and tag of an Ollama name, defaults filled; None when invalid."""
    name = name.removeprefix("http://").removeprefix("https://")
    name = name.split("@", 1)[0]  # a pinned "@sha256-..." suffix does not change the path
    path, _, tag = name.rpartition(":") if ":" in name.rsplit("/", 1)[-1] else (name, "", "")
    tag = tag.split("+", 1)[0] or DEFAULT_TAG  # "+Q4_0" is a build, not part of the path
    parts = path.split("/")
    if len(parts) == 1:
        parts = [DEFAULT_HOST, DEFAULT_NAMESPACE, *parts]
    elif len(parts) == 2:
        parts = [DEFAULT_HOST, *parts]
    if len(parts) != 3:
        return None
    host, namespace, model = parts
    valid = (
        _HOST.fullmatch(host) and _NAMESPACE.fullmatch(namespace) and _PART.fullmatch(model)
    ) and _PART.fullmatch(tag)
    return (host, namespace, model, tag) if valid else None


def pin_ollama(name: str, store: Path | None = None) -> Pin | None:
    """The manifest digest and layers of ``name`` in the local store; None when it is not there."""
    parts = manifest_parts(name)
    if parts is None:
        return None
    path = _find(store if store is not None else default_store(), parts)
    if path is None:
        return None
    try:
        data = _read_manifest(path)
        files = _layers(json.loads(data))
    except OSError as exc:
        return Pin(PinSource.NONE, reason=f"Ollama manifest unreadable: {exc.strerror or exc}")
    except (ValueError, RecursionError) as exc:  # ManifestError and JSON errors are ValueErrors
        return Pin(PinSource.NONE, reason=f"malformed Ollama manifest: {_short(exc)}")
    licenses = [f for f, media in files if media.split(";", 1)[0].strip() == LICENSE_TYPE]
    return Pin(
        PinSource.OLLAMA_STORE,
        commit="sha256:" + hashlib.sha256(data).hexdigest(),
        requested=parts[3],
        files=tuple(f for f, _ in files),
        license_text_sha256=licenses[0].sha256 if licenses else None,
    )


def _find(store: Path, parts: tuple[str, ...]) -> Path | None:
    """The manifest file for ``parts``; names are case-insensitive to ollama, so when the exact
    spelling is absent, each level is matched ignoring case."""
    exact = store.joinpath("manifests", *parts)
    if exact.exists():
        return exact
    current = store / "manifests"
    for part in parts:
        folded = part.casefold()
        try:
            with os.scandir(current) as entries:
                match = next((e.name for e in entries if e.name.casefold() == folded), None)
        except OSError:
            return None
        if match is None:
            return None
        current = current / match
    return current


def _read_manifest(path: Path) -> bytes:
    """At most MAX_MANIFEST bytes of a regular file (a FIFO or a huge file is refused)."""
    with open_regular(path) as file:
        data = file.read(MAX_MANIFEST + 1)
    if len(data) > MAX_MANIFEST:
        raise ManifestError(f"larger than {MAX_MANIFEST} bytes")
    return data


def _layers(document: object) -> list[tuple[PinnedFile, str]]:
    """The config and every layer as pinned files (path: the media type's short name)."""
    if not isinstance(document, dict):
        raise ManifestError("not a JSON object")
    layers = document.get("layers")
    if not isinstance(layers, list) or not layers:
        raise ManifestError("no layers")
    described: list[tuple[str | None, object]] = []
    if "config" in document:
        described.append(("config", document["config"]))
    described += [(None, layer) for layer in layers]
    files: list[tuple[PinnedFile, str]] = []
    seen: dict[str, int] = {}
    for fixed, descriptor in described:
        media, size, sha256 = _descriptor(descriptor)
        path = fixed or _short_name(media)
        seen[path] = seen.get(path, 0) + 1
        if seen[path] > 1:  # two license layers, say: keep paths unique and in manifest order
            path = f"{path}-{seen[path]}"
        files.append((PinnedFile(path, size, sha256), media))
    return files


def _descriptor(value: object) -> tuple[str, int, str]:
    if not isinstance(value, dict):
        raise ManifestError("a layer is not an object")
    media, size, digest = value.get("mediaType"), value.get("size"), value.get("digest")
    if not isinstance(media, str) or not media:
        raise ManifestError("a layer has no mediaType")
    if type(size) is not int or size < 0:
        raise ManifestError("a layer has no valid size")
    found = _DIGEST.fullmatch(digest) if isinstance(digest, str) else None
    if found is None:
        raise ManifestError("a layer has no sha256 digest")
    return media, size, found.group(1)


def _short_name(media: str) -> str:
    """``application/vnd.ollama.image.model`` -> ``model``; a tensor layer keeps its tensor name
    (``application/vnd.ollama.image.tensor; name=x`` -> ``tensor:x``)."""
    base, *params = (p.strip() for p in media.split(";"))
    short = base.removeprefix(_OLLAMA_TYPE) if base.startswith(_OLLAMA_TYPE) else base
    tensor = next((p.removeprefix("name=") for p in params if p.startswith("name=")), None)
    return f"{short}:{tensor}" if tensor else short


def _short(exc: Exception) -> str:
    return str(exc)[:200]
