"""What changed between two scans, for a legal review: models, pins, licenses, terms, findings.

Both sides are first reduced to a :class:`Snapshot` (from an aibom JSON report here, from an
aibom CycloneDX SBOM in :mod:`aibom.render.diff_cyclonedx`), holding only what the input records;
what it cannot tell is ``None`` and is named in the diff as not compared, never guessed. Models
are matched by identity (``model:<ecosystem>/<name>``, case-folded as sightings merge).

License-relevant, so a CI should ask for a review (exit 1): a model added; a license changed (key,
version or text fingerprint); a term added, removed or reworded; a finding that is new and open,
or that got worse (more severe, or no longer waived). Listed but not relevant: a model re-pinned
under the same license, a model removed, a finding gone: they take obligations away, never add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from aibom.core.licensing import Licensing
from aibom.core.model import Component, Ecosystem, Finding, Report, Severity
from aibom.core.text import xml_safe
from aibom.licenses.summary import describe

OPEN, EXPIRED, WAIVED = "open", "waiver expired", "waived"
CHANGED_TEXT = "differs from the official text"


class Fact(StrEnum):
    """Something one kind of input may not record, and so a diff may not compare."""

    FINDINGS = "findings"
    LICENSE_VERSION = "license-version"
    LICENSE_TEXT = "license-text"
    QUOTES = "quotes"

    @property
    def words(self) -> str:
        """What is left out of the comparison, for the reader."""
        return _FACT_WORDS[self]


_FACT_WORDS = {
    Fact.FINDINGS: "policy findings",
    Fact.LICENSE_VERSION: "license versions (the license key still names the version)",
    Fact.LICENSE_TEXT: "LICENSE text fingerprints (a changed text is still marked)",
    Fact.QUOTES: "the quoted clause texts (the term summaries and clauses are compared)",
}
_STATUS_RANK = {WAIVED: 0, EXPIRED: 1, OPEN: 2}


@dataclass(frozen=True, order=True)
class TermState:
    """One effective term, as both inputs can state it: its summary with the clause."""

    name: str  # license_db term name (user_threshold)
    license: str
    origin: str | None  # the base model it is inherited from; None: the model's own
    summary: str
    quote: str | None = None  # only an aibom JSON report carries the quote


@dataclass(frozen=True)
class ModelState:
    """What one input says about one model."""

    identity: str  # case-folded identity: what models are matched by
    name: str  # as shown: the identity without its prefix and ecosystem
    commit: str | None
    files: tuple[tuple[str, str], ...]  # (path, content hash) of every hashed file
    license: str | None  # license_db key; None: unknown
    license_version: str | None
    fingerprint: str | None  # the LICENSE text's hash, or a mark that it differs from the official
    terms: tuple[TermState, ...]


@dataclass(frozen=True)
class FindingState:
    """A policy finding, merged over its pieces (a path-scoped waiver splits one in two)."""

    model: str
    rule: str
    license: str | None
    term: str | None
    origin: str | None
    severity: Severity
    status: str  # open | waiver expired | waived: the worst of its pieces
    message: str

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (
            self.model.casefold(),
            self.rule,
            self.license or "",
            self.term or "",
            self.origin or "",
        )


@dataclass(frozen=True)
class Snapshot:
    """One side of a diff: its models and, where the input records them, its findings."""

    source: str  # "aibom JSON report" | "aibom CycloneDX SBOM"
    project: str | None
    commit: str | None
    models: tuple[ModelState, ...]
    findings: tuple[FindingState, ...] | None  # None: the input records no findings
    policy: str | None = None
    unknown: dict[Fact, str] = field(default_factory=dict)  # what it cannot tell, and why


@dataclass(frozen=True)
class Change:
    """One fact of one model, before and after."""

    model: str
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class Diff:
    """Every difference between ``old`` and ``new``, and whether any is license-relevant."""

    old: Snapshot
    new: Snapshot
    added: tuple[ModelState, ...] = ()
    removed: tuple[ModelState, ...] = ()
    repinned: tuple[Change, ...] = ()
    licenses: tuple[Change, ...] = ()
    terms: tuple[Change, ...] = ()
    findings_new: tuple[FindingState, ...] = ()
    findings_gone: tuple[FindingState, ...] = ()
    findings_changed: tuple[Change, ...] = ()
    worse: tuple[Change, ...] = field(default=(), repr=False)  # the changed findings that count
    not_compared: tuple[str, ...] = ()

    @property
    def relevant(self) -> bool:
        """Whether a legal review is needed (exit 1): see the module docstring."""
        opened = any(f.status != WAIVED for f in self.findings_new)
        return bool(self.added or self.licenses or self.terms or opened or self.worse)


def snapshot(report: Report) -> Snapshot:
    """What an aibom JSON report says, every field of it known."""
    identities = {c.name: _identity(c) for c in report.components}
    return Snapshot(
        source="aibom JSON report",
        project=report.project,
        commit=report.commit,
        models=tuple(sorted((_model(c) for c in report.components), key=lambda m: m.identity)),
        findings=_findings(report.findings, identities) if report.policy is not None else None,
        policy=report.policy,
        unknown={} if report.policy is not None else {Fact.FINDINGS: "no policy was evaluated"},
    )


def shown_name(identity: str) -> str:
    """``model:huggingface/org/name`` -> ``org/name``; a service keeps its provider."""
    return identity.split(":", 1)[-1].split("/", 1)[-1]


def _identity(component: Component) -> str:
    return xml_safe(component.identity)


def _model(component: Component) -> ModelState:
    identity = _identity(component)
    licensing = component.licensing
    summary = licensing.license if licensing else None
    return ModelState(
        identity=identity.casefold(),
        name=shown_name(identity),
        commit=component.pin.commit if component.pin else None,
        files=_files(component),
        license=None
        if component.ecosystem is Ecosystem.API_SERVICE
        else (licensing.key if licensing else None),
        license_version=summary.version if summary else None,
        fingerprint=_fingerprint(component),
        terms=_terms(component, licensing),
    )


def _files(component: Component) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for weight in component.local.files if component.local else ():
        if weight.sha256:
            found[xml_safe(weight.path)] = weight.sha256.lower()
    for pinned in component.pin.files if component.pin else ():
        if pinned.sha256:
            found.setdefault(xml_safe(pinned.path), pinned.sha256.lower())
    return tuple(sorted(found.items()))


def _fingerprint(component: Component) -> str | None:
    """The LICENSE text's sha256 when one was read, marked when it differs from the official."""
    texts = sorted(f.sha256 for f in component.local.license_files) if component.local else []
    if component.pin is not None and component.pin.license_text_sha256:
        texts.append(component.pin.license_text_sha256)
    changed = component.licensing is not None and component.licensing.changed_text
    if not texts:
        return CHANGED_TEXT if changed else None
    return ", ".join(texts) + (f" ({CHANGED_TEXT})" if changed else "")


def _terms(component: Component, licensing: Licensing | None) -> tuple[TermState, ...]:
    if licensing is None:
        return ()
    return tuple(
        sorted(
            TermState(
                e.term.name,
                e.license,
                None if e.origin == component.name else xml_safe(e.origin),
                xml_safe(describe(e.term)),
                e.term.quote,
            )
            for e in licensing.effective_terms
        )
    )


def _findings(
    findings: tuple[Finding, ...], identities: dict[str, str]
) -> tuple[FindingState, ...]:
    merged: dict[tuple[str, ...], FindingState] = {}
    for finding in findings:
        status = WAIVED if finding.waiver else (EXPIRED if finding.expired_waiver else OPEN)
        state = FindingState(
            shown_name(identities.get(finding.model, f"model:x/{finding.model}")),
            finding.rule,
            finding.license,
            finding.term,
            finding.origin,
            finding.severity,
            status,
            xml_safe(finding.message),
        )
        seen = merged.get(state.key)
        if seen is not None:
            state = _worst(seen, state)
        merged[state.key] = state
    return tuple(sorted(merged.values(), key=lambda f: f.key))


def _worst(a: FindingState, b: FindingState) -> FindingState:
    keep = (
        a
        if (a.severity.rank, _STATUS_RANK[a.status]) >= (b.severity.rank, _STATUS_RANK[b.status])
        else b
    )
    status = max(a.status, b.status, key=_STATUS_RANK.__getitem__)
    severity = max(a.severity, b.severity, key=lambda s: s.rank)
    return FindingState(
        keep.model, keep.rule, keep.license, keep.term, keep.origin, severity, status, keep.message
    )


def compare(old: Snapshot, new: Snapshot) -> Diff:
    """The differences between two snapshots (see the module docstring for what counts)."""
    before = {m.identity: m for m in old.models}
    after = {m.identity: m for m in new.models}
    both = [(before[i], after[i]) for i in sorted(before.keys() & after.keys())]
    unknown = old.unknown.keys() | new.unknown.keys()
    versions, texts = Fact.LICENSE_VERSION not in unknown, Fact.LICENSE_TEXT not in unknown
    quotes = Fact.QUOTES not in unknown
    found_new, gone, changed, worse = _compare_findings(old.findings, new.findings)
    return Diff(
        old=old,
        new=new,
        added=tuple(after[i] for i in sorted(after.keys() - before.keys())),
        removed=tuple(before[i] for i in sorted(before.keys() - after.keys())),
        repinned=tuple(c for a, b in both for c in _pins(a, b)),
        licenses=tuple(c for a, b in both for c in _licenses(a, b, versions, texts)),
        terms=tuple(c for a, b in both for c in _term_changes(a, b, quotes)),
        findings_new=found_new,
        findings_gone=gone,
        findings_changed=changed,
        worse=worse,
        not_compared=_not_compared(old, new),
    )


def _not_compared(old: Snapshot, new: Snapshot) -> tuple[str, ...]:
    lines = []
    for fact in Fact:
        a, b = old.unknown.get(fact), new.unknown.get(fact)
        if a and a == b:
            lines.append(f"{fact.words}: {a} (both inputs)")
        elif a or b:
            why = [f"OLD: {a}" if a else "", f"NEW: {b}" if b else ""]
            lines.append(f"{fact.words}: " + "; ".join(w for w in why if w))
    return tuple(lines)


def _pins(a: ModelState, b: ModelState) -> list[Change]:
    changes = []
    if a.commit != b.commit:
        changes.append(Change(b.name, "commit", a.commit or "unpinned", b.commit or "unpinned"))
    if a.files != b.files:
        changes.append(Change(b.name, "file hashes", _hashes(a.files), _hashes(b.files)))
    return changes


def _hashes(files: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{path} {digest[:12]}" for path, digest in files) or "none"


def _licenses(a: ModelState, b: ModelState, versions: bool, texts: bool) -> list[Change]:
    changes = []
    if a.license != b.license:
        changes.append(Change(b.name, "license", a.license or "unknown", b.license or "unknown"))
    elif versions and a.license_version != b.license_version:
        changes.append(
            Change(
                b.name, "license version", a.license_version or "none", b.license_version or "none"
            )
        )
    if texts and a.fingerprint != b.fingerprint:
        changes.append(
            Change(b.name, "license text", a.fingerprint or "not read", b.fingerprint or "not read")
        )
    elif not texts and _differs(a) != _differs(b):  # what both inputs mark: a changed text
        changes.append(Change(b.name, "license text", _differs(a), _differs(b)))
    return changes


def _differs(model: ModelState) -> str:
    changed = CHANGED_TEXT in (model.fingerprint or "")
    return CHANGED_TEXT if changed else "the official text, or none read"


def _term_changes(a: ModelState, b: ModelState, quotes: bool) -> list[Change]:
    """Per license (and base model it comes through): its terms added or removed as a whole,
    else each term whose summary (or, where both inputs have them, quote) changed."""
    old, new = _by_license(a), _by_license(b)
    changes = []
    for group in sorted(old.keys() | new.keys()):
        label = f"terms of {group[0]}" + (f" (inherited from {group[1]})" if group[1] else "")
        x, y = old.get(group, {}), new.get(group, {})
        if not x or not y:
            before, after = ", ".join(sorted(x)) or "none", ", ".join(sorted(y)) or "none"
            changes.append(Change(b.name, label, before, after))
            continue
        for name in sorted(x.keys() | y.keys()):
            if _same(x.get(name), y.get(name), quotes):
                continue
            changes.append(
                Change(
                    b.name, f"{name} ({label})", _term_text(x.get(name)), _term_text(y.get(name))
                )
            )
    return changes


def _by_license(model: ModelState) -> dict[tuple[str, str], dict[str, TermState]]:
    groups: dict[tuple[str, str], dict[str, TermState]] = {}
    for term in model.terms:
        groups.setdefault((term.license, term.origin or ""), {})[term.name] = term
    return groups


def _same(x: TermState | None, y: TermState | None, quotes: bool) -> bool:
    if x is None or y is None:
        return x is y
    return x.summary == y.summary and (not quotes or x.quote == y.quote)


def _term_text(term: TermState | None) -> str:
    if term is None:
        return "absent"
    return term.summary + (f" \u201c{term.quote}\u201d" if term.quote else "")


def _compare_findings(
    old: tuple[FindingState, ...] | None, new: tuple[FindingState, ...] | None
) -> tuple[
    tuple[FindingState, ...], tuple[FindingState, ...], tuple[Change, ...], tuple[Change, ...]
]:
    if old is None or new is None:
        return (), (), (), ()
    before = {f.key: f for f in old}
    after = {f.key: f for f in new}
    changed: list[Change] = []
    worse: list[Change] = []
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        if (a.severity, a.status) == (b.severity, b.status):
            continue
        change = Change(
            b.model, b.rule, f"{a.severity.value}, {a.status}", f"{b.severity.value}, {b.status}"
        )
        changed.append(change)
        if b.severity.rank > a.severity.rank or _STATUS_RANK[b.status] > _STATUS_RANK[a.status]:
            worse.append(change)
    return (
        tuple(after[k] for k in sorted(after.keys() - before.keys())),
        tuple(before[k] for k in sorted(before.keys() - after.keys())),
        tuple(changed),
        tuple(worse),
    )
