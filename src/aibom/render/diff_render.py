"""A diff of two scans as text (a CI log), JSON (a machine) or Markdown (a pull-request comment).

Every section is listed in one order (:func:`sections`), so the renderings say the same things;
the HTML one (:func:`aibom.render.html.render_diff`) uses that order too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aibom.core.text import terminal_safe, utf8_safe
from aibom.render.diff import Change, Diff, FindingState, ModelState, Snapshot
from aibom.render.markdown import cell

SCHEMA = "aibom-diff/1"


@dataclass(frozen=True)
class Section:
    """One kind of change: a title, whether it counts for review, and its lines."""

    key: str
    title: str
    relevant: bool
    rows: tuple[tuple[str, ...], ...]  # (model, what, before, after) or (model, detail)


def sections(diff: Diff) -> list[Section]:
    """The changes, grouped, in the order every rendering shows them; empty ones left out."""
    worse = set(diff.worse)
    found = [
        Section("added", "Models added", True, tuple((m.name, _license(m)) for m in diff.added)),
        Section(
            "removed", "Models removed", False, tuple((m.name, _license(m)) for m in diff.removed)
        ),
        Section("licenses", "License changed", True, _changes(diff.licenses)),
        Section("terms", "Terms changed", True, _changes(diff.terms)),
        Section(
            "findings-new", "Findings new", True, tuple(_finding(f) for f in diff.findings_new)
        ),
        Section(
            "findings-changed",
            "Findings changed",
            bool(worse),
            tuple((c.model, c.what, c.before, c.after) for c in diff.findings_changed),
        ),
        Section(
            "findings-gone", "Findings gone", False, tuple(_finding(f) for f in diff.findings_gone)
        ),
        Section("repinned", "Re-pinned", False, _changes(diff.repinned)),
    ]
    return [s for s in found if s.rows]


def headline(diff: Diff) -> str:
    """One line for a CI log: whether a legal review is needed."""
    if diff.relevant:
        return "License-relevant changes: a legal review is needed (exit 1)."
    return "No license-relevant change (exit 0)."


def side(snapshot: Snapshot) -> str:
    """What one input is: its kind, project and commit."""
    parts = [snapshot.source]
    if snapshot.project:
        parts.append(f"project {snapshot.project}")
    if snapshot.commit:
        parts.append(f"commit {snapshot.commit[:12]}")
    if snapshot.policy:
        parts.append(f"policy {snapshot.policy}")
    return ", ".join(parts)


def render_text(diff: Diff) -> str:
    """The diff for a terminal or a CI log."""
    lines = [f"OLD: {side(diff.old)}", f"NEW: {side(diff.new)}", headline(diff)]
    marks = {"added": "+", "removed": "-", "findings-new": "+", "findings-gone": "-"}
    for section in sections(diff):
        lines += ["", f"{section.title} ({len(section.rows)}):"]
        for row in section.rows:
            mark = marks.get(section.key, "~")
            if len(row) == 4:
                lines.append(f"  {mark} {row[0]}  {row[1]}: {row[2]} -> {row[3]}")
            else:
                lines.append(f"  {mark} {'  '.join(row)}")
    if not sections(diff):
        lines += ["", "No differences."]
    if diff.not_compared:
        lines += ["", "Not compared:"]
        lines += [f"  {line}" for line in diff.not_compared]
    return "\n".join(terminal_safe(line) for line in lines) + "\n"


def render_json(diff: Diff) -> str:
    """The diff as JSON (schema ``aibom-diff/1``), keys sorted, for a machine to read."""
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "old": _side(diff.old),
        "new": _side(diff.new),
        "license_relevant": diff.relevant,
        "added": [_model(m) for m in diff.added],
        "removed": [_model(m) for m in diff.removed],
        "repinned": [_change(c) for c in diff.repinned],
        "licenses": [_change(c) for c in diff.licenses],
        "terms": [_change(c) for c in diff.terms],
        "findings_new": [_finding_json(f) for f in diff.findings_new],
        "findings_gone": [_finding_json(f) for f in diff.findings_gone],
        "findings_changed": [_change(c) for c in diff.findings_changed],
        "not_compared": list(diff.not_compared),
    }
    return utf8_safe(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def render_markdown(diff: Diff) -> str:
    """The diff for a pull-request comment: every string from the inputs made inert."""
    verdict = "\u26a0\ufe0f" if diff.relevant else "\u2705"
    lines = [
        f"## {verdict} aibom diff: {cell(headline(diff))}",
        "",
        f"Old: {cell(side(diff.old))}  ",
        f"New: {cell(side(diff.new))}",
    ]
    for section in sections(diff):
        wide = len(section.rows[0]) == 4
        head = "| Model | What | Before | After |" if wide else "| Model | Detail |"
        lines += ["", f"### {section.title} ({len(section.rows)})", "", head]
        lines.append("| --- | --- | --- | --- |" if wide else "| --- | --- |")
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in section.rows]
    if not sections(diff):
        lines += ["", "No differences."]
    if diff.not_compared:
        lines += ["", "Not compared:", ""] + [f"- {cell(line)}" for line in diff.not_compared]
    return "\n".join(lines) + "\n"


def _license(model: ModelState) -> str:
    return f"license {model.license or 'unknown'}"


def _changes(changes: tuple[Change, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple((c.model, c.what, c.before, c.after) for c in changes)


def _finding(finding: FindingState) -> tuple[str, ...]:
    return (
        finding.model,
        f"{finding.severity.value} {finding.rule} ({finding.status}): {finding.message}",
    )


def _side(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "source": snapshot.source,
        "project": snapshot.project,
        "commit": snapshot.commit,
        "policy": snapshot.policy,
        "models": len(snapshot.models),
    }


def _model(model: ModelState) -> dict[str, Any]:
    return {"model": model.name, "license": model.license, "commit": model.commit}


def _change(change: Change) -> dict[str, str]:
    return {
        "model": change.model,
        "what": change.what,
        "before": change.before,
        "after": change.after,
    }


def _finding_json(finding: FindingState) -> dict[str, Any]:
    return {
        "model": finding.model,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "status": finding.status,
        "license": finding.license,
        "term": finding.term,
        "origin": finding.origin,
        "message": finding.message,
    }
