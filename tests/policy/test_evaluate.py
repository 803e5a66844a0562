"""The evaluate stage end to end: minimal policies, determinism, and the demo app."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from aibom.core.model import Finding, Severity
from aibom.core.model import finding_order as order
from aibom.pipeline import scan
from aibom.policy import evaluate, fails, load_policy, with_findings
from tests.policy.conftest import TODAY, hub, report

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-app"

MINIMAL = """\
version: 1
organisation:
  monthly_active_users: 700000001
  annual_revenue_usd: 1000000000
  regions: [US]
  trains_models: false
  distributes_models: false
"""


def test_version_and_organisation_alone_catch_a_700m_company_using_llama(
    tmp_path: Path,
) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    result = evaluate(
        report(hub("meta-llama/Llama-3.1-8B-Instruct")), load_policy(str(path)), TODAY
    )
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert [f.rule for f in errors] == ["user-threshold"]
    assert errors[0].term_quote and fails(result.findings, Severity.ERROR)


def test_output_is_deterministic_and_ordered(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace("trains_models: false", "trains_models: true"), "utf-8")
    policy = load_policy(str(path))
    models = [
        hub("meta-llama/Llama-2-7b-hf"),
        hub("Qwen/Qwen2.5-72B-Instruct"),
        hub("acme/unknown"),
        hub("meta-llama/Llama-3.1-8B"),
    ]
    first = evaluate(report(*models), policy, TODAY)
    again = evaluate(report(*reversed(models)), policy, TODAY)
    assert first == again
    assert list(first.findings) == sorted(first.findings, key=order)
    ranks = [f.severity for f in first.findings]
    assert ranks == sorted(ranks, key=[Severity.ERROR, Severity.WARNING, Severity.INFO].index)


def test_fails_counts_unwaived_findings_at_or_above_the_level() -> None:
    warning = Finding("unpinned", Severity.WARNING, "m", "x")
    info = Finding("attribution", Severity.INFO, "m", "x")
    assert fails([warning, info], Severity.WARNING)
    assert not fails([warning, info], Severity.ERROR)
    assert fails([info], Severity.INFO)
    assert not fails([], Severity.INFO)


def test_demo_app_with_the_enterprise_policy() -> None:
    scanned = scan(DEMO)
    result = evaluate(scanned, load_policy("enterprise"), TODAY)
    counts = Counter((f.rule, f.severity.value) for f in result.findings)
    assert counts[("user-threshold", "error")] == 2  # Llama 3.1 and the LoRA fine-tuned from it
    assert {f.model for f in result.findings if f.rule == "user-threshold"} == {
        "meta-llama/Llama-3.1-8B-Instruct",
        "models/support-bot-lora",
    }
    assert counts[("unknown-license", "error")] == 2  # no license identified
    assert counts[("unknown-license", "warning")] == 1  # bge: the family's license, assumed
    assert counts[("unpinned", "error")] == 7  # no lockfile, no cache: nothing pinned
    assert ("training-restriction", "error") not in counts  # Llama 3.1 dropped the ban
    assert fails(result.findings, Severity.ERROR)
    for finding in result.findings:
        assert finding.evidence, finding
        assert all(e.path and e.line >= 1 for e in finding.evidence)
    for finding in result.findings:
        if finding.term:
            assert finding.term_clause and finding.term_quote and finding.license


def test_with_findings_puts_the_evaluation_in_the_report(tmp_path: Path) -> None:
    scanned = scan(DEMO)
    evaluated = with_findings(scanned, load_policy("research"), TODAY)
    assert evaluated.policy == "research"
    assert evaluated.findings == evaluate(scanned, load_policy("research"), TODAY).findings
    assert evaluated.evaluated_on == TODAY.isoformat()
    assert replace(evaluated, findings=(), policy=None, evaluated_on=None) == scanned
