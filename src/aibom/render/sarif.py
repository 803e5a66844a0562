"""SARIF 2.1.0 for code scanning: one result per unwaived policy finding, at the line that uses it.

Follows the OASIS SARIF 2.1.0 standard (errata 01) and the subset GitHub code scanning reads:
one location per result (only the first is used), further references as related locations,
partial fingerprints that survive edits which only move lines.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from typing import Any, assert_never
from urllib.parse import quote

from aibom import __version__
from aibom.core.model import Evidence, Finding, Report, Severity, Waiver, finding_order
from aibom.core.text import json_text
from aibom.policy.rules import RULES

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"  # SARIF 3.14.14: relative URIs resolve against the scanned root
FINGERPRINT = "aibomFinding/v1"  # SARIF 3.27.17: a versioned key, so the recipe can change later
MAX_RELATED = 99  # GitHub keeps 100 locations per result and rejects a file with over 1,000
MAX_LINKS = 10  # related locations named in the message itself (GitHub links only those)
SNIPPET_CHARS = 200


def render(report: Report) -> str:
    """The policy findings as a SARIF 2.1.0 log: indented JSON, newline-terminated, the same bytes
    for the same report."""
    unwaived = sorted((f for f in report.findings if f.waiver is None), key=finding_order)
    rules = sorted({f.rule for f in report.findings})
    index = {rule: i for i, rule in enumerate(rules)}
    fingerprints = _fingerprints(unwaived)
    policy_file = _policy_file(report)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "aibom",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rule, report.findings) for rule in rules],
            }
        },
        "invocations": [_invocation(report.policy_notes)],
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The root of the scanned tree."}},
        },
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(f, index[f.rule], fingerprint, policy_file)
            for f, fingerprint in zip(unwaived, fingerprints, strict=True)
        ],
    }
    properties = _run_properties(report)
    if properties:
        run["properties"] = properties
    # SARIF 3.13.2: version SHOULD come first, so keys keep the order they are built in here.
    log = {"version": "2.1.0", "$schema": SCHEMA_URI, "runs": [run]}
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def level(severity: Severity) -> str:
    """The SARIF level (3.27.10) of an aibom severity."""
    match severity:
        case Severity.ERROR:
            return "error"
        case Severity.WARNING:
            return "warning"
        case Severity.INFO:
            return "note"
        case _:
            assert_never(severity)


def plain(text: str) -> str:
    """Untrusted text made safe for a SARIF plain text message.

    Braces are doubled (3.11.5: they would be placeholders) and square brackets escaped
    (3.11.6), so that a model name cannot forge a placeholder or an embedded link.
    """
    text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return text.replace("{", "{{").replace("}", "}}")


def _rule(rule: str, findings: Iterable[Finding]) -> dict[str, Any]:
    words = rule.replace("-", " ")
    registered = RULES.get(rule)
    help_text = plain(registered.help) if registered else _fallback_help(rule, findings)
    return {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.split("-")),
        "shortDescription": {"text": words[:1].upper() + words[1:]},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text},
    }


def _fallback_help(rule: str, findings: Iterable[Finding]) -> str:
    hint = next((f.hint for f in findings if f.rule == rule and f.hint), "")
    base = f"Reported by the aibom policy rule {rule}."
    return f"{base} Fix: {hint}" if hint else base


def _result(
    finding: Finding, rule_index: int, fingerprint: str, policy_file: str | None
) -> dict[str, Any]:
    places = _places(finding.evidence)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": {"text": _message(finding, places[1:])},
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": _properties(finding, len(places)),
    }
    if places:
        result["locations"] = [_location(places[0])]
    elif policy_file is not None:
        # Nothing in the code names it: the fix is a policy change or a waiver, in this file.
        result["locations"] = [_file_location(policy_file, "The policy that reports it.")]
    related = [_location(e, i) for i, e in enumerate(places[1 : MAX_RELATED + 1], start=1)]
    if related:
        result["relatedLocations"] = related
    return result


def _places(evidence: tuple[Evidence, ...]) -> list[Evidence]:
    """The evidence in order, one per position (two detectors may report the same place)."""
    seen: dict[tuple[str, int, int], Evidence] = {}
    for item in sorted(evidence):
        seen.setdefault((item.path, item.line, item.column), item)
    return list(seen.values())


def _message(finding: Finding, related: list[Evidence]) -> str:
    text = plain(f"{finding.model}: {finding.message}")  # the alert's title names the model
    if finding.term_quote:
        cited = ", ".join(
            part
            for part in (
                finding.license,
                f"clause {finding.term_clause}" if finding.term_clause else None,
            )
            if part
        )
        quoted = plain(finding.term_quote.strip())
        text = _sentence(text) + (f' {plain(cited)}: "{quoted}"' if cited else f' "{quoted}"')
    if related:
        shown = related[:MAX_LINKS]
        links = ", ".join(f"[{plain(_where(e))}]({i})" for i, e in enumerate(shown, start=1))
        text = _sentence(text) + f" Also referenced at {links}"
        if len(related) > len(shown):
            text += f" and {len(related) - len(shown)} more places"
    return _sentence(text)


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _where(evidence: Evidence) -> str:
    return f"{evidence.path}:{evidence.line}" if evidence.line > 0 else evidence.path


def _location(evidence: Evidence, location_id: int | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(evidence.path)}
    if evidence.line > 0:  # SARIF 3.30.5: lines are 1-based; without one the whole file is meant
        region: dict[str, Any] = {"startLine": evidence.line, "endLine": evidence.line}
        if evidence.column > 0:
            region["startColumn"] = evidence.column
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    snippet = " ".join(evidence.snippet.split())[:SNIPPET_CHARS]
    if snippet:
        location["message"] = {"text": plain(snippet)}
    if location_id is not None:
        location["id"] = location_id
    return location


def _file_location(path: str, message: str) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": _artifact(path)}, "message": {"text": message}}


def _artifact(path: str) -> dict[str, str]:
    # SARIF 3.4.3: a valid URI reference; spaces, non-ASCII and ':' are percent-encoded so a
    # path can neither break the URI nor be read as a scheme.
    # Percent-encoded bytes (RFC 3986): a name that is not UTF-8 keeps its bytes in the URI.
    raw = os.fsencode(path.replace("\\", "/").lstrip("/"))
    return {"uri": quote(raw, safe="/"), "uriBaseId": SRCROOT}


def _properties(finding: Finding, references: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        "model": finding.model,
        "severity": finding.severity.value,
        "hint": finding.hint or None,
        "license": finding.license,
        "term": finding.term,
        "clause": finding.term_clause,
        "quote": finding.term_quote,
        "origin": finding.origin,
        "references": references,
    }
    return {key: value for key, value in values.items() if value is not None}


def _fingerprints(findings: list[Finding]) -> list[str]:
    """A line-independent identity per finding: what it is about and in which file, plus an
    occurrence number among findings that share all of that (ordered without line numbers)."""
    keys = [_identity(f) for f in findings]
    order = sorted(range(len(findings)), key=lambda i: (keys[i], _tiebreak(findings[i])))
    counts: Counter[str] = Counter()
    values = [""] * len(findings)
    for i in order:
        counts[keys[i]] += 1
        values[i] = f"{keys[i]}:{counts[keys[i]]}"
    return values


def _identity(finding: Finding) -> str:
    places = _places(finding.evidence)
    parts = [
        finding.rule,
        finding.model,
        finding.license or "",
        finding.term or "",
        finding.origin or "",
        places[0].path if places else "",
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _tiebreak(finding: Finding) -> tuple[str, str, tuple[str, ...]]:
    return (finding.message, finding.hint, tuple(sorted({e.path for e in finding.evidence})))


def _invocation(notes: tuple[str, ...]) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:  # SARIF 3.20.22: expired or stale waivers are about the tool's configuration
        invocation["toolConfigurationNotifications"] = [
            {"level": "warning", "message": {"text": _sentence(plain(note))}} for note in notes
        ]
    return invocation


def _run_properties(report: Report) -> dict[str, Any]:
    """The policy and the waived findings: left out of the results, kept visible here."""
    properties: dict[str, Any] = {}
    if report.policy is not None:
        properties["policy"] = report.policy
    waived = [
        _waived(f, f.waiver)
        for f in sorted(report.findings, key=finding_order)
        if f.waiver is not None
    ]
    if waived:
        properties["waived"] = waived
    return properties


def _waived(finding: Finding, waiver: Waiver) -> dict[str, Any]:
    return {
        "ruleId": finding.rule,
        "model": finding.model,
        "severity": finding.severity.value,
        "approver": waiver.approver,
        "owner": waiver.owner,
        "expires": waiver.expires,
        "ticket": waiver.ticket,
        "reason": waiver.reason,
        "policyLine": waiver.line,
    }


def _policy_file(report: Report) -> str | None:
    """The policy file's path relative to the scanned root, when it is a YAML file inside it."""
    policy = report.policy
    if not policy or not policy.endswith((".yaml", ".yml")):
        return None  # a shipped policy, named: no file in this tree
    try:
        relative = os.path.relpath(policy, report.root).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return None
    return None if relative.startswith("../") or relative == ".." else relative
