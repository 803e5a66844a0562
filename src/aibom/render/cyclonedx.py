"""Render a report as a CycloneDX ML-BOM (JSON or XML, spec 1.5 to 1.7): valid and byte-stable."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, assert_never

from cyclonedx.contrib.license.factories import LicenseFactory
from cyclonedx.exception.model import InvalidUriException
from cyclonedx.model import HashAlgorithm, HashType, Property, XsUri
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component as CdxComponent
from cyclonedx.model.component import ComponentType
from cyclonedx.model.component_evidence import (
    AnalysisTechnique,
    ComponentEvidence,
    Identity,
    IdentityField,
    Method,
    Occurrence,
)
from cyclonedx.model.contact import OrganizationalEntity
from cyclonedx.model.dependency import Dependency
from cyclonedx.model.license import DisjunctiveLicense, License, LicenseAcknowledgement
from cyclonedx.model.service import Service
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output import make_outputter
from cyclonedx.schema import OutputFormat, SchemaVersion
from packageurl import PackageURL

from aibom import __version__
from aibom.core.licensing import LicenseSource
from aibom.core.model import (
    Component,
    Confidence,
    Ecosystem,
    Evidence,
    LocalModel,
    Report,
    WeightFile,
)
from aibom.core.reproducible import source_date_epoch
from aibom.core.text import xml_safe
from aibom.licenses.summary import describe_effective
from aibom.render.cyclonedx_modelcard import Card, finish_json, finish_xml, model_card
from aibom.render.properties import PropertyName

SPEC_VERSIONS = ("1.5", "1.6", "1.7")
PROJECT_REF = "project"

# Identity confidence, 0..1 (CycloneDX 1.5+ componentEvidence.identity.confidence).
_CONFIDENCE = {
    Confidence.HIGH: Decimal("0.9"),
    Confidence.MEDIUM: Decimal("0.6"),
    Confidence.LOW: Decimal("0.3"),
}
# Ollama has no purl type (purl-spec PURL-TYPES: no `ollama`; `oci` needs the manifest digest as
# its version, which a tag is not), so a tag is named with the `generic` type and the registry
# with the core `repository_url` qualifier.
_OLLAMA_REGISTRY = "registry.ollama.ai"
# purl-spec `huggingface` type: the version is the Git commit hash, lower-cased.
_COMMIT = re.compile(r"[0-9a-fA-F]{40}")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
# A conservative subset of RFC 3987 iri-reference (the JSON schema's format for license urls):
# http(s) URLs and scheme-less relative paths; anything else is dropped rather than made invalid.
_URL = re.compile(
    r"(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?=[/?#]|$)|(?!//))[\w\-.~!$&'()*+,;=@/%]*"
    r"(?:\?[\w\-.~!$&'()*+,;=:@/?%]*)?(?:#[\w\-.~!$&'()*+,;=:@/?%]*)?",
    re.ASCII,
)
# Fixed for good: changing it would change the serial number of every BOM ever written.
_SERIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:aibom:cyclonedx:serial-number")
_NIL_SERIAL = uuid.UUID(int=0)
_LICENSES = LicenseFactory()
_JSON_HEAD = ("$schema", "bomFormat", "specVersion", "serialNumber", "version", "metadata")


def render_json(report: Report, spec: str = "1.6") -> str:
    """The report as a CycloneDX JSON document of version ``spec`` (one of SPEC_VERSIONS).

    Deterministic: the serialNumber is a UUIDv5 of the content itself (without serial and
    timestamp), and ``metadata.timestamp`` is written only when SOURCE_DATE_EPOCH is set (from it),
    so two runs over the same tree give the same bytes. Raises ValueError for an unsupported
    ``spec`` or a malformed SOURCE_DATE_EPOCH.
    """
    document = _json_document(report, _schema_version(spec), _timestamp())
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_xml(report: Report, spec: str = "1.6") -> str:
    """The report as a CycloneDX XML document of version ``spec``, with the modelCard included.

    Deterministic like :func:`render_json`, whose serialNumber it shares: both are renderings of
    one BOM. Returned as text to be written encoded as UTF-8. Raises ValueError like it too.
    """
    version = _schema_version(spec)
    timestamp = _timestamp()
    serial = _json_document(report, version, timestamp)["serialNumber"]
    built = _build(report, version, uuid.UUID(serial.removeprefix("urn:uuid:")), timestamp)
    text = make_outputter(built.bom, OutputFormat.XML, version).output_as_string()
    return finish_xml(text, built.cards, timestamp=timestamp is not None)


def _schema_version(spec: str) -> SchemaVersion:
    if spec not in SPEC_VERSIONS:
        raise ValueError(
            f"unsupported CycloneDX version {spec!r} (use one of {', '.join(SPEC_VERSIONS)})"
        )
    return SchemaVersion.from_version(spec)


def _timestamp() -> datetime | None:
    return source_date_epoch()


def _json_document(
    report: Report, version: SchemaVersion, timestamp: datetime | None
) -> dict[str, Any]:
    built = _build(report, version, _NIL_SERIAL, timestamp)
    document: dict[str, Any] = json.loads(
        make_outputter(built.bom, OutputFormat.JSON, version).output_as_string()
    )
    finish_json(document, built.cards, timestamp=timestamp is not None)
    document["serialNumber"] = _serial(document)
    head = {key: document[key] for key in _JSON_HEAD if key in document}
    return head | {key: value for key, value in document.items() if key not in head}


def _serial(document: dict[str, Any]) -> str:
    """``urn:uuid:`` and a UUIDv5 of the document without its serial number and timestamp."""
    content = {key: value for key, value in document.items() if key != "serialNumber"}
    content["metadata"] = {k: v for k, v in document["metadata"].items() if k != "timestamp"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return uuid.uuid5(_SERIAL_NAMESPACE, text).urn


@dataclass(frozen=True)
class _Built:
    bom: Bom
    cards: dict[str, Card]  # modelCard by component bom-ref, added after the library has written


@dataclass(frozen=True)
class _Entry:
    model: Component
    node: CdxComponent | Service


class _Refs:
    """Hands out bom-refs, which CycloneDX requires to be unique within a BOM."""

    def __init__(self) -> None:
        self._taken = {PROJECT_REF}

    def take(self, wanted: str) -> str:
        ref, suffix = wanted, 2
        while ref in self._taken:
            ref, suffix = f"{wanted}#{suffix}", suffix + 1
        self._taken.add(ref)
        return ref


def _build(
    report: Report, version: SchemaVersion, serial: uuid.UUID, timestamp: datetime | None
) -> _Built:
    refs = _Refs()
    project = CdxComponent(
        type=ComponentType.APPLICATION,
        name=xml_safe(report.project),
        bom_ref=PROJECT_REF,
        properties=_properties([(PropertyName.OUTPUT_MODEL, ref.name) for ref in report.outputs]),
    )
    entries = [_entry(model, refs, version) for model in sorted(set(report.components), key=repr)]
    tool = CdxComponent(type=ComponentType.APPLICATION, name="aibom", version=__version__)
    metadata = BomMetaData(
        tools=ToolRepository(components=[tool]), component=project, timestamp=timestamp
    )
    bom = Bom(
        serial_number=serial,
        metadata=metadata,
        components=[entry.node for entry in entries if isinstance(entry.node, CdxComponent)],
        services=[entry.node for entry in entries if isinstance(entry.node, Service)],
        dependencies=_dependencies(project, entries),
    )
    cards = {str(e.node.bom_ref): card for e in entries if (card := _card(e)) is not None}
    return _Built(bom, cards)


def _card(entry: _Entry) -> Card | None:
    return model_card(entry.model) if isinstance(entry.node, CdxComponent) else None


def _dependencies(project: CdxComponent, entries: list[_Entry]) -> list[Dependency]:
    """The project depends on every model; a model on each base model that is itself in the BOM."""
    by_name: dict[str, list[_Entry]] = {}
    for entry in entries:
        if isinstance(entry.node, CdxComponent):
            by_name.setdefault(entry.model.name.casefold(), []).append(entry)
    graph = [Dependency(project.bom_ref, [Dependency(entry.node.bom_ref) for entry in entries])]
    for entry in entries:
        bases = {
            base.node.bom_ref
            for name in entry.model.base_models
            for base in by_name.get(name.casefold(), [])
            if base is not entry
        }
        graph.append(Dependency(entry.node.bom_ref, [Dependency(ref) for ref in bases]))
    return graph


def _entry(model: Component, refs: _Refs, version: SchemaVersion) -> _Entry:
    """A hosted API model becomes a service; every other model a machine-learning-model."""
    ref = refs.take(xml_safe(model.identity))
    if model.ecosystem is Ecosystem.API_SERVICE:
        return _Entry(model, _service(model, ref))
    return _Entry(model, _component(model, ref, refs, version))


def _service(model: Component, ref: str) -> Service:
    group, name, version = _identity(model)
    return Service(
        name=xml_safe(name),
        bom_ref=ref,
        provider=OrganizationalEntity(name=xml_safe(model.provider)) if model.provider else None,
        group=_optional(group),
        version=_optional(version),
        properties=_properties(_facts(model) + _occurrence_facts(model.evidence)),
    )


def _component(model: Component, ref: str, refs: _Refs, version: SchemaVersion) -> CdxComponent:
    group, name, model_version = _identity(model)
    purl = _purl(model, group, name, model_version)
    lone = _lone_file(model.local)
    return CdxComponent(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=ref,
        name=xml_safe(name),
        group=_optional(group),
        version=_optional(model_version),
        purl=purl,
        hashes=_hashes(_sha256_of(model, lone.path)) if lone else [],
        licenses=_licenses(model),
        properties=_properties(_facts(model)),
        components=_files(model, ref, refs),
        evidence=_evidence(model.evidence, version, purl is not None),
    )


def _optional(value: str | None) -> str | None:
    return xml_safe(value) if value else None


def _identity(model: Component) -> tuple[str | None, str, str | None]:
    """Group, name and version as CycloneDX puts them, by ecosystem."""
    match model.ecosystem:
        case Ecosystem.HUGGINGFACE:
            pinned = model.pin.commit if model.pin and model.pin.commit else None
            return model.group, model.short_name, pinned or model.revision
        case Ecosystem.OLLAMA:
            base, _, tag = model.name.partition(":")
            namespace, _, short = base.rpartition("/")
            return namespace or None, short, tag or model.revision
        case Ecosystem.API_SERVICE:
            return model.provider, model.name, model.revision
        case Ecosystem.LOCAL_FILE:
            return None, model.name, model.revision
        case _:
            assert_never(model.ecosystem)


def _purl(model: Component, group: str | None, name: str, version: str | None) -> PackageURL | None:
    match model.ecosystem:
        case Ecosystem.HUGGINGFACE:
            commit = version if version and _COMMIT.fullmatch(version) else None
            return PackageURL(type="huggingface", namespace=group, name=name, version=commit)
        case Ecosystem.OLLAMA:
            return PackageURL(
                type="generic",
                namespace=group,
                name=name,
                version=version,
                qualifiers={"repository_url": _OLLAMA_REGISTRY},
            )
        case Ecosystem.LOCAL_FILE:
            lone = _lone_file(model.local)
            sha256 = _sha256_of(model, lone.path) if lone else None
            digest = sha256.lower() if sha256 and _SHA256.fullmatch(sha256) else None
            base = PurePosixPath(name.replace("\\", "/")).name
            # purl-spec `generic`: the `checksum` qualifier pins the exact bytes.
            qualifiers = {"checksum": f"sha256:{digest}"} if digest else None
            return PackageURL(type="generic", name=base, qualifiers=qualifiers) if base else None
        case Ecosystem.API_SERVICE:
            return None
        case _:
            assert_never(model.ecosystem)


def _lone_file(local: LocalModel | None) -> WeightFile | None:
    """The weight file that is the whole local model, when the model is one file."""
    if local is None:
        return None
    return next((file for file in local.files if file.path == local.path), None)


def _hashes(sha256: str | None) -> list[HashType]:
    if sha256 is None or not _SHA256.fullmatch(sha256):
        return []
    return [HashType(alg=HashAlgorithm.SHA_256, content=sha256.lower())]


def _files(model: Component, parent: str, refs: _Refs) -> list[CdxComponent]:
    """A model's files as nested `file` components, each with its sha256: exactly which bytes.

    A local folder lists its weight files (with their format); a pinned Hub or Ollama model the
    files its pin names. A lone weight file is the component itself and has no nested files.
    """
    if model.local is not None:
        if _lone_file(model.local) is not None:
            return []
        files = [(f.path, [(PropertyName.WEIGHT_FORMAT, f.format)]) for f in model.local.files]
    elif model.pin is not None:
        files = [(f.path, []) for f in model.pin.files]
    else:
        return []
    return [
        CdxComponent(
            type=ComponentType.FILE,
            name=xml_safe(path),
            bom_ref=refs.take(xml_safe(f"{parent}#{path}")),
            hashes=_hashes(_sha256_of(model, path)),
            properties=_properties(list(facts)),
        )
        for path, facts in sorted({(p, tuple(f)) for p, f in files})
    ]


def _sha256_of(model: Component, path: str) -> str | None:
    """A file's sha256: read from the weights' own metadata, or hashed by the resolve stage."""
    if model.local is not None:
        for weight in model.local.files:
            if weight.path == path and weight.sha256:
                return weight.sha256
    if model.pin is not None:
        for pinned in model.pin.files:
            if pinned.path == path and pinned.sha256:
                return pinned.sha256
    return None


def _licenses(model: Component) -> list[License]:
    """The decided license: its SPDX id, or a named ``LicenseRef-`` license with its URL.

    A license aibom identified is ``concluded`` when only the known-models table said so, and
    ``declared`` when the model's own files (card, LICENSE, weights) state it.
    """
    licensing = model.licensing
    entry = licensing.license if licensing else None
    if licensing is None or entry is None:
        return _declared_licenses(model.local)
    ack = (
        LicenseAcknowledgement.CONCLUDED
        if licensing.source is LicenseSource.KNOWN_MODEL
        else LicenseAcknowledgement.DECLARED
    )
    url = _url(entry.url) if entry.url else None
    if entry.spdx:
        return [DisjunctiveLicense(id=entry.spdx, url=url, acknowledgement=ack)]
    name = Property(name=PropertyName.LICENSE_NAME.value, value=xml_safe(entry.name))
    return [DisjunctiveLicense(name=entry.sbom_id, url=url, acknowledgement=ack, properties=[name])]


def _declared_licenses(local: LocalModel | None) -> list[License]:
    """A license aibom does not know, as the card or weights declare it."""
    if local is None:
        return []
    card = local.card
    declared = (card.license if card else None) or local.license
    url = _url(card.license_link) if card and card.license_link else None
    ack = LicenseAcknowledgement.DECLARED
    if declared and declared.casefold() != "other":
        return [
            _LICENSES.make_from_string(
                xml_safe(declared), license_url=url, license_acknowledgement=ack
            )
        ]
    name = (card.license_name if card else None) or declared
    return [DisjunctiveLicense(name=xml_safe(name), url=url, acknowledgement=ack)] if name else []


def _url(value: str) -> XsUri | None:
    try:
        uri = XsUri(value.strip())
    except InvalidUriException:
        return None
    return uri if str(uri) and _URL.fullmatch(str(uri)) else None


def _evidence(
    evidence: tuple[Evidence, ...], version: SchemaVersion, has_purl: bool
) -> ComponentEvidence | None:
    if not evidence:
        return None
    confidence = _CONFIDENCE[_best(evidence)]
    identity = Identity(
        field=IdentityField.PURL if has_purl else IdentityField.NAME,
        confidence=confidence,
        methods=[Method(technique=AnalysisTechnique.SOURCE_CODE_ANALYSIS, confidence=confidence)],
    )
    if version is SchemaVersion.V1_5:
        # 1.5 occurrences hold a location only (line and offset came in 1.6): one per file.
        occurrences = [
            Occurrence(location=xml_safe(path)) for path in sorted({e.path for e in evidence})
        ]
    else:
        # The snippet is left out on purpose: a source line may carry a secret next to the model.
        places = sorted({(e.path, max(e.line, 0), max(e.column, 0)) for e in evidence})
        occurrences = [
            Occurrence(location=xml_safe(p), line=ln, offset=col) for p, ln, col in places
        ]
    return ComponentEvidence(identity=[identity], occurrences=occurrences)


def _best(evidence: tuple[Evidence, ...]) -> Confidence:
    order = list(Confidence)
    return min((e.confidence for e in evidence), key=order.index)


def _facts(model: Component) -> list[tuple[PropertyName, str]]:
    """What the SBOM fields cannot say about a model, as aibom properties."""
    facts = [(PropertyName.ECOSYSTEM, model.ecosystem.value)]
    facts += [(PropertyName.PROVIDER, model.provider)] if model.provider else []
    facts += [(PropertyName.REQUESTED_REVISION, revision) for revision in model.revisions]
    facts += [(PropertyName.CONFIDENCE, _best(model.evidence).value)] if model.evidence else []
    facts += [(PropertyName.DETECTOR, e.detector) for e in model.evidence]
    facts += [(PropertyName.RAW_NAME, raw) for raw in model.raw_names if raw != model.name]
    facts += [(PropertyName.BASE_MODEL, base) for base in model.base_models]
    if model.local is not None:
        facts.append((PropertyName.LOCAL_PATH, model.local.path))
        facts += [(PropertyName.WEIGHT_FORMAT, file.format) for file in model.local.files]
    return facts + _pin_facts(model) + _license_facts(model)


def _pin_facts(model: Component) -> list[tuple[PropertyName, str]]:
    pin = model.pin
    if pin is None:
        return []
    facts = [(PropertyName.PIN_SOURCE, pin.source.value)]
    facts += [(PropertyName.PINNED_COMMIT, pin.commit)] if pin.commit else []
    facts += [(PropertyName.UNPINNED_REASON, pin.reason)] if pin.reason else []
    facts += [(PropertyName.GATED, "true")] if pin.gated else []
    facts += [(PropertyName.LOCK_DRIFT, drift) for drift in pin.drift]
    return facts


def _license_facts(model: Component) -> list[tuple[PropertyName, str]]:
    """The license decision and every effective term, each saying where it comes from."""
    licensing = model.licensing
    if licensing is None:
        return []
    facts = [(PropertyName.LICENSE_SOURCE, licensing.source.value)]
    facts += [(PropertyName.LICENSE_KEY, licensing.key)] if licensing.key else []
    facts += [(PropertyName.LICENSE_UNVERIFIED, "true")] if licensing.unverified else []
    facts += [(PropertyName.MULTIMODAL, "true")] if licensing.multimodal else []
    facts += [(PropertyName.LICENSE_CHANGED_TEXT, "true")] if licensing.changed_text else []
    facts += [
        (PropertyName.LICENSE_CONFLICT, f"{c.source}: {c.declared} ({c.key})")
        for c in licensing.conflicts
    ]
    facts += [(PropertyName.LINEAGE, base) for base in licensing.lineage]
    facts += [
        (PropertyName.for_term(t.term.name), describe_effective(t, model.name))
        for t in licensing.effective_terms
    ]
    return facts


def _occurrence_facts(evidence: tuple[Evidence, ...]) -> list[tuple[PropertyName, str]]:
    """Where a service is called: services have no evidence element in CycloneDX."""
    return [(PropertyName.OCCURRENCE, f"{e.path}:{e.line}:{e.column}") for e in evidence]


def _properties(facts: list[tuple[PropertyName, str]]) -> list[Property]:
    return [Property(name=name.value, value=xml_safe(value)) for name, value in sorted(set(facts))]
