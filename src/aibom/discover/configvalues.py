"""What the config readers share: a value found under a key, who serves it, and its record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aibom.core.ids import WEIGHT_SUFFIXES, Slot, hf_id, ollama_url
from aibom.core.model import Confidence, Role
from aibom.discover.base import Sink
from aibom.discover.keys import (
    PROVIDER_KEYS,
    combine_hints,
    dataset_repo_keys,
    key_role,
    provider_name,
)

_HUB_URL = re.compile(r"^(?:(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/|hf://)", re.I)


@dataclass(frozen=True)
class Found:
    """A value under a model key: where it is written, its role, and who serves it."""

    key: str
    value: str
    line: int
    column: int
    role: Role
    provider: str | None = None  # from a sibling key such as ``provider: ollama``


def record(sink: Sink, found: Found, snippet: str) -> None:
    """Classify and record a found value; a bare ``model:`` key is weaker evidence."""
    confidence = Confidence.HIGH if found.key != "model" else Confidence.MEDIUM
    evidence = sink.evidence(found.line, found.column, snippet, confidence)
    sink.add(found.value, Slot.GENERIC, evidence, role=found.role, hint=found.provider)


def provider_hint(pairs: dict[str, object]) -> str | None:
    """``provider: ollama`` or ``api_type: azure`` beside a model key says who serves it."""
    for key in sorted(PROVIDER_KEYS):
        value = pairs.get(key)
        found = provider_name(value) if isinstance(value, str) else None
        if found is not None:
            return found
    return None


def key_hint(key: str, sibling: str | None, section: str | None) -> str | None:
    """Who serves a value: a sibling ``provider:`` key, else the key's own name
    (``AZURE_OPENAI_MODEL``), else the nearest enclosing section that names a provider."""
    return sibling or combine_hints(key, section)


def is_model_url(value: object) -> bool:
    """A Hub model URL, an ``hf://`` URI or an ``ollama://`` one (KubeAI's ``url:``): a
    reference under any key (datasets, Spaces and docs pages are left to :func:`hf_id`, which
    refuses them)."""
    if not isinstance(value, str):
        return False
    if value[:9].lower() == "ollama://":
        return ollama_url(value) is not None
    return bool(_HUB_URL.match(value)) and hf_id(value) is not None


# A registry of models (``flux-dev: {repo: org/name, file: model.safetensors}``) names the Hub
# repository under a key that elsewhere names a code repository (GitHub's ``repo: owner/name``),
# so such a key counts only beside a key naming a weight file to fetch from it (not ``.bin``:
# release assets are named so too).
_REGISTRY_WEIGHTS = tuple(suffix for suffix in WEIGHT_SUFFIXES if suffix != ".bin")
REPO_KEYS = ("repo", "repository", "repo_name")
_FILE_KEYS = frozenset(
    "file filename file_name files filenames weights weight_file model_file checkpoint ckpt gguf "
    "safetensors".split()
)


def registry_repo(values: dict[str, object]) -> str | None:
    """The key naming the Hub repository of a model registry entry, or None: an ``org/name``
    beside a file key whose value (or one of whose values) is a weight file."""
    key = next((k for k in REPO_KEYS if isinstance(values.get(k), str)), None)
    if key is None or hf_id(str(values[key])) is None or "://" in str(values[key]):
        return None
    for name, value in values.items():
        if name.lower() not in _FILE_KEYS:
            continue
        files = value if isinstance(value, list) else [value]
        if any(isinstance(f, str) and f.lower().endswith(_REGISTRY_WEIGHTS) for f in files):
            return key
    return None


def skipped_keys(pairs: dict[str, object]) -> frozenset[str]:
    """Keys whose values are names the config gives, not models it uses."""
    skipped = {k for k in PROVIDER_KEYS if provider_name(str(pairs.get(k, "")))}
    skipped.update(dataset_repo_keys(set(pairs)))
    if "litellm_params" in pairs:
        skipped.add("model_name")  # LiteLLM: the alias clients ask for
    return frozenset(skipped)


def env_entry(pairs: dict[str, object]) -> tuple[str, Role] | None:
    """``{name: EMBEDDING_MODEL, value: BAAI/bge-m3}``: a Kubernetes or ECS env entry."""
    name, value = pairs.get("name"), pairs.get("value")
    if isinstance(name, str) and isinstance(value, str):
        role = key_role(name)
        if role is not None:
            return name, role
    return None


def snippet(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""
