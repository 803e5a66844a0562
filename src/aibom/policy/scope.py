"""Which findings count: only models a branch adds (``--changed-since``) or a baseline lacks.

A pull request should fail on what it brings, not on models the main branch already has; both
narrowings keep every component in the report and drop only the findings of the others.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from aibom.core.model import Report


def narrow(
    report: Report, root: Path, changed_since: str | None = None, baseline: Path | None = None
) -> Report:
    """The report with only the findings of models new since ``changed_since`` (a git revision)
    and absent from ``baseline`` (an aibom CycloneDX JSON SBOM); both given: both must hold."""
    from aibom.policy.baseline import baseline_models, new_models
    from aibom.policy.changes import changed_files, new_references

    keep: set[str] | None = None
    if changed_since is not None:
        keep = new_references(report, changed_files(root, changed_since))
    if baseline is not None:
        fresh = new_models(report, baseline_models(baseline))
        keep = fresh if keep is None else keep & fresh
    if keep is None:
        return report
    return replace(report, findings=tuple(f for f in report.findings if f.model in keep))
