"""The terminal table: one line per model, narrow enough for a CI log."""

from __future__ import annotations

from aibom.core.licensing import ALWAYS_SHOWN
from aibom.core.model import Component, Ecosystem, Report
from aibom.core.text import printable
from aibom.licenses.summary import binding, describe, law_and_venue

_WIDTHS = (44, 12, 12, 22)


def render(report: Report, *, verbose: bool = False) -> str:
    """Models, then what else a reader should know (outputs, unresolved values, skipped files)."""
    lines = [_row("MODEL", "ECOSYSTEM", "REVISION", "LICENSE", "WHERE")]
    lines.extend(_component_row(c) for c in report.components)
    if not report.components:
        lines.append("(no models found)")
    if report.outputs:
        lines.append("")
        lines.append("Produced by this project (outputs, not dependencies):")
        lines.extend(f"  {r.name}  {r.evidence.path}:{r.evidence.line}" for r in report.outputs)
    if report.mentions:
        lines.append("")
        lines.append("Mentioned in documentation only:")
        lines.extend(f"  {r.name}  {r.evidence.path}:{r.evidence.line}" for r in report.mentions)
    if report.unresolved:
        lines.append("")
        lines.append(f"Model arguments not resolvable statically: {len(report.unresolved)}")
        shown = report.unresolved if verbose else report.unresolved[:5]
        lines.extend(f"  {u.evidence.path}:{u.evidence.line}: {u.expression}" for u in shown)
        if len(shown) < len(report.unresolved):
            lines.append("  ... (--verbose lists all)")
    lines.extend(_license_notes(report))
    lines.extend(_terms(report, verbose))
    lines.extend(_findings(report))
    if report.skipped and verbose:
        lines.append("")
        lines.append(f"Files skipped: {len(report.skipped)}")
        lines.extend(f"  {s.path}: {s.reason}" for s in report.skipped)
    return printable("\n".join(lines) + "\n")  # names and paths may hold escape sequences


def _findings(report: Report) -> list[str]:
    """Unwaived policy findings, most severe first; waived ones counted."""
    if report.policy is None:
        return []
    open_findings = [f for f in report.findings if f.waiver is None]
    waived = len(report.findings) - len(open_findings)
    lines = [
        "",
        f"Policy {report.policy}: {len(open_findings)} findings"
        + (f" ({waived} waived)" if waived else ""),
    ]
    for finding in open_findings:
        where = finding.evidence[0] if finding.evidence else None
        place = f"  {where.path}:{where.line}" if where else ""
        lines.append(f"  {finding.severity.value:<8}{finding.rule:<24}{finding.model}{place}")
        lines.append(f"      {finding.message}")
        if finding.hint:
            lines.append(f"      fix: {finding.hint}")
    lines.extend(f"  note: {note}" for note in report.policy_notes)
    return lines


def _license_notes(report: Report) -> list[str]:
    notes = []
    for component in report.components:
        licensing = component.licensing
        if licensing is None:
            continue
        for claim in licensing.conflicts:
            notes.append(
                f"  {component.name}: {claim.source} says {claim.key}, "
                f"{licensing.source} says {licensing.key}"
            )
        if licensing.changed_text:
            notes.append(f"  {component.name}: its LICENSE differs from the official text")
    return ["", "License notes (? unverified, ! conflict):", *notes] if notes else []


def _terms(report: Report, verbose: bool) -> list[str]:
    """Per model, the law and venue of every license that binds it (stated or not, so that
    "the text chooses no law" reads apart from "not verified"); with ``verbose``, every term."""
    lines: list[str] = []
    for component in report.components:
        licensing = component.licensing
        if licensing is None or component.ecosystem is Ecosystem.API_SERVICE:
            continue
        keys = binding(component.name, licensing)
        if not keys:
            continue
        lines.append(f"  {component.name}")
        for key, origin in keys:
            where = f"{key}, from base model {origin}" if origin else key
            lines.append(f"      {where}: {law_and_venue(licensing, key)}")
            if verbose:
                lines.extend(
                    f"          {t.term.name.replace('_', ' ')}: {describe(t.term)}"
                    for t in licensing.effective_terms
                    if t.license == key and t.term.name not in ALWAYS_SHOWN
                )
    if not lines:
        return []
    title = "License terms (governing law and venue" + ("; every term)" if verbose else ")")
    return ["", title + ":", *lines]


def _component_row(component: Component) -> str:
    name = component.name
    if component.provider and component.ecosystem.value == "api-service":
        name = f"{component.provider}/{name}"
    revision = _revision(component)
    first = component.evidence[0]
    where = f"{first.path}:{first.line}"
    if len(component.evidence) > 1:
        where += f" (+{len(component.evidence) - 1})"
    return _row(name, component.ecosystem.value, revision[:12], _license(component), where)


def _revision(component: Component) -> str:
    """The pinned commit when there is one; ``unpinned`` when nothing could pin the model."""
    pin = component.pin
    if pin is not None and pin.commit:
        return pin.commit.removeprefix("sha256:")
    if pin is not None and pin.source.value == "none":
        return "unpinned"
    if pin is not None and pin.files:
        return "files hashed"
    return component.revision or ("several" if component.revisions else "-")


def _license(component: Component) -> str:
    """The decided license, ``?`` marking a guess to check, ``!`` a conflict between sources."""
    licensing = component.licensing
    if licensing is None or component.ecosystem.value == "api-service":
        return "-"
    label = licensing.key or "unknown"
    if licensing.unverified:
        label += "?"
    if licensing.conflicts:
        label += "!"
    return label


def _row(name: str, ecosystem: str, revision: str, license_: str, where: str) -> str:
    cells = (name, ecosystem, revision, license_)
    fitted = [_fit(c, w).ljust(w) for c, w in zip(cells, _WIDTHS, strict=True)]
    return "  ".join(fitted) + "  " + where


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"
