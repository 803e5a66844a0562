"""The legal review of a report as plain data: what the HTML report shows, in the order it shows it.

The template only lays this out; every decision (verdicts, order, wording, which URLs may become
links) is made here, in plain Python that tests can check without a browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aibom import __version__
from aibom.core.licensing import LicenseSummary, Licensing
from aibom.core.model import Component, Ecosystem, Finding, PinSource, Report, Severity, Waiver
from aibom.render import plain
from aibom.render.review_terms import (
    Obligation,
    Quote,
    TermRow,
    display_name,
    link,
    obligations,
    terms,
)
from aibom.render.verdict import Verdict, blocks, by_model, verdict

# Where a license was decided from, in a reader's words (LicenseSource values).
_SOURCES = {
    "license-file": "the LICENSE file beside the weights",
    "card": "the model card",
    "weights-metadata": "the weight files' metadata",
    "known-model": "aibom's table of known model families",
}


@dataclass(frozen=True)
class LicenseBox:
    """A license by name and version, with its provider, home country and official text."""

    key: str
    name: str
    label: str  # the name, with the version unless the name holds it
    version: str | None
    provider: str | None
    country: str | None
    category: str
    sbom_id: str
    url: str | None
    link: str | None


@dataclass(frozen=True)
class WaiverRow:
    """A waiver as approved, and whether it has lapsed."""

    rules: str
    owner: str
    approver: str
    reason: str
    ticket: str
    expires: str
    expired: bool


@dataclass(frozen=True)
class FindingRow:
    """A policy finding: rule, severity, what is wrong, the fix, the clause, the waiver."""

    model: str
    anchor: str
    rule: str
    severity: str
    message: str
    hint: str
    quote: Quote | None
    license: str | None
    origin: str | None
    blocking: bool
    waiver: WaiverRow | None
    expired_waiver: WaiverRow | None


@dataclass(frozen=True)
class FileRow:
    """One pinned file: its path, size and content hash (or git blob id)."""

    path: str
    size: str
    digest: str


@dataclass(frozen=True)
class Blocker:
    """A model that blocks the release, with every finding that makes it block."""

    model: str
    anchor: str
    findings: tuple[FindingRow, ...]

    @property
    def fixes(self) -> tuple[str, ...]:
        """The distinct fixes, in the order of the findings."""
        return tuple(dict.fromkeys(f.hint for f in self.findings if f.hint))


@dataclass(frozen=True)
class ModelBox:
    """Everything the report says about one model."""

    anchor: str
    name: str
    ecosystem: str
    verdict: Verdict
    version: str
    pin: str
    files: tuple[FileRow, ...]
    places: tuple[str, ...]
    license: LicenseBox | None
    license_note: str
    claims: tuple[str, ...]
    card_link: str | None  # the card's license_link, as written (a stranger's string)
    card_href: str | None  # the same, when it may be a link (http or https only)
    inherited: tuple[LicenseBox, ...]
    lineage: tuple[str, ...]
    terms: tuple[TermRow, ...]
    findings: tuple[FindingRow, ...]
    waivers: tuple[WaiverRow, ...]


@dataclass(frozen=True)
class Review:
    """The whole legal review, top of the page first."""

    project: str
    commit: str | None
    evaluated_on: str | None
    policy: str | None
    fail_on: str
    counts: tuple[tuple[Verdict, int], ...]
    blockers: tuple[Blocker, ...]
    obligations: tuple[Obligation, ...]
    models: tuple[ModelBox, ...]
    policy_notes: tuple[str, ...]
    outputs: tuple[str, ...]
    unresolved: int
    skipped: int
    tool: str


def review(report: Report, fail_on: Severity = Severity.ERROR) -> Review:
    """The legal review of ``report``; ``fail_on`` decides which findings block (``--fail-on``)."""
    grouped = by_model(report)
    ordered = sorted(report.components, key=_model_order(grouped, fail_on))
    anchors = {c.name: f"model-{i}" for i, c in enumerate(ordered, 1)}
    models = tuple(_model(c, anchors[c.name], grouped[c.name], fail_on) for c in ordered)
    counts = dict.fromkeys(Verdict, 0)
    for box in models:
        counts[box.verdict] += 1
    return Review(
        project=report.project,
        commit=report.commit,
        evaluated_on=report.evaluated_on,
        policy=report.policy,
        fail_on=fail_on.value,
        counts=tuple(counts.items()),
        blockers=tuple(
            Blocker(box.name, box.anchor, rows)
            for box in models
            if (rows := tuple(row for row in box.findings if row.blocking))
        ),
        obligations=obligations(ordered, anchors),
        models=models,
        policy_notes=report.policy_notes,
        outputs=tuple(
            sorted({_place(r.name, r.evidence.path, r.evidence.line) for r in report.outputs})
        ),
        unresolved=len(report.unresolved),
        skipped=len(report.skipped),
        tool=f"aibom {__version__}",
    )


def _model_order(
    grouped: dict[str, list[Finding]], fail_on: Severity
) -> Callable[[Component], tuple[int, str, str]]:
    rank = {v: i for i, v in enumerate(Verdict)}

    def key(component: Component) -> tuple[int, str, str]:
        return (
            rank[verdict(grouped[component.name], fail_on)],
            component.name.casefold(),
            component.name,
        )

    return key


def _model(component: Component, anchor: str, found: list[Finding], fail_on: Severity) -> ModelBox:
    licensing = component.licensing
    rows = tuple(_finding(f, anchor, fail_on) for f in found)
    waivers = {w: None for f in found for w in (f.waiver, f.expired_waiver) if w is not None}
    return ModelBox(
        anchor=anchor,
        name=display_name(component),
        ecosystem=component.ecosystem.value,
        verdict=verdict(found, fail_on),
        version=_version(component),
        pin=_pin(component),
        files=_files(component),
        places=tuple(dict.fromkeys(_place("", e.path, e.line) for e in sorted(component.evidence))),
        license=_license(licensing.license) if licensing and licensing.license else None,
        license_note=_license_note(component),
        claims=_claims(licensing),
        card_link=_card_link(component),
        card_href=link(_card_link(component)),
        inherited=_inherited(licensing),
        lineage=licensing.lineage if licensing else (),
        terms=terms(component),
        findings=rows,
        waivers=tuple(_waiver(w, f) for w, f in _waiver_states(found, waivers)),
    )


def _place(prefix: str, path: str, line: int) -> str:
    where = f"{path}:{line}" if line > 0 else path
    return f"{prefix} ({where})" if prefix else where


def _version(component: Component) -> str:
    pin = component.pin
    if pin is not None and pin.commit:
        kind = "manifest" if pin.commit.startswith("sha256:") else "commit"
        return f"{kind} {pin.commit}"
    if pin is not None and pin.source is PinSource.NONE:
        asked = f" (revision {component.revision} requested)" if component.revision else ""
        return f"unpinned{asked}"
    if _files(component):
        return "the files listed below, by hash"
    return component.revision or "not recorded"


def _pin(component: Component) -> str:
    pin = component.pin
    if pin is None:
        return "not resolved"
    if pin.source is PinSource.NONE:
        return f"nothing could pin it: {pin.reason}" if pin.reason else "nothing could pin it"
    drift = f"; drift from aibom.lock: {'; '.join(pin.drift)}" if pin.drift else ""
    return f"pinned from {pin.source.value}{drift}"


def _files(component: Component) -> tuple[FileRow, ...]:
    rows: dict[str, FileRow] = {}
    for pinned in component.pin.files if component.pin else ():
        digest = (
            f"sha256 {pinned.sha256}"
            if pinned.sha256
            else (f"git blob {pinned.git_oid}" if pinned.git_oid else "no hash")
        )
        rows[pinned.path] = FileRow(pinned.path, _size(pinned.size), digest)
    for weight in component.local.files if component.local else ():
        if weight.path not in rows:
            digest = f"sha256 {weight.sha256}" if weight.sha256 else "no hash"
            rows[weight.path] = FileRow(weight.path, _size(weight.size), digest)
    return tuple(rows[path] for path in sorted(rows))


def _size(size: int | None) -> str:
    return "" if size is None else f"{size:,} bytes"


def _license(summary: LicenseSummary) -> LicenseBox:
    return LicenseBox(
        key=summary.key,
        name=summary.name,
        label=plain.license_label(summary.name, summary.version),
        version=summary.version,
        provider=summary.provider,
        country=summary.country,
        category=summary.category.value,
        sbom_id=summary.spdx or summary.sbom_id,
        url=summary.url,
        link=link(summary.url),
    )


def _license_note(component: Component) -> str:
    licensing = component.licensing
    if component.ecosystem is Ecosystem.API_SERVICE:
        return (
            "A hosted API: used under the provider's terms of service, which aibom does not hold."
        )
    if licensing is None or licensing.key is None:
        return "No license could be identified: until one is, nothing may be assumed."
    notes = [f"decided from {_SOURCES.get(licensing.source.value, licensing.source.value)}"]
    if licensing.unverified:
        notes.append("not verified: check the model's card or LICENSE")
    if licensing.changed_text:
        notes.append("its LICENSE file differs from the official text")
    if licensing.conflicts:
        notes.append("sources disagree (see below)")
    return "; ".join(notes).capitalize() + "."


def _claims(licensing: Licensing | None) -> tuple[str, ...]:
    if licensing is None:
        return ()
    return tuple(
        f"{c.source.value}: {c.declared} \u2192 {c.key or 'not recognised'}"
        + (f" ({c.detail})" if c.detail else "")
        for c in licensing.claims
    )


def _card_link(component: Component) -> str | None:
    card = component.local.card if component.local else None
    if card is not None and card.license_link:
        return card.license_link
    return component.pin.card_license_link if component.pin else None


def _inherited(licensing: Licensing | None) -> tuple[LicenseBox, ...]:
    if licensing is None:
        return ()
    return tuple(_license(s) for s in licensing.licenses if s.key != licensing.key)


def _finding(finding: Finding, anchor: str, fail_on: Severity) -> FindingRow:
    quote = (
        Quote(finding.term_clause, finding.term_quote)
        if finding.term_clause or finding.term_quote
        else None
    )
    return FindingRow(
        model=finding.model,
        anchor=anchor,
        rule=finding.rule,
        severity=finding.severity.value,
        message=finding.message,
        hint=finding.hint,
        quote=quote,
        license=finding.license,
        origin=finding.origin,
        blocking=blocks(finding, fail_on),
        waiver=_waiver(finding.waiver, False) if finding.waiver else None,
        expired_waiver=_waiver(finding.expired_waiver, True) if finding.expired_waiver else None,
    )


def _waiver_states(
    found: list[Finding], waivers: dict[Waiver, None]
) -> Iterable[tuple[Waiver, bool]]:
    lapsed = {f.expired_waiver for f in found if f.expired_waiver is not None}
    return ((w, w in lapsed) for w in waivers)


def _waiver(waiver: Waiver, expired: bool) -> WaiverRow:
    return WaiverRow(
        rules=", ".join(waiver.rules) or "every rule",
        owner=waiver.owner,
        approver=waiver.approver,
        reason=waiver.reason,
        ticket=waiver.ticket,
        expires=waiver.expires,
        expired=expired,
    )
