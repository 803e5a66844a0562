"""The evaluate stage: run the policy's rules on every component, then apply the waivers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from aibom.core.model import Component, Finding, Report, Severity, finding_order
from aibom.licenses.db import LicenseDb, load_default
from aibom.licenses.known import KnownModels
from aibom.licenses.known import load_default as load_known
from aibom.policy import waivers
from aibom.policy.base import Hit, Subject, at_least, lowest
from aibom.policy.document import Policy, RuleConfig
from aibom.policy.rules import RULES


@dataclass(frozen=True)
class Evaluation:
    """Every finding (waived ones included, with their waiver) and notes about the policy."""

    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()


def evaluate(
    report: Report,
    policy: Policy,
    today: date,
    db: LicenseDb | None = None,
    known: KnownModels | None = None,
) -> Evaluation:
    """Compare every component of ``report`` with ``policy``; ``today`` decides which waivers
    have expired. Pure: the same report, policy and day give the same findings, in order."""
    db = db or load_default()
    known = known or load_known(db)
    found: list[Finding] = []
    for component in report.components:
        subject = Subject(component, db, known)
        for config in policy.enabled:
            hits = RULES[config.id].check(subject, policy.organisation, config.params)
            found.extend(_finding(config, component, hit) for hit in hits)
    found.sort(key=finding_order)
    waived, notes = waivers.apply(found, policy.waivers, today)
    return Evaluation(tuple(sorted(waived, key=finding_order)), notes)


def with_findings(report: Report, policy: Policy, today: date) -> Report:
    """The report with the evaluation in it (``findings``, ``policy_notes``, ``policy``, and
    ``evaluated_on``: the day waivers were judged on, which a re-rendered report must show)."""
    evaluation = evaluate(report, policy, today)
    return replace(
        report,
        policy=policy.name,
        findings=evaluation.findings,
        policy_notes=evaluation.notes,
        evaluated_on=today.isoformat(),
    )


def fails(findings: Iterable[Finding], fail_on: Severity) -> bool:
    """Whether any unwaived finding is at ``fail_on`` or above: the build fails (exit 1)."""
    return any(f.waiver is None and at_least(f.severity, fail_on) for f in findings)


def _finding(config: RuleConfig, component: Component, hit: Hit) -> Finding:
    # A hit may lower its rule's severity (a duty rather than a loss of rights), never raise it.
    severity = lowest(hit.severity, config.severity) if hit.severity else config.severity
    return Finding(
        rule=config.id,
        severity=severity,
        model=component.name,
        message=hit.message,
        hint=hit.hint,
        evidence=tuple(sorted(component.evidence)),
        license=hit.license,
        term=hit.term,
        term_clause=hit.clause,
        term_quote=hit.quote,
        origin=hit.origin,
    )
