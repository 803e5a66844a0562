"""One side of a diff read from an aibom CycloneDX JSON SBOM: what aibom writes there, nothing else.

aibom's SBOM names each model by its bom-ref (``model:<ecosystem>/...``, the component's
identity; a repeated one gets ``#2``), its pinned commit and license key as ``aibom:`` properties,
its files as nested ``file`` components with their SHA-256, and each effective term as an
``aibom:terms:<term>`` property worded ``<summary> [<license>, inherited from <base>]`` (see
:mod:`aibom.render.cyclonedx`). It records no policy findings, no license version, no LICENSE
text hash and no quotes: those are reported as not compared.
"""

from __future__ import annotations

import re
from typing import Any

from aibom.core.errors import AibomError
from aibom.core.model import MODEL_REF_PREFIX
from aibom.policy.baseline import as_list, written_by_aibom
from aibom.render.diff import CHANGED_TEXT, Fact, ModelState, Snapshot, TermState, shown_name
from aibom.render.properties import PropertyName

SOURCE = "aibom CycloneDX SBOM"
_DUPLICATE = re.compile(r"#\d+\Z")  # the suffix the renderer adds to keep a bom-ref unique
_TERMS = "aibom:terms:"
_INHERITED = ", inherited from "
UNKNOWN = {
    Fact.FINDINGS: "a CycloneDX SBOM records no policy findings",
    Fact.LICENSE_VERSION: "a CycloneDX SBOM records no license version",
    Fact.LICENSE_TEXT: "a CycloneDX SBOM records no LICENSE text hash",
    Fact.QUOTES: "a CycloneDX SBOM records no quotes",
}


class SbomError(AibomError):
    """A CycloneDX document aibom cannot compare: not a BOM, or not one aibom wrote."""


def snapshot(document: dict[str, Any], shown: str) -> Snapshot:
    """The models an aibom CycloneDX JSON document lists; SbomError when it is not one."""
    entries = [
        entry
        for key in ("components", "services")
        for entry in as_list(document.get(key))
        if isinstance(entry, dict) and isinstance(entry.get("bom-ref"), str)
    ]
    refs = {entry["bom-ref"] for entry in entries}
    models = [e for e in entries if e["bom-ref"].startswith(MODEL_REF_PREFIX)]
    if not models and not written_by_aibom(document):
        raise SbomError(f"{shown}: a CycloneDX BOM that aibom did not write")
    states: dict[str, ModelState] = {}
    for entry in models:
        state = _model(entry, _plain_ref(entry["bom-ref"], refs))
        states.setdefault(state.identity, state)
    metadata = document.get("metadata")
    project = metadata.get("component") if isinstance(metadata, dict) else None
    name = project.get("name") if isinstance(project, dict) else None
    return Snapshot(
        source=SOURCE,
        project=name if isinstance(name, str) else None,
        commit=None,
        models=tuple(states[i] for i in sorted(states)),
        findings=None,
        unknown=dict(UNKNOWN),
    )


def _model(entry: dict[str, Any], identity: str) -> ModelState:
    properties = _properties(entry)
    key = _first(properties, PropertyName.LICENSE_KEY)
    changed = _first(properties, PropertyName.LICENSE_CHANGED_TEXT) == "true"
    return ModelState(
        identity=identity.casefold(),
        name=shown_name(identity),
        commit=_first(properties, PropertyName.PINNED_COMMIT),
        files=_files(entry, properties),
        license=key,
        license_version=None,
        fingerprint=CHANGED_TEXT if changed else None,
        terms=tuple(sorted(_terms(properties))),
    )


def _plain_ref(ref: str, refs: set[str]) -> str:
    """``model:x#2`` is a second ``model:x`` (the renderer made it unique); ``model:a#b`` is not."""
    plain = _DUPLICATE.sub("", ref)
    return plain if plain != ref and plain in refs else ref


def _properties(entry: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (p["name"], p["value"])
        for p in as_list(entry.get("properties"))
        if isinstance(p, dict)
        and isinstance(p.get("name"), str)
        and isinstance(p.get("value"), str)
    ]


def _first(properties: list[tuple[str, str]], name: PropertyName) -> str | None:
    return next((value for key, value in properties if key == name.value), None)


def _files(entry: dict[str, Any], properties: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    lone = _sha256(entry)
    path = _first(properties, PropertyName.LOCAL_PATH)
    if lone and path:
        found[path] = lone
    for child in as_list(entry.get("components")):
        if isinstance(child, dict) and isinstance(child.get("name"), str):
            digest = _sha256(child)
            if digest:
                found[child["name"]] = digest
    return tuple(sorted(found.items()))


def _sha256(entry: dict[str, Any]) -> str | None:
    for item in as_list(entry.get("hashes")):
        if isinstance(item, dict) and item.get("alg") == "SHA-256":
            content = item.get("content")
            return content.lower() if isinstance(content, str) else None
    return None


def _terms(properties: list[tuple[str, str]]) -> list[TermState]:
    terms = []
    for name, value in properties:
        if not name.startswith(_TERMS):
            continue
        summary, sep, cited = value.rpartition(" [")
        if not sep or not cited.endswith("]"):
            summary, cited = value, "]"
        license_, _, origin = cited[:-1].partition(_INHERITED)
        term = name.removeprefix(_TERMS).replace("-", "_")
        terms.append(TermState(term, license_, origin or None, summary))
    return terms
