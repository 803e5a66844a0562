"""SPDX 3.0.1 JSON-LD with the AI profile: the project and an ``ai_AIPackage`` per model.

What goes in (spdx-spec v3.0.1, model/AI/Classes/AIPackage and the Core, Software and Licensing
profiles): each model as an ``ai_AIPackage`` with its name, version (pinned commit, Ollama tag or
requested revision), supplier, download location, purl, hashes (``verifiedUsing``: the file itself
for a lone weight file, else one ``software_File`` per pinned file), ``software_primaryPurpose``
``model``, and the AI fields aibom knows (``ai_typeOfModel`` from the config's architectures,
``ai_informationAboutTraining`` from the card's base models and datasets). The AI profile asks
every package for exactly one ``hasConcludedLicense`` and one ``hasDeclaredLicense``: the license
aibom decided is concluded; it is also declared when the model's own files state it (card,
LICENSE, weights), and ``NoAssertionLicense`` stands where nothing is known. A license SPDX lists
is a license expression; any other is a ``CustomLicense`` with its name and official URL (its text
is not copied: a report does not carry license texts).

Nothing is guessed: a release time, a supplier or a download location aibom does not know is left
out, and the package's comment says why a model is unpinned. The ``@graph`` is sorted, ids are
derived from the content, and ``created`` comes from SOURCE_DATE_EPOCH (else the time of the run,
the one value that then changes between runs).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from aibom import __version__
from aibom.core.licensing import LicenseSource, LicenseSummary
from aibom.core.model import Component, Ecosystem, Report
from aibom.core.reproducible import source_date_epoch
from aibom.core.text import xml_safe

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
SPEC_VERSION = "3.0.1"
NO_ASSERTION = "expandedlicensing_NoAssertionLicense"
CREATION = "_:creationinfo"
_HF = "https://huggingface.co/"
_COMMIT = re.compile(r"[0-9a-fA-F]{40}")
# Fixed for good: changing it would change the id of every document ever written.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:aibom:spdx:document")
_DECLARING = frozenset({LicenseSource.LICENSE_FILE, LicenseSource.CARD, LicenseSource.WEIGHTS})

Node = dict[str, Any]


def render_json(report: Report) -> str:
    """The report as an SPDX 3.0.1 JSON-LD document (see the module docstring)."""
    stamp = source_date_epoch() or datetime.now(UTC)
    created = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    draft = _graph(report, "urn:aibom:draft", "1970-01-01T00:00:00Z")
    digest = uuid.uuid5(_NAMESPACE, json.dumps(_clean(draft), sort_keys=True, ensure_ascii=False))
    document = {"@context": CONTEXT, "@graph": _graph(report, f"urn:aibom:{digest}", created)}
    return json.dumps(_clean(document), indent=2, ensure_ascii=False) + "\n"


class _Ids:
    """Element ids under one document base, each derived from what the element is."""

    def __init__(self, base: str) -> None:
        self.base = base

    def of(self, kind: str, *parts: str) -> str:
        if not parts:
            return f"{self.base}:{kind}"
        digest = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
        return f"{self.base}:{kind}-{digest[:24]}"


def _graph(report: Report, base: str, created: str) -> list[Node]:
    ids = _Ids(base)
    tool, agent, project = ids.of("tool"), ids.of("agent"), ids.of("project")
    elements: list[Node] = [
        {"type": "SoftwareAgent", "spdxId": agent, "name": "aibom", "creationInfo": CREATION},
        {"type": "Tool", "spdxId": tool, "name": f"aibom {__version__}", "creationInfo": CREATION},
        _project(report, project),
    ]
    licenses: dict[str, Node] = {}
    models = sorted(report.components, key=lambda c: ids.of("model", c.identity))
    for component in models:
        elements += _model(component, ids, licenses, report.components)
    elements += sorted(licenses.values(), key=lambda n: str(n["spdxId"]))
    if models:
        to = [ids.of("model", c.identity) for c in models]
        elements.append(_relationship(ids, project, "dependsOn", to))
    elements = list({str(e["spdxId"]): e for e in elements}.values())  # a supplier once
    document: Node = {
        "type": "SpdxDocument",
        "spdxId": ids.of("document"),
        "creationInfo": CREATION,
        "name": f"AI models of {report.project}",
        "profileConformance": ["core", "software", "ai", "simpleLicensing", "expandedLicensing"],
        "rootElement": [project],
        "element": sorted(str(e["spdxId"]) for e in elements),
    }
    creation: Node = {
        "type": "CreationInfo",
        "@id": CREATION,
        "specVersion": SPEC_VERSION,
        "created": created,
        "createdBy": [agent],
        "createdUsing": [tool],
    }
    return [creation, document, *elements]


def _project(report: Report, spdx_id: str) -> Node:
    node: Node = {
        "type": "software_Package",
        "spdxId": spdx_id,
        "creationInfo": CREATION,
        "name": report.project,
        "software_primaryPurpose": "application",
    }
    if report.commit:
        node["software_packageVersion"] = report.commit
    return node


def _model(
    component: Component, ids: _Ids, licenses: dict[str, Node], every: tuple[Component, ...]
) -> list[Node]:
    spdx_id = ids.of("model", component.identity)
    package: Node = {
        "type": "ai_AIPackage",
        "spdxId": spdx_id,
        "creationInfo": CREATION,
        "name": _name(component),
        "software_primaryPurpose": "model",
    }
    package |= _where(component)
    nodes: list[Node] = [package]
    supplier = _supplier(component)
    if supplier:
        agent = ids.of("supplier", *supplier)
        package["suppliedBy"] = agent
        nodes.append(
            {"type": supplier[0], "spdxId": agent, "name": supplier[1], "creationInfo": CREATION}
        )
    files = _files(component)
    lone = component.local is not None and len(files) == 1 and files[0][0] == component.local.path
    if lone:
        package["verifiedUsing"] = [_hash(files[0][1])]
    elif files:
        file_ids = []
        for path, sha256 in files:
            file_id = ids.of("file", component.identity, path)
            file_ids.append(file_id)
            nodes.append(_file(file_id, path, sha256))
        nodes.append(_relationship(ids, spdx_id, "contains", file_ids))
    package |= _ai_fields(component)
    nodes += _license_relationships(component, spdx_id, ids, licenses)
    bases = [ids.of("model", c.identity) for c in every if c.name in component.base_models]
    if bases:
        nodes.append(_relationship(ids, spdx_id, "descendantOf", sorted(bases)))
    return nodes


def _name(component: Component) -> str:
    if component.ecosystem is Ecosystem.API_SERVICE and component.provider:
        return f"{component.provider}/{component.name}"
    return component.name


def _where(component: Component) -> Node:
    """Version, download location, purl and a comment for what is unknown."""
    node: Node = {}
    pin = component.pin
    commit = pin.commit if pin and pin.commit else None
    version = commit or component.revision
    if component.ecosystem is Ecosystem.OLLAMA and ":" in component.name and not commit:
        version = component.name.rsplit(":", 1)[1]
    if version:
        node["software_packageVersion"] = version
    if component.ecosystem is Ecosystem.HUGGINGFACE:
        location = _HF + quote(component.name, safe="/-._~")
        if commit:
            location += f"/tree/{quote(commit, safe='')}"
        node["software_downloadLocation"] = location
        node["software_packageUrl"] = _purl(component.name, version)
    notes = []
    if pin is not None and pin.source.value == "none":
        notes.append(f"unpinned: {pin.reason}" if pin.reason else "unpinned")
    if component.ecosystem is Ecosystem.API_SERVICE:
        notes.append("a hosted API model: no weights to download, used under the provider's terms")
    if notes:
        node["comment"] = "; ".join(notes)
    return node


def _purl(name: str, version: str | None) -> str:
    """``pkg:huggingface/<namespace>/<name>@<commit>`` (purl-spec ``huggingface``: the version is
    a commit hash, lower-cased; a branch or tag is no purl version)."""
    namespace, _, short = name.rpartition("/")
    path = "/".join(quote(part, safe="-._~") for part in (namespace, short) if part)
    commit = version if version and _COMMIT.fullmatch(version) else None
    return f"pkg:huggingface/{path}" + (f"@{commit.lower()}" if commit else "")


def _supplier(component: Component) -> tuple[str, str] | None:
    """Who supplies the bytes: the Hub namespace, the Ollama namespace (or the Ollama library),
    the API provider. A Hub namespace may be a person or an organisation: it is an ``Agent``."""
    match component.ecosystem:
        case Ecosystem.HUGGINGFACE:
            return ("Agent", component.group) if component.group else None
        case Ecosystem.OLLAMA:
            base = component.name.split(":", 1)[0]
            return ("Agent", base.rsplit("/", 1)[0]) if "/" in base else ("Organization", "Ollama")
        case Ecosystem.API_SERVICE:
            return ("Organization", component.provider) if component.provider else None
        case _:
            return None


def _files(component: Component) -> list[tuple[str, str]]:
    """(path, sha256) of every file whose content hash is known, sorted by path."""
    found: dict[str, str] = {}
    for weight in component.local.files if component.local else ():
        if weight.sha256:
            found[weight.path] = weight.sha256
    for pinned in component.pin.files if component.pin else ():
        if pinned.sha256:
            found.setdefault(pinned.path, pinned.sha256)
    return sorted(found.items())


def _hash(sha256: str) -> Node:
    return {"type": "Hash", "algorithm": "sha256", "hashValue": sha256.lower()}


def _file(spdx_id: str, path: str, sha256: str) -> Node:
    return {
        "type": "software_File",
        "spdxId": spdx_id,
        "creationInfo": CREATION,
        "name": path,
        "verifiedUsing": [_hash(sha256)],
    }


def _ai_fields(component: Component) -> Node:
    node: Node = {}
    local = component.local
    if local is not None and local.architectures:
        node["ai_typeOfModel"] = sorted(set(local.architectures))
    training = []
    if component.base_models:
        training.append("derived from " + ", ".join(component.base_models))
    if local is not None and local.card is not None and local.card.datasets:
        training.append("datasets named by its card: " + ", ".join(local.card.datasets))
    if training:
        node["ai_informationAboutTraining"] = "; ".join(training)
    return node


def _license_relationships(
    component: Component, spdx_id: str, ids: _Ids, licenses: dict[str, Node]
) -> list[Node]:
    licensing = component.licensing
    summary = licensing.license if licensing else None
    concluded = _license(summary, ids, licenses) if summary else NO_ASSERTION
    declares = licensing is not None and licensing.source in _DECLARING
    declared = concluded if declares else NO_ASSERTION
    return [
        _relationship(ids, spdx_id, "hasConcludedLicense", [concluded]),
        _relationship(ids, spdx_id, "hasDeclaredLicense", [declared]),
    ]


def _license(summary: LicenseSummary, ids: _Ids, licenses: dict[str, Node]) -> str:
    """The id of the license element, made once per license."""
    spdx_id = ids.of("license", summary.key)
    if summary.key in licenses:
        return spdx_id
    if summary.spdx:
        licenses[summary.key] = {
            "type": "simplelicensing_LicenseExpression",
            "spdxId": spdx_id,
            "creationInfo": CREATION,
            "simplelicensing_licenseExpression": summary.spdx,
        }
        return spdx_id
    version = f", version {summary.version}" if summary.version else ""
    where = f" at {summary.url}" if summary.url else ""
    node: Node = {
        "type": "expandedlicensing_CustomLicense",
        "spdxId": spdx_id,
        "creationInfo": CREATION,
        "name": summary.name,
        "simplelicensing_licenseText": (
            f"{summary.name}{version}: the full text is published{where}; aibom does not copy "
            "license texts into SBOMs."
        ),
        "comment": f"{summary.sbom_id}; provider {summary.provider or 'not recorded'}",
    }
    if summary.url and summary.url.startswith(("http://", "https://")):
        node["expandedlicensing_seeAlso"] = [summary.url]
    licenses[summary.key] = node
    return spdx_id


def _relationship(ids: _Ids, source: str, kind: str, targets: list[str]) -> Node:
    return {
        "type": "Relationship",
        "spdxId": ids.of("relationship", source, kind, *targets),
        "creationInfo": CREATION,
        "from": source,
        "relationshipType": kind,
        "to": targets,
    }


def _clean(value: Any) -> Any:
    """Every string fit for UTF-8 JSON-LD (an undecodable file name shown as U+FFFD)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value
