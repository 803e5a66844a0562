"""Waivers: applied, expired, stale, scoped to paths; waived findings stay in the result."""

from __future__ import annotations

from datetime import date

from aibom.core.model import Severity
from aibom.policy import evaluate, fails
from tests.policy.conftest import TODAY, PolicyMaker, hub, report

LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
BIG = {"monthly_active_users": 800_000_000}


def waiver(
    model: str = "META-LLAMA/llama-3.1-*",
    expires: str = "2026-12-31",
    extra: str = "rules: [user-threshold]",
) -> str:
    return (
        f'- model: "{model}"\n'
        f"  {extra}\n"
        "  reason: separate license signed with Meta\n"
        "  owner: ml-platform\n"
        "  approver: legal@acme.example\n"
        "  ticket: LEGAL-7\n"
        f"  expires: {expires}\n"
    )


def test_a_waiver_marks_the_finding_and_the_build_passes(make_policy: PolicyMaker) -> None:
    policy = make_policy(waivers=waiver(), **BIG)
    result = evaluate(report(hub(LLAMA)), policy, TODAY)
    (finding,) = [f for f in result.findings if f.rule == "user-threshold"]
    assert finding.waiver is not None
    assert (finding.waiver.approver, finding.waiver.expires, finding.waiver.line) == (
        "legal@acme.example",
        "2026-12-31",
        9,
    )
    assert finding.severity is Severity.ERROR  # still shown as what it is
    assert result.notes == ()
    assert not fails(result.findings, Severity.ERROR)
    assert fails(result.findings, Severity.WARNING)  # acceptable-use is not waived
    unwaived = evaluate(report(hub(LLAMA)), make_policy(**BIG), TODAY)
    assert fails(unwaived.findings, Severity.ERROR)


def test_a_waiver_without_rules_covers_every_rule(make_policy: PolicyMaker) -> None:
    policy = make_policy(waivers=waiver(extra="paths: []"), **BIG)
    result = evaluate(report(hub(LLAMA)), policy, TODAY)
    assert result.findings and all(f.waiver is not None for f in result.findings)
    assert not fails(result.findings, Severity.INFO)


def test_an_expired_waiver_stops_applying_and_is_reported(make_policy: PolicyMaker) -> None:
    policy = make_policy(waivers=waiver(expires="2026-02-28"), **BIG)
    result = evaluate(report(hub(LLAMA)), policy, TODAY)
    (finding,) = [f for f in result.findings if f.rule == "user-threshold"]
    assert finding.waiver is None
    assert fails(result.findings, Severity.ERROR)
    # The finding says which approval lapsed; findings the waiver never covered say nothing.
    assert finding.expired_waiver is not None
    assert (finding.expired_waiver.approver, finding.expired_waiver.expires) == (
        "legal@acme.example",
        "2026-02-28",
    )
    others = [f for f in result.findings if f.rule != "user-threshold"]
    assert others and all(f.expired_waiver is None for f in others)
    assert result.notes == (
        "waiver for META-LLAMA/llama-3.1-* expired on 2026-02-28 "
        "(approved by legal@acme.example): the findings it covered count again (policy line 9)",
    )
    # It applies through its expiry date.
    last_day = evaluate(report(hub(LLAMA)), policy, date(2026, 2, 28))
    assert not fails(last_day.findings, Severity.ERROR) and last_day.notes == ()


def test_a_waiver_that_matches_nothing_is_stale(make_policy: PolicyMaker) -> None:
    policy = make_policy(waivers=waiver(model="Qwen/*"), **BIG)
    result = evaluate(report(hub(LLAMA)), policy, TODAY)
    assert all(f.waiver is None for f in result.findings)
    assert result.notes == (
        "waiver for Qwen/* matches no finding: it is stale, remove it (policy line 9)",
    )
    # Covering the model but not the rule is stale too.
    other_rule = make_policy(waivers=waiver(extra="rules: [training-restriction]"), **BIG)
    assert "stale" in evaluate(report(hub(LLAMA)), other_rule, TODAY).notes[0]


def test_a_path_scoped_waiver_covers_only_its_paths(make_policy: PolicyMaker) -> None:
    model = hub(LLAMA, paths=("research/eval.py", "app/chat.py", "research/notes/run.py"))
    policy = make_policy(waivers=waiver(extra='paths: ["research/*"]'), **BIG)
    result = evaluate(report(model), policy, TODAY)
    pieces = [f for f in result.findings if f.rule == "user-threshold"]
    assert len(pieces) == 2
    waived = next(f for f in pieces if f.waiver is not None)
    open_ = next(f for f in pieces if f.waiver is None)
    assert [e.path for e in waived.evidence] == ["research/eval.py", "research/notes/run.py"]
    assert [e.path for e in open_.evidence] == ["app/chat.py"]
    assert fails(result.findings, Severity.ERROR)
    everywhere = hub(LLAMA, paths=("research/eval.py",))
    result = evaluate(report(everywhere), policy, TODAY)
    assert not fails(result.findings, Severity.ERROR)


def test_a_path_scoped_waiver_elsewhere_is_stale(make_policy: PolicyMaker) -> None:
    policy = make_policy(waivers=waiver(extra='paths: ["research/*"]'), **BIG)
    result = evaluate(report(hub(LLAMA, paths=("app/chat.py",))), policy, TODAY)
    assert fails(result.findings, Severity.ERROR)
    assert result.notes and "stale" in result.notes[0]


def test_first_matching_waiver_wins_and_the_rest_can_be_stale(make_policy: PolicyMaker) -> None:
    policy = make_policy(waivers=waiver() + waiver(model="meta-llama/*"), **BIG)
    result = evaluate(report(hub(LLAMA)), policy, TODAY)
    (finding,) = [f for f in result.findings if f.rule == "user-threshold"]
    assert finding.waiver is not None and finding.waiver.model == "META-LLAMA/llama-3.1-*"
    assert result.notes == (
        "waiver for meta-llama/* matches no finding: it is stale, remove it (policy line 16)",
    )
