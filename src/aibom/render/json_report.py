"""aibom's own JSON report: every component with all its evidence, in a versioned schema.

The schema version (``aibom-report/1``) changes only when a field changes meaning or goes away;
new fields may be added within a version.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from aibom import __version__
from aibom.core.licensing import EffectiveTerm
from aibom.core.model import Component, ModelRef, Report

SCHEMA = "aibom-report/1"  # 1.x adds fields only; see the module docstring


def render(report: Report) -> str:
    """The report as indented, key-sorted JSON with a trailing newline."""
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "aibom", "version": __version__},
        "project": report.project,
        "components": [_component(c) for c in report.components],
        "outputs": [_ref(r) for r in report.outputs],
        "mentions": [_ref(r) for r in report.mentions],
        "unresolved": [
            {"expression": u.expression, "evidence": asdict(u.evidence)} for u in report.unresolved
        ],
        "skipped": [asdict(s) for s in report.skipped],
        "policy": report.policy,
        "findings": [asdict(f) for f in report.findings],
        "policy_notes": list(report.policy_notes),
        "lock_problems": list(report.lock_problems),
        "stats": {
            "files_seen": report.stats.files_seen,
            "files_read": report.stats.files_read,
            "bytes_read": report.stats.bytes_read,
            "references_per_detector": dict(report.stats.per_detector),
        },
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _component(component: Component) -> dict[str, Any]:
    local = _local(component)
    return {
        "name": component.name,
        "ecosystem": component.ecosystem.value,
        "provider": component.provider,
        "group": component.group,
        "revisions": list(component.revisions),
        "base_models": list(component.base_models),
        "names_as_written": list(component.raw_names),
        "local": local,
        "evidence": [asdict(e) for e in component.evidence],
        "license": _licensing(component),
    }


def _local(component: Component) -> dict[str, Any] | None:
    if component.local is None:
        return None
    local = asdict(component.local)
    for found in local["license_files"]:
        found.pop("text", None)  # the text itself is the model's, not the report's
    return local


def _licensing(component: Component) -> dict[str, Any] | None:
    licensing = component.licensing
    if licensing is None:
        return None
    return {
        "key": licensing.key,
        "source": licensing.source.value,
        "unverified": licensing.unverified,
        "multimodal": licensing.multimodal,
        "changed_text": licensing.changed_text,
        "claims": [
            {"source": c.source.value, "declared": c.declared, "key": c.key, "detail": c.detail}
            for c in licensing.claims
        ],
        "conflicts": [c.key for c in licensing.conflicts],
        "lineage": list(licensing.lineage),
        "effective_terms": [_effective(t) for t in licensing.effective_terms],
        "notes": list(licensing.notes),
    }


def _effective(effective: EffectiveTerm) -> dict[str, Any]:
    term = effective.term
    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in term.fields}
    return {
        "term": term.name,
        "license": effective.license,
        "origin": effective.origin,
        "clause": term.clause,
        "quote": term.quote,
        "document": term.document,
        "fields": fields,
        "items": [asdict(i) for i in term.items],
    }


def _ref(ref: ModelRef) -> dict[str, Any]:
    return {
        "name": ref.name,
        "ecosystem": ref.ecosystem.value,
        "as_written": ref.raw,
        "evidence": asdict(ref.evidence),
    }
