"""The models a previous aibom SBOM lists: known models, whose findings need not fail a build."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from aibom.core.errors import AibomError
from aibom.core.model import MODEL_REF_PREFIX, Component, Report
from aibom.core.safeio import TooLarge, read_bounded, reason
from aibom.core.text import xml_safe

MAX_BASELINE_BYTES = 64 * 1024 * 1024
_DUPLICATE = re.compile(r"#\d+\Z")  # the suffix that keeps a repeated bom-ref unique
_HINT = "write one with: aibom scan . -f cyclonedx-json=aibom.cdx.json"


class BaselineError(AibomError):
    """The baseline SBOM cannot be used: unreadable, not JSON, or not a CycloneDX BOM by aibom."""


def identity(component: Component) -> str:
    """The component's identity as an aibom SBOM writes it (see ``Component.identity``).

    Case-folded, as sightings merge (``ModelRef.key``): a later spelling with other capitals is the
    same model.
    """
    return xml_safe(component.identity).casefold()


def baseline_models(path: Path, max_bytes: int = MAX_BASELINE_BYTES) -> frozenset[str]:
    """The identities (see :func:`identity`) of the models in the aibom CycloneDX JSON at ``path``.

    Only the JSON rendering is read; at most ``max_bytes`` of it. Raises BaselineError when the
    file cannot be read or is not a CycloneDX BOM that aibom wrote.
    """
    document = _load(path, max_bytes)
    if not isinstance(document, dict) or document.get("bomFormat") != "CycloneDX":
        raise BaselineError(f"{path}: not a CycloneDX BOM ({_HINT})")
    refs = {
        entry["bom-ref"]
        for key in ("components", "services")
        for entry in as_list(document.get(key))
        if isinstance(entry, dict) and isinstance(entry.get("bom-ref"), str)
    }
    models = {ref for ref in refs if ref.startswith(MODEL_REF_PREFIX)}
    if not models and not written_by_aibom(document):
        raise BaselineError(f"{path}: a CycloneDX BOM that aibom did not write ({_HINT})")
    return frozenset(_without_duplicate_suffix(ref, refs).casefold() for ref in models)


def new_models(report: Report, baseline: frozenset[str]) -> set[str]:
    """Names of the report's components that the baseline does not list: their findings count."""
    return {c.name for c in report.components if identity(c) not in baseline}


def _load(path: Path, max_bytes: int) -> object:
    try:
        data = read_bounded(path, max_bytes)
    except TooLarge:
        raise BaselineError(f"{path}: larger than {max_bytes} bytes; not an aibom SBOM") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read: {reason(exc)}") from None
    if data.lstrip()[:1] == b"<":
        raise BaselineError(f"{path}: only the JSON rendering is read ({_HINT})")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise BaselineError(f"{path}: not valid JSON: {_one_line(exc)}") from None


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def written_by_aibom(document: dict[str, Any]) -> bool:
    """Whether metadata.tools names aibom: the 1.5+ object form, or the legacy list of tools."""
    metadata = document.get("metadata")
    tools = metadata.get("tools") if isinstance(metadata, dict) else None
    listed = as_list(tools.get("components")) if isinstance(tools, dict) else as_list(tools)
    return any(isinstance(tool, dict) and tool.get("name") == "aibom" for tool in listed)


def _without_duplicate_suffix(ref: str, refs: set[str]) -> str:
    """``model:x#2`` is a second ``model:x`` (the renderer made it unique); ``model:a#b`` is not."""
    plain = _DUPLICATE.sub("", ref)
    return plain if plain != ref and plain in refs else ref


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
