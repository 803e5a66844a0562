"""A Markdown summary of the policy result, sized and escaped for a pull-request comment."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from aibom.core.licensing import ALWAYS_SHOWN
from aibom.core.model import (
    Component,
    Ecosystem,
    Evidence,
    Finding,
    Report,
    Severity,
    Waiver,
    finding_order,
)
from aibom.core.text import printable
from aibom.licenses.summary import binding, law_and_venue

MAX_CHARS = 65_536  # GitHub rejects a comment body longer than this
BUDGET = MAX_CHARS - 1_536  # room for a caller's marker or footer around the summary
CELL_CHARS = 600  # one stranger's string cannot fill the comment

_PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}
# CommonMark 2.4: any ASCII punctuation may be backslash-escaped; these carry inline meaning
# in GitHub Flavored Markdown (emphasis, code, links, tables, strikethrough, math).
_INLINE = re.compile(r"([\\`*_~\[\]|$!#])")
_MENTION = re.compile(r"@(?=\w)")  # @name notifies a user or team
# GFM extended autolinks take a bare URL from the raw text, escapes included: inside one,
# characters that could end the cell or open markup are percent-encoded instead.
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_URL_UNSAFE = re.compile(r"[|<>`\\\[\]*~$]")


def render(report: Report, *, fail_on: Severity = Severity.ERROR) -> str:
    """The verdict, the unwaived findings, the waived ones, policy notes and the models.

    ``fail_on`` is the severity that fails the build (``--fail-on``); it decides the verdict.
    """
    unwaived = sorted((f for f in report.findings if f.waiver is None), key=finding_order)
    waived = [
        (f, f.waiver) for f in sorted(report.findings, key=finding_order) if f.waiver is not None
    ]
    sections = [
        (
            "the verdict",
            [_verdict(report, unwaived, len(waived), fail_on), "", _context(report, fail_on)],
        ),
        ("findings", _findings(unwaived)),
        ("waived findings", _waived(waived)),
        ("policy notes", _notes(report.policy_notes)),
        ("models", _models(report.components)),
    ]
    # Escaped before the size budget is counted: an undecodable name has no UTF-8 length.
    return _fit([(name, [printable(line) for line in lines]) for name, lines in sections])


def cell(text: str) -> str:
    """Untrusted text as inert Markdown for a table cell or a list item: no HTML, no links
    but the URLs it spells out, no emphasis, no mentions, no line breaks, no cell separators."""
    text = " ".join(text.split())
    if len(text) > CELL_CHARS:
        text = text[: CELL_CHARS - 1] + "\u2026"
    parts: list[str] = []
    start = 0
    for url in _URL.finditer(text):
        parts.append(_escape(text[start : url.start()]))
        parts.append(_URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url.group()))
        start = url.end()
    parts.append(_escape(text[start:]))
    return "".join(parts)


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    # A word joiner after @ keeps GitHub from turning a stranger's @name into a notification.
    return _MENTION.sub("@\u2060", text)


def _verdict(report: Report, unwaived: list[Finding], waived: int, fail_on: Severity) -> str:
    if report.policy is None and not report.findings:
        return "## aibom: no policy evaluated"
    counts = Counter(f.severity for f in unwaived)
    failed = any(f.severity.at_least(fail_on) for f in unwaived)
    tally = ", ".join(f"{counts[s]} {_PLURAL[s]}" for s in reversed(Severity))
    state = "\u274c aibom policy failed" if failed else "\u2705 aibom policy passed"
    return f"## {state}: {tally} ({waived} waived)"


def _context(report: Report, fail_on: Severity) -> str:
    models = len(report.components)
    parts = [f"{models} model{'' if models == 1 else 's'}"]
    if report.policy is not None:
        parts.insert(0, f"policy {cell(report.policy)}")
        parts.append(f"fails on {fail_on.value} and above")
    return " \u00b7 ".join(parts)


def _findings(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["", "No unwaived findings."]
    rows = [
        "",
        f"### Findings ({len(findings)})",
        "",
        "| Severity | Rule | Model | Finding | Where |",
        "| --- | --- | --- | --- | --- |",
    ]
    rows.extend(_finding_row(f) for f in findings)
    return rows


def _finding_row(finding: Finding) -> str:
    text = cell(finding.message) + _citation(finding)
    if finding.hint:
        text += f"<br>Fix: {cell(finding.hint)}"
    cells = (finding.severity.value, finding.rule, cell(finding.model), text, _where(finding))
    return "| " + " | ".join(cells) + " |"


def _citation(finding: Finding) -> str:
    """The license and clause the finding cites, so a reader can look the words up."""
    if not finding.license:
        return ""
    clause = f", clause {finding.term_clause}" if finding.term_clause else ""
    origin = f", from {finding.origin}" if finding.origin else ""
    return " (" + cell(f"{finding.license}{clause}{origin}") + ")"


def _where(finding: Finding) -> str:
    if not finding.evidence:
        return "\u2014"
    first = min(finding.evidence)
    more = len({(e.path, e.line) for e in finding.evidence}) - 1
    return cell(_place(first)) + (f" (+{more})" if more > 0 else "")


def _place(evidence: Evidence) -> str:
    return f"{evidence.path}:{evidence.line}" if evidence.line > 0 else evidence.path


def _waived(waived: list[tuple[Finding, Waiver]]) -> list[str]:
    if not waived:
        return []
    rows = [
        "",
        f"### Waived ({len(waived)})",
        "",
        "| Severity | Rule | Model | Approved by | Until | Ticket | Reason |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for finding, waiver in waived:
        cells = (
            finding.severity.value,
            finding.rule,
            cell(finding.model),
            cell(waiver.approver) or "\u2014",
            cell(waiver.expires) or "\u2014",
            cell(waiver.ticket) or "\u2014",
            cell(waiver.reason) or "\u2014",
        )
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _notes(notes: Iterable[str]) -> list[str]:
    items = [f"- {cell(note)}" for note in notes]
    return ["", "### Policy notes", "", *items] if items else []


def _models(components: Iterable[Component]) -> list[str]:
    ordered = sorted(components, key=lambda c: (_name(c).casefold(), _name(c), c.ecosystem.value))
    if not ordered:
        return ["", "No models found."]
    rows = [
        "",
        "### Models",
        "",
        "| Model | Ecosystem | License | Governing law and venue |",
        "| --- | --- | --- | --- |",
    ]
    rows.extend(
        f"| {cell(_name(c))} | {c.ecosystem.value} | {_license(c)} | {_law(c)} |" for c in ordered
    )
    return rows


def _law(component: Component) -> str:
    """The law and venue of each license that binds the model, with their clauses; a silent
    text reads apart from an unverified one."""
    licensing = component.licensing
    if licensing is None or component.ecosystem is Ecosystem.API_SERVICE:
        return "\u2014"
    if not licensing.unstated and not any(
        t.term.name in ALWAYS_SHOWN for t in licensing.effective_terms
    ):
        return "\u2014"  # no license, or a licensing the license stage did not fill in
    keys = [key for key, _ in binding(component.name, licensing)]
    lines = [law_and_venue(licensing, key) for key in keys]
    if len(keys) == 1:
        return cell(lines[0])
    return "<br>".join(cell(f"{key}: {line}") for key, line in zip(keys, lines, strict=True))


def _name(component: Component) -> str:
    if component.provider and component.ecosystem is Ecosystem.API_SERVICE:
        return f"{component.provider}/{component.name}"
    return component.name


def _license(component: Component) -> str:
    """The decided license; ``unverified`` or ``conflict`` when a reader should check it."""
    if component.ecosystem is Ecosystem.API_SERVICE:
        return "provider terms"
    licensing = component.licensing
    if licensing is None or licensing.key is None:
        return "unknown"
    label = cell(licensing.key)
    if licensing.unverified:
        label += " (unverified)"
    if licensing.conflicts:
        label += " (conflict)"
    return label


def _fit(sections: list[tuple[str, list[str]]]) -> str:
    """The sections joined; past the budget, cut at a row, saying what was left out."""
    lines = [line for _, section in sections for line in section]
    if _size("\n".join(lines) + "\n") <= BUDGET:
        return "\n".join(lines) + "\n"
    kept: list[str] = []
    used = 0
    left_out: list[str] = []
    for name, section in sections:
        if left_out:
            left_out.append(name)
            continue
        for i, line in enumerate(section):
            if used + _size(line) + 1 > BUDGET - 1_000:  # room for the note
                rows = sum(1 for rest in section[i:] if rest.startswith("| "))
                left_out.append(f"{rows} more rows of {name}" if rows else name)
                break
            kept.append(line)
            used += _size(line) + 1
    note = (
        f"_Not shown: {', '.join(left_out)}. The comment would exceed GitHub's "
        f"{MAX_CHARS:,}-character limit; the SARIF or JSON report lists everything._"
    )
    return "\n".join([*kept, "", note]) + "\n"


def _size(text: str) -> int:
    # UTF-8 bytes never undercount: GitHub's count (characters or UTF-16 units) is at most this.
    return len(text.encode("utf-8"))
