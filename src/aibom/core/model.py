"""The core types every stage takes and returns: plain frozen data, no behaviour beyond ordering."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aibom.core.licensing import Licensing


Progress = Callable[[int], None]  # called with the number of files scanned so far
Messages = Callable[[str], None]  # called with a one-line progress message of long work


class Ecosystem(StrEnum):
    """Where a model lives, which decides how it is pinned and which purl type names it."""

    HUGGINGFACE = "huggingface"
    OLLAMA = "ollama"
    API_SERVICE = "api-service"
    LOCAL_FILE = "local-file"


class Role(StrEnum):
    """What the code does with a model: only dependencies are components of the SBOM."""

    DEPENDENCY = "dependency"  # loaded, served, downloaded, fine-tuned from, distilled from, called
    MENTION = "mention"  # named in documentation prose or a comment: listed with --include-docs
    OUTPUT = "output"  # produced by a recipe (hub_model_id, push_to_hub target)


class Confidence(StrEnum):
    """How sure a detector is that the string is the model the code uses."""

    HIGH = "high"  # a literal in a place that only takes a model
    MEDIUM = "medium"  # a literal reached through constant flow or a generic key
    LOW = "low"  # an expression that could not be resolved statically


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a reference was seen: the file relative to the scan root, 1-based line and column."""

    path: str
    line: int
    column: int
    snippet: str
    detector: str
    confidence: Confidence = Confidence.HIGH


@dataclass(frozen=True)
class ModelRef:
    """One sighting of a model identifier in the tree.

    ``raw`` is the identifier as written; ``name`` is the normalised identifier that identical
    references share (``hf.co/Org/Name`` and ``https://huggingface.co/Org/Name`` both become
    ``Org/Name``). ``provider`` names the hosting API or organisation where one is known.
    """

    raw: str
    name: str
    ecosystem: Ecosystem
    evidence: Evidence
    revision: str | None = None
    provider: str | None = None
    role: Role = Role.DEPENDENCY

    @property
    def key(self) -> tuple[str, str, str]:
        """The identity under which sightings merge: ecosystem, provider, case-folded name."""
        provider = (self.provider or "") if self.ecosystem is Ecosystem.API_SERVICE else ""
        return (self.ecosystem.value, provider, self.name.casefold())


@dataclass(frozen=True)
class UnresolvedRef:
    """A model argument whose value is not a constant: kept visible, never guessed."""

    expression: str
    evidence: Evidence


@dataclass(frozen=True, order=True)
class WeightFile:
    """A local weight or model file: its format and the metadata read from its header."""

    path: str
    size: int
    format: str  # safetensors | gguf | onnx | pytorch | pickle | checkpoint | config
    metadata: tuple[tuple[str, str], ...] = ()
    sha256: str | None = None


@dataclass(frozen=True, order=True)
class LicenseFile:
    """A license text found beside a model's files (``LICENSE``, ``LICENSE-MODEL``, ``NOTICE``).

    ``text`` is kept (bounded) so the license stage can identify it without reading files again.
    """

    path: str
    sha256: str
    text: str = field(default="", repr=False, compare=False, metadata={"transient": True})


@dataclass(frozen=True)
class ModelCard:
    """The fields of a Hugging Face model card's YAML front matter that bear on licensing."""

    path: str
    license: str | None = None
    license_name: str | None = None
    license_link: str | None = None
    base_model: tuple[str, ...] = ()
    base_model_relation: str | None = None
    datasets: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    library_name: str | None = None
    model_name: str | None = None


@dataclass(frozen=True)
class LocalModel:
    """A folder (or lone file) holding weights, a card or a config: one local-model component."""

    path: str  # the folder, or the file itself for a lone weight file
    files: tuple[WeightFile, ...] = ()
    card: ModelCard | None = None
    name_or_path: str | None = None  # config.json `_name_or_path`, GGUF `general.name`
    architectures: tuple[str, ...] = ()
    base_model: tuple[str, ...] = ()  # from the card, GGUF general.base_model.*, config
    license: str | None = None  # as declared by the card or weight metadata
    license_files: tuple[LicenseFile, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A file the scan did not read, and why (binary, too large, not UTF-8, unparsable...)."""

    path: str
    reason: str


class PinSource(StrEnum):
    """Which source pinned a reference to exact bytes (resolve stage, first that answers wins)."""

    LOCKFILE = "lockfile"  # aibom.lock in the scanned repository
    HF_CACHE = "hf-cache"  # the local Hugging Face cache, offline
    HUB = "hub"  # the Hugging Face Hub API (only with --online)
    LOCAL_FILE = "local-file"  # the weight files themselves, hashed
    OLLAMA_STORE = "ollama-store"  # the local Ollama manifests
    NONE = "none"  # nothing could pin it: see Pin.reason


@dataclass(frozen=True, order=True)
class PinnedFile:
    """One file of a pinned model: its path in the repository or folder, size and hashes."""

    path: str
    size: int | None = None
    sha256: str | None = None  # LFS files and local files; the content hash
    git_oid: str | None = None  # the git blob id, for small (non-LFS) files on the Hub


@dataclass(frozen=True)
class Pin:
    """Exactly which bytes a reference means, and what its repository said when pinned."""

    source: PinSource
    commit: str | None = None  # Hub commit sha, or Ollama manifest digest (sha256:...)
    requested: str | None = None  # the branch, tag or revision the code asked for
    files: tuple[PinnedFile, ...] = ()
    gated: bool | None = None
    card_license: str | None = None
    card_license_name: str | None = None
    card_license_link: str | None = None
    base_models: tuple[str, ...] = ()
    license_text_sha256: str | None = None
    resolved_at: str | None = None  # ISO 8601, when the lock entry was made
    reason: str | None = None  # why it stays unpinned (source NONE), or what went wrong
    drift: tuple[str, ...] = ()  # differences between the lockfile and what is here now


MODEL_REF_PREFIX = "model:"  # every model's identity, and bom-ref, starts with it


@dataclass(frozen=True)
class Component:
    """A model the project depends on: every sighting of one identity, merged."""

    name: str
    ecosystem: Ecosystem
    evidence: tuple[Evidence, ...]
    revisions: tuple[str, ...] = ()
    provider: str | None = None
    local: LocalModel | None = None
    base_models: tuple[str, ...] = ()  # names of other components (or external ids) it derives from
    raw_names: tuple[str, ...] = ()
    licensing: Licensing | None = None  # set by the license stage
    pin: Pin | None = None  # set by the resolve stage

    @property
    def group(self) -> str | None:
        """The organisation part of a Hugging Face id (``meta-llama`` in ``meta-llama/Llama-3``)."""
        if self.ecosystem is Ecosystem.HUGGINGFACE and "/" in self.name:
            return self.name.split("/", 1)[0]
        return None

    @property
    def short_name(self) -> str:
        """The name without its organisation."""
        return self.name.rsplit("/", 1)[-1] if self.group else self.name

    @property
    def identity(self) -> str:
        """``model:<ecosystem>/<name>`` (API models: ``model:api-service/<provider>/<name>``).

        What makes two components the same model across reports: the CycloneDX bom-ref, and what
        a baseline SBOM is compared by.
        """
        provider = (
            f"{self.provider}/" if self.ecosystem is Ecosystem.API_SERVICE and self.provider else ""
        )
        return f"{MODEL_REF_PREFIX}{self.ecosystem.value}/{provider}{self.name}"

    @property
    def revision(self) -> str | None:
        """The single requested revision, when all sightings agree on one."""
        return self.revisions[0] if len(self.revisions) == 1 else None


@dataclass(frozen=True)
class ScanStats:
    """Counts that let a user judge the scan's coverage."""

    files_seen: int = 0
    files_read: int = 0
    bytes_read: int = 0
    per_detector: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Discovery:
    """What the discover stage found in a tree."""

    refs: tuple[ModelRef, ...]
    local_models: tuple[LocalModel, ...] = ()
    unresolved: tuple[UnresolvedRef, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    stats: ScanStats = field(default_factory=ScanStats)


@dataclass(frozen=True)
class Report:
    """The result of a scan: the project, its model components and everything worth telling."""

    project: str
    root: str
    components: tuple[Component, ...]
    outputs: tuple[ModelRef, ...] = ()
    mentions: tuple[ModelRef, ...] = ()
    unresolved: tuple[UnresolvedRef, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    stats: ScanStats = field(default_factory=ScanStats)
    lock_problems: tuple[str, ...] = ()  # with --locked: missing lock entries and drift
    hub_calls: int = 0  # requests made to the Hub (online only)
    policy: str | None = None  # the policy evaluated, by name or path
    findings: tuple[Finding, ...] = ()  # set by the evaluate stage; waived ones included
    policy_notes: tuple[str, ...] = ()  # expired and stale waivers, unknown rule ids...
    commit: str | None = None  # git HEAD of the scanned tree, when it is in a git work tree
    evaluated_on: str | None = None  # ISO date the policy was evaluated (waivers judged) on


class Severity(StrEnum):
    """How much a policy finding matters; ``--fail-on`` picks the level that fails a build.

    Members are declared from least to most severe: that order is the one severity order.
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _SEVERITY_RANKS[self]

    def at_least(self, floor: Severity) -> bool:
        """Whether this severity reaches ``floor`` (``--fail-on``)."""
        return self.rank >= floor.rank


_SEVERITY_RANKS = {severity: rank for rank, severity in enumerate(Severity)}


@dataclass(frozen=True)
class Waiver:
    """An approved exception to policy rules, until it expires."""

    model: str  # a model id or glob
    rules: tuple[str, ...] = ()  # empty: every rule
    paths: tuple[str, ...] = ()  # globs of evidence paths; empty: anywhere
    reason: str = ""
    owner: str = ""
    approver: str = ""
    ticket: str = ""
    expires: str = ""  # ISO date; the waiver stops applying after it
    line: int = 0  # where it is written in the policy file


@dataclass(frozen=True)
class Finding:
    """One policy result: a rule, how severe, which model, why, and where in the code.

    ``term_*`` cite the license term the rule compared (clause and verbatim quote), so a reader
    can check it against the text; ``waiver`` is set when an unexpired waiver covers it, and
    ``expired_waiver`` when only an expired one does: the finding counts again, and a reviewer
    sees who had approved it until when.
    """

    rule: str  # kebab-case rule id, stable across versions (SARIF ruleId)
    severity: Severity
    model: str  # the component's name
    message: str
    hint: str = ""  # a one-line fix
    evidence: tuple[Evidence, ...] = ()
    license: str | None = None  # license_db key the finding is about
    term: str | None = None
    term_clause: str | None = None
    term_quote: str | None = None
    origin: str | None = None  # the base model a term is inherited from, when it is
    waiver: Waiver | None = None
    expired_waiver: Waiver | None = None  # a waiver that covered it until it expired


def finding_order(finding: Finding) -> tuple[object, ...]:
    """Most severe first, then rule, model, license and message: the same order in every report."""
    return (
        -finding.severity.rank,
        finding.rule,
        finding.model.casefold(),
        finding.model,
        finding.license or "",
        finding.origin or "",
        finding.term or "",
        finding.message,
        finding.evidence,
    )
