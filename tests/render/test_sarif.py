"""The SARIF renderer: every log valid against the official 2.1.0 schema, anchored at the line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker
from jsonschema.validators import validator_for

from aibom import __version__, pipeline
from aibom.core.model import Component, Ecosystem, Evidence, Finding, Report, Severity, Waiver
from aibom.policy import RULES, load_policy, with_findings
from aibom.render.sarif import FINGERPRINT, MAX_RELATED, SCHEMA_URI, plain, render

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parents[2] / "examples"
SCHEMA_SHA256 = "ddddcccbf95c7c50c037b5b07eff4140556278ca574ff374db46786b5fce7949"
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"


@cache
def validator() -> Draft4Validator:
    schema = json.loads((DATA / "sarif-2.1.0.schema.json").read_bytes())
    cls = validator_for(schema)
    assert cls is Draft4Validator  # the schema declares draft-04
    cls.check_schema(schema)
    checker = FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers)  # or formats go unchecked
    return Draft4Validator(schema, format_checker=checker)


def sarif(report: Report) -> dict[str, Any]:
    """The rendered log, parsed, after checking it against the schema."""
    text = render(report)
    log = json.loads(text)
    errors = sorted(validator().iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return log  # type: ignore[no-any-return]


def seen(path: str = "app/rag.py", line: int = 12, column: int = 5) -> Evidence:
    return Evidence(path, line, column, 'load("model")', "python")


def finding(
    rule: str = "user-threshold",
    severity: Severity = Severity.ERROR,
    model: str = LLAMA,
    evidence: tuple[Evidence, ...] = (seen(),),
    **fields: Any,
) -> Finding:
    message = fields.pop("message", f"{rule} applies to {model}")
    return Finding(rule, severity, model, message, evidence=evidence, **fields)


def report(*findings: Finding, **fields: Any) -> Report:
    component = Component(LLAMA, Ecosystem.HUGGINGFACE, (seen(),))
    return Report("demo", ".", (component,), findings=findings, **fields)


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    return log["runs"][0]["results"]  # type: ignore[no-any-return]


def test_vendored_schema_is_the_official_one() -> None:
    raw = (DATA / "sarif-2.1.0.schema.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256
    assert SCHEMA_SHA256 in (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert json.loads(raw)["id"] == SCHEMA_URI


def test_no_findings_is_a_valid_empty_run() -> None:
    log = sarif(report())
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SCHEMA_URI
    (run,) = log["runs"]
    assert run["results"] == []
    assert run["tool"]["driver"] == {
        "name": "aibom",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [],
    }
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_several_rules_are_described_once_and_indexed() -> None:
    log = sarif(
        report(
            finding("unpinned", Severity.WARNING),
            finding("user-threshold"),
            finding("attribution", Severity.INFO),
            finding("unpinned", Severity.WARNING, model="BAAI/bge-small-en-v1.5"),
        )
    )
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["attribution", "unpinned", "user-threshold"]
    assert [r["name"] for r in rules] == ["Attribution", "Unpinned", "UserThreshold"]
    assert rules[2]["shortDescription"] == {"text": "User threshold"}
    assert rules[2]["fullDescription"]["text"] == plain(RULES["user-threshold"].help)
    assert rules[2]["help"]["text"] == plain(RULES["user-threshold"].help)
    assert all("helpUri" not in r for r in rules)
    found = results(log)
    assert [(r["ruleId"], r["level"]) for r in found] == [
        ("user-threshold", "error"),
        ("unpinned", "warning"),
        ("unpinned", "warning"),
        ("attribution", "note"),
    ]
    for result in found:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_every_rule_has_help_within_github_limits() -> None:
    listed = {
        "allowed-licenses", "denied-licenses", "user-threshold", "revenue-threshold",
        "training-restriction", "geographic-restriction", "non-commercial", "research-only",
        "provider-country", "governing-law", "unknown-license", "license-conflict", "unpinned",
        "missing-hashes", "gated", "attribution", "acceptable-use", "lineage", "lock-drift",
    }  # fmt: skip
    assert listed == set(RULES)
    for rule in RULES.values():
        text = plain(rule.help)
        assert 40 < len(text) <= 1024  # GitHub's limit for fullDescription


def test_a_rule_without_help_falls_back_to_its_hint() -> None:
    log = sarif(report(finding("new-rule", hint="do the thing")))
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["name"] == "NewRule"
    assert rule["help"]["text"] == "Reported by the aibom policy rule new-rule. Fix: do the thing"


def test_result_is_anchored_at_the_referencing_line() -> None:
    evidence = (seen("app/rag.py", 19, 56), seen("app/rag.py", 11, 14), seen("cfg.yaml", 3, 9))
    (result,) = results(sarif(report(finding(evidence=evidence))))
    (location,) = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "app/rag.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 11, "endLine": 11, "startColumn": 14},
    }
    related = result["relatedLocations"]
    assert [(r["id"], r["physicalLocation"]["region"]["startLine"]) for r in related] == [
        (1, 19),
        (2, 3),
    ]
    assert related[1]["physicalLocation"]["artifactLocation"]["uri"] == "cfg.yaml"
    assert "Also referenced at [app/rag.py:19](1), [cfg.yaml:3](2)." in result["message"]["text"]
    assert result["properties"]["references"] == 3


def test_message_names_the_model_and_quotes_the_clause() -> None:
    cited = finding(
        message="800,000,000 monthly active users exceed the 700,000,000 of llama3.1",
        hint="request a license from the provider",
        license="llama3.1",
        term="user_threshold",
        term_clause="2",
        term_quote="greater than 700 million monthly active users",
    )
    (result,) = results(sarif(report(cited)))
    assert result["message"]["text"] == (
        f"{LLAMA}: 800,000,000 monthly active users exceed the 700,000,000 of llama3.1. "
        'llama3.1, clause 2: "greater than 700 million monthly active users".'
    )
    assert result["properties"] == {
        "model": LLAMA,
        "severity": "error",
        "hint": "request a license from the provider",
        "license": "llama3.1",
        "term": "user_threshold",
        "clause": "2",
        "quote": "greater than 700 million monthly active users",
        "references": 1,
    }


def test_a_finding_without_evidence_points_at_the_policy_file_inside_the_tree() -> None:
    lone = finding("lock-drift", evidence=())
    (result,) = results(sarif(report(lone, policy="policies/our policy.yaml")))
    (location,) = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "policies/our%20policy.yaml", "uriBaseId": "%SRCROOT%"}
    }  # the whole file: no line is claimed that nothing points at


@pytest.mark.parametrize("policy", ["enterprise", "../elsewhere/policy.yaml", None])
def test_a_finding_without_evidence_elsewhere_has_no_location(policy: str | None) -> None:
    (result,) = results(sarif(report(finding(evidence=()), policy=policy)))
    assert "locations" not in result
    assert "relatedLocations" not in result
    assert result["partialFingerprints"][FINGERPRINT]


def test_a_file_level_reference_has_no_region() -> None:
    (result,) = results(sarif(report(finding(evidence=(seen("weights/model.gguf", 0, 0),)))))
    physical = result["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "weights/model.gguf", "uriBaseId": "%SRCROOT%"}}


def test_unicode_is_kept_and_paths_are_uri_references() -> None:
    model = "modèles/café-模型"
    evidence = (Evidence("src/modèles/ça va.py", 4, 2, "charge(« café »)", "python"),)
    text = render(report(finding(model=model, evidence=evidence, message="licence « inconnue »")))
    assert "modèles/café-模型: licence « inconnue »." in text  # UTF-8, not \u escapes
    (result,) = results(sarif(report(finding(model=model, evidence=evidence))))
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "src/mod%C3%A8les/%C3%A7a%20va.py"
    assert result["properties"]["model"] == model


def test_hostile_text_cannot_forge_links_or_placeholders() -> None:
    model = "evil/[click](https://evil.example){0}"
    (result,) = results(sarif(report(finding(model=model, message="x\\y"))))
    text = result["message"]["text"]
    assert text == r"evil/\[click\](https://evil.example){{0}}: x\\y."
    assert result["properties"]["model"] == model


def test_waived_findings_are_left_out_and_listed_in_the_run() -> None:
    waiver = Waiver(LLAMA, ("user-threshold",), approver="cfo", expires="2026-12-31", line=14)
    log = sarif(
        report(
            finding("user-threshold", waiver=waiver),
            finding("unpinned", Severity.WARNING),
            policy="enterprise",
        )
    )
    run = log["runs"][0]
    assert [r["ruleId"] for r in results(log)] == ["unpinned"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["unpinned", "user-threshold"]
    assert results(log)[0]["ruleIndex"] == 0
    assert run["properties"]["policy"] == "enterprise"
    (waived,) = run["properties"]["waived"]
    assert waived["ruleId"] == "user-threshold"
    assert (waived["approver"], waived["expires"], waived["policyLine"]) == (
        "cfo",
        "2026-12-31",
        14,
    )


def test_policy_notes_are_configuration_notifications() -> None:
    notes = ("waiver for x expired on 2025-01-01", "waiver for y (line 9) matches no finding")
    log = sarif(report(policy_notes=notes))
    (invocation,) = log["runs"][0]["invocations"]
    assert [n["message"]["text"] for n in invocation["toolConfigurationNotifications"]] == [
        "waiver for x expired on 2025-01-01.",
        "waiver for y (line 9) matches no finding.",
    ]


def test_fingerprints_ignore_line_numbers() -> None:
    before = (seen("app/rag.py", 11, 14), seen("app/rag.py", 19, 5), seen("cfg.yaml", 3, 1))
    after = (seen("app/rag.py", 40, 2), seen("app/rag.py", 58, 5), seen("cfg.yaml", 9, 1))

    def prints(evidence: tuple[Evidence, ...]) -> list[str]:
        findings = (
            finding(evidence=evidence, license="llama3.1", term="user_threshold"),
            finding("unpinned", Severity.WARNING, evidence=evidence),
            finding("unpinned", Severity.WARNING, evidence=evidence, message="another cause"),
        )
        return [r["partialFingerprints"][FINGERPRINT] for r in results(sarif(report(*findings)))]

    assert prints(before) == prints(after)
    assert len(set(prints(before))) == 3  # two findings alike but for the message stay apart
    moved = (seen("app/other.py", 11, 14),)
    assert prints(moved)[0] != prints(before)[0]  # another file is another place


def test_fingerprint_changes_with_what_the_finding_is_about() -> None:
    def print_of(item: Finding) -> str:
        return str(results(sarif(report(item)))[0]["partialFingerprints"][FINGERPRINT])

    base = finding(license="llama3.1", term="user_threshold")
    assert print_of(base) != print_of(replace(base, model="other/model"))
    assert print_of(base) != print_of(replace(base, license="llama3.2"))
    assert print_of(base) != print_of(replace(base, origin="meta-llama/Llama-3.1-8B"))
    assert print_of(base) == print_of(replace(base, message="reworded", hint="reworded"))


def test_related_locations_are_capped_for_code_scanning() -> None:
    evidence = tuple(seen("app/many.py", line, 1) for line in range(1, 152))
    (result,) = results(sarif(report(finding(evidence=evidence))))
    assert len(result["relatedLocations"]) == MAX_RELATED
    assert result["properties"]["references"] == 151
    assert result["message"]["text"].endswith("[app/many.py:11](10) and 140 more places.")


def test_output_is_deterministic_whatever_the_input_order() -> None:
    findings = [
        finding("unpinned", Severity.WARNING, model=f"org/model-{i}", evidence=(seen(line=i),))
        for i in range(1, 30)
    ] + [finding(), finding("attribution", Severity.INFO)]
    shuffled = findings[7:][::-1] + findings[:7]
    assert render(report(*findings)) == render(report(*shuffled))
    assert render(report(*findings)).startswith('{\n  "version": "2.1.0",')


def test_the_demo_app_under_the_enterprise_policy() -> None:
    scanned = pipeline.scan(EXAMPLES / "demo-app")
    evaluated = with_findings(scanned, load_policy("enterprise"), date(2026, 3, 1))
    unwaived = [f for f in evaluated.findings if f.waiver is None]
    assert unwaived  # the demo app breaks the enterprise policy
    found = results(sarif(evaluated))
    assert len(found) == len(unwaived)
    lines = {(f.rule, f.model): min(f.evidence) for f in unwaived}
    for result in found:
        model = result["properties"]["model"]
        first = lines[(result["ruleId"], model)]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (first.line, first.column)
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert (EXAMPLES / "demo-app" / uri).is_file()
