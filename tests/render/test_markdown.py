"""The Markdown summary: a verdict, tables that hold together, strangers' text made inert."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aibom import licenses, pipeline
from aibom.core.licensing import LicenseSource, Licensing
from aibom.core.model import (
    Component,
    Ecosystem,
    Evidence,
    Finding,
    Pin,
    PinSource,
    Report,
    Severity,
    Waiver,
)
from aibom.policy import load_policy, with_findings
from aibom.render.markdown import BUDGET, MAX_CHARS, cell, render

EXAMPLES = Path(__file__).parents[2] / "examples"
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
HOSTILE = "evil|org/<script>alert(1)</script>"


def seen(path: str = "app/rag.py", line: int = 12) -> Evidence:
    return Evidence(path, line, 5, 'load("model")', "python")


def finding(
    rule: str = "user-threshold",
    severity: Severity = Severity.ERROR,
    model: str = LLAMA,
    **fields: Any,
) -> Finding:
    fields.setdefault("evidence", (seen(),))
    message = fields.pop("message", f"{rule} applies")
    return Finding(rule, severity, model, message, **fields)


def component(name: str = LLAMA, key: str | None = "llama3.1", **licensing: Any) -> Component:
    decided = Licensing(key, LicenseSource.CARD, **licensing)
    return Component(name, Ecosystem.HUGGINGFACE, (seen(),), licensing=decided)


def report(*findings: Finding, **fields: Any) -> Report:
    fields.setdefault("components", (component(),))
    fields.setdefault("policy", "enterprise")
    return Report("demo", ".", findings=findings, **fields)


def table(text: str, heading: str) -> list[list[str]]:
    """The rows (header first, separator dropped) of the table under ``heading``, each split
    on the pipes GitHub splits on: unescaped ones."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"### {heading}"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("| "):
            break
        assert line.endswith(" |")
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return [rows[0], *rows[2:]]


def test_failed_verdict_counts_unwaived_findings_by_severity() -> None:
    waiver = Waiver(LLAMA, approver="cfo", expires="2026-12-31")
    text = render(
        report(
            finding(),
            finding("unpinned", Severity.WARNING),
            finding("gated", Severity.WARNING),
            finding("attribution", Severity.INFO),
            finding("lineage", Severity.ERROR, waiver=waiver),
        )
    )
    first, blank, context = text.splitlines()[:3]
    assert first == "## \u274c aibom policy failed: 1 errors, 2 warnings, 1 info (1 waived)"
    assert blank == ""
    assert context == "policy enterprise \u00b7 1 model \u00b7 fails on error and above"


def test_warnings_pass_unless_the_build_fails_on_them() -> None:
    warned = report(finding("unpinned", Severity.WARNING))
    assert render(warned).startswith("## \u2705 aibom policy passed: 0 errors, 1 warnings")
    assert render(warned, fail_on=Severity.WARNING).startswith("## \u274c aibom policy failed")
    waived = report(finding(waiver=Waiver(LLAMA)))
    assert render(waived).startswith("## \u2705 aibom policy passed: 0 errors")
    assert "No unwaived findings." in render(waived)


def test_no_policy_still_lists_the_models() -> None:
    text = render(report(policy=None))
    assert text.startswith("## aibom: no policy evaluated\n\n1 model\n")
    assert table(text, "Models") == [
        ["Model", "Ecosystem", "License", "Governing law and venue"],
        [LLAMA, "huggingface", "llama3.1", "\u2014"],
    ]


def test_findings_table_has_where_and_the_cited_clause() -> None:
    cited = finding(
        message="800,000,000 monthly active users exceed the cap",
        hint="request a license",
        license="llama3.1",
        term_clause="2",
        origin="meta-llama/Llama-3.1-8B",
        evidence=(seen("app/rag.py", 19), seen("app/rag.py", 11), seen("cfg.yaml", 3)),
    )
    rows = table(
        render(report(cited, finding("unpinned", Severity.WARNING, evidence=()))), "Findings"
    )
    assert rows[0] == ["Severity", "Rule", "Model", "Finding", "Where"]
    assert rows[1] == [
        "error",
        "user-threshold",
        LLAMA,
        "800,000,000 monthly active users exceed the cap "
        "(llama3.1, clause 2, from meta-llama/Llama-3.1-8B)<br>Fix: request a license",
        "app/rag.py:11 (+2)",
    ]
    assert rows[2][0::4] == ["warning", "\u2014"]


def test_hostile_names_and_messages_stay_inside_their_cell() -> None:
    hostile = finding(
        model=HOSTILE,
        message="line one\nline | two *bold* [x](https://evil.example) @octocat",
        hint="`code` $math$ <img src=x>",
        evidence=(seen("src/a|b.py", 3),),
    )
    text = render(report(hostile, components=(component(HOSTILE, key="<b>mit</b>"),)))
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    (header, row) = table(text, "Findings")
    assert len(row) == len(header)
    assert row[2] == r"evil\|org/&lt;script&gt;alert(1)&lt;/script&gt;"
    assert row[3] == (
        r"line one line \| two \*bold\* \[x\](https://evil.example) @" + "\u2060octocat"
        r"<br>Fix: \`code\` \$math\$ &lt;img src=x&gt;"
    )
    assert row[4] == r"src/a\|b.py:3"
    (_, model) = table(text, "Models")
    assert model == [
        r"evil\|org/&lt;script&gt;alert(1)&lt;/script&gt;",
        "huggingface",
        "&lt;b&gt;mit&lt;/b&gt;",
        "\u2014",
    ]


def test_urls_stay_links_without_breaking_the_cell() -> None:
    assert cell("see https://llama.meta.com/llama3_1/use-policy.") == (
        "see https://llama.meta.com/llama3_1/use-policy."
    )
    assert cell("https://x.example/a|b<c>*d") == "https://x.example/a%7Cb%3Cc%3E%2Ad"
    assert cell("snake_case") == r"snake\_case"


def test_gfm_renders_hostile_text_as_text() -> None:
    gfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    hostile = finding(
        model=HOSTILE, message="[x](javascript:alert(1)) https://a.example/x_y", hint="*b*"
    )
    markdown = render(report(hostile, components=(component(HOSTILE),)))
    # GitHub allows some raw HTML and then sanitises it; render unsafely to see what passes.
    html = gfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    assert "<script" not in html and "<em>" not in html
    assert 'href="javascript' not in html
    assert '<a href="https://a.example/x_y">' in html
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert all(len(re.findall(r"<t[dh]>", row)) == 5 for row in rows[:2])
    assert "<td>evil|org/&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html


def test_waived_findings_say_who_approved_them_until_when() -> None:
    waiver = Waiver(
        "meta-llama/*",
        ("user-threshold",),
        reason="separate license signed",
        approver="legal@example.com",
        ticket="LEGAL-42",
        expires="2026-12-31",
    )
    text = render(
        report(finding(waiver=waiver), finding("gated", Severity.WARNING, waiver=Waiver(LLAMA)))
    )
    rows = table(text, "Waived (2)")
    assert rows[0] == ["Severity", "Rule", "Model", "Approved by", "Until", "Ticket", "Reason"]
    assert rows[1] == [
        "error",
        "user-threshold",
        LLAMA,
        "legal@\u2060example.com",
        "2026-12-31",
        "LEGAL-42",
        "separate license signed",
    ]
    assert rows[2][3:] == ["\u2014"] * 4
    assert "### Findings" not in text


def test_policy_notes_are_listed() -> None:
    notes = ("waiver for x expired on 2025-01-01 (policy line 9)", "waiver for y is stale")
    text = render(report(policy_notes=notes))
    assert "### Policy notes\n\n- waiver for x expired on 2025-01-01 (policy line 9)\n- " in text


def test_models_table_marks_licenses_to_check() -> None:
    hosted = Component("gpt-4o", Ecosystem.API_SERVICE, (seen(),), provider="openai")
    unknown = component("org/mystery", key=None)
    guessed = component("BAAI/bge-small-en-v1.5", key="mit", unverified=True)
    text = render(report(components=(unknown, hosted, guessed, component())))
    assert table(text, "Models")[1:] == [
        ["BAAI/bge-small-en-v1.5", "huggingface", "mit (unverified)", "\u2014"],
        [LLAMA, "huggingface", "llama3.1", "\u2014"],
        ["openai/gpt-4o", "api-service", "provider terms", "\u2014"],
        ["org/mystery", "huggingface", "unknown", "\u2014"],
    ]


def test_models_table_gives_the_law_and_venue_of_each_license() -> None:
    base = "meta-llama/Llama-3.2-1B"
    pin = Pin(PinSource.LOCKFILE, commit="f" * 40, card_license="mit")
    tune = Component("acme/tuned", Ecosystem.HUGGINGFACE, (seen(),), base_models=(base,), pin=pin)
    own = Component(base, Ecosystem.HUGGINGFACE, (seen(),))
    glm = Component("THUDM/glm-4-9b-chat", Ecosystem.HUGGINGFACE, (seen(),))
    text = render(report(components=licenses.apply((tune, own, glm))))
    rows = {row[0]: row[3] for row in table(text, "Models")[1:]}
    law = (
        "governing law California, USA (\u00a77); "
        "venue courts of California (exclusive jurisdiction) (\u00a77)"
    )
    assert rows[base] == law
    assert rows["acme/tuned"] == (
        "mit: governing law not stated in the text; venue not stated in the text"
        f"<br>llama3.2: {law}"
    )
    assert rows["THUDM/glm-4-9b-chat"] == "governing law unverified; venue unverified"


def test_a_huge_result_is_cut_to_fit_a_comment() -> None:
    findings = [
        finding(
            "unpinned",
            Severity.WARNING,
            model=f"org/model-{i:05d}",
            message="not pinned to exact bytes; " * 20,
            evidence=(seen(f"src/module_{i}.py", i),),
        )
        for i in range(2_000)
    ]
    text = render(report(*findings, policy_notes=("a note",)))
    assert len(text.encode("utf-8")) <= BUDGET < MAX_CHARS
    assert text.startswith("## \u2705 aibom policy passed: 0 errors, 2000 warnings, 0 info")
    rows = table(text, "Findings (2000)")
    assert 10 < len(rows) - 1 < 2_000
    last_rows = len(rows) - 1
    assert text.endswith(
        f"_Not shown: {2_000 - last_rows} more rows of findings, waived findings, policy notes, "
        "models. The comment would exceed GitHub's 65,536-character limit; the SARIF or JSON "
        "report lists everything._\n"
    )


def test_a_long_cell_is_shortened() -> None:
    (_, row) = table(render(report(finding(message="x" * 5_000))), "Findings")
    assert len(row[3]) < 700 and "\u2026" in row[3]


def test_output_is_deterministic_whatever_the_input_order() -> None:
    findings = [finding("unpinned", Severity.WARNING, model=f"m/{i}") for i in range(20)]
    findings += [finding(), finding("attribution", Severity.INFO)]
    shuffled = findings[7:][::-1] + findings[:7]
    assert render(report(*findings)) == render(report(*shuffled))


def test_the_demo_app_under_the_enterprise_policy() -> None:
    scanned = pipeline.scan(EXAMPLES / "demo-app")
    evaluated = with_findings(scanned, load_policy("enterprise"), date(2026, 3, 1))
    text = render(evaluated)
    unwaived = [f for f in evaluated.findings if f.waiver is None]
    rows = table(text, f"Findings ({len(unwaived)})")
    assert len(rows) - 1 == len(unwaived)
    assert all(len(row) == 5 for row in rows)
    assert len(table(text, "Models")) - 1 == len(evaluated.components)
