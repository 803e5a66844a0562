"""Verdicts: what blocks a release, what asks for action, what is waived, what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from aibom.core.model import Finding, Severity, Waiver
from aibom.render.verdict import Verdict, counts, verdict, verdicts
from tests.render.reports import demo, policy_file

WAIVER = Waiver("m", approver="legal", expires="2030-01-01")


def found(severity: Severity, term: str | None = None, **fields: object) -> Finding:
    return Finding("some-rule", severity, "m", "why", term=term, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], Verdict.ALLOWED),
        ([found(Severity.ERROR)], Verdict.BLOCKED),
        ([found(Severity.ERROR, waiver=WAIVER)], Verdict.WAIVED),
        ([found(Severity.ERROR, expired_waiver=WAIVER)], Verdict.BLOCKED),
        ([found(Severity.WARNING)], Verdict.NEEDS_ACTION),
        ([found(Severity.INFO, "attribution")], Verdict.NEEDS_ACTION),
        ([found(Severity.INFO, "acceptable_use_policy")], Verdict.NEEDS_ACTION),
        ([found(Severity.INFO, "geographic_restrictions")], Verdict.ALLOWED),
        ([found(Severity.INFO)], Verdict.ALLOWED),
        (
            [found(Severity.ERROR, waiver=WAIVER), found(Severity.INFO, "attribution")],
            Verdict.NEEDS_ACTION,
        ),
        ([found(Severity.ERROR, waiver=WAIVER), found(Severity.INFO)], Verdict.WAIVED),
        ([found(Severity.WARNING), found(Severity.ERROR)], Verdict.BLOCKED),
    ],
)
def test_verdict_of_one_model(findings: list[Finding], expected: Verdict) -> None:
    assert verdict(findings) is expected


def test_fail_on_warning_makes_warnings_block() -> None:
    assert verdict([found(Severity.WARNING)], Severity.WARNING) is Verdict.BLOCKED


def test_every_verdict_has_a_word_not_only_a_colour() -> None:
    assert [v.label for v in Verdict] == ["Blocked", "Needs action", "Waived", "Allowed"]


def test_demo_counts_with_waivers(tmp_path: Path) -> None:
    report = demo(str(policy_file(tmp_path)))
    by_model = verdicts(report)
    assert by_model["qwen2.5:7b-instruct"] is Verdict.WAIVED
    assert by_model["meta-llama/Llama-3.1-8B-Instruct"] is Verdict.BLOCKED  # still unpinned
    assert by_model["openai/whisper-small"] is Verdict.BLOCKED  # its waiver expired
    assert by_model["omni-moderation-latest"] is Verdict.ALLOWED
    tally = counts(report)
    assert sum(tally.values()) == len(report.components)
    assert list(tally) == list(Verdict)
