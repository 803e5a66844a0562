"""The diff of two scans: each kind of change, what counts for a legal review, both inputs."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from aibom import pipeline
from aibom.core.errors import AibomError
from aibom.core.model import Report
from aibom.policy import load_policy
from aibom.render import DIFF_FORMATS, json_report
from aibom.render.cyclonedx import render_json as cyclonedx_json
from aibom.render.diff import Diff, compare, snapshot
from aibom.render.diff_input import parse
from aibom.render.diff_render import render_json, render_markdown, render_text
from tests.paths import EXAMPLE
from tests.render.reports import DAY, demo, policy_file

LORA_CARD = "models/support-bot-lora/README.md"


def scan(root: Path, policy: str = "enterprise", today: date = DAY) -> Report:
    return pipeline.scan(root, policy=load_policy(policy), today=today)


def changed_copy(folder: Path) -> Path:
    """The example with the adapter moved to Llama 3.2, Gemma added, the notebook (BART)
    removed, and the GGUF file's bytes changed (same model, same license: a re-pin)."""
    root = folder / "demo-app"
    shutil.copytree(EXAMPLE, root)
    card = root / LORA_CARD
    text = card.read_text(encoding="utf-8").replace("license: llama3.1", "license: llama3.2")
    card.write_text(text, encoding="utf-8")
    (root / "notebooks" / "explore.ipynb").unlink()
    with (root / "app" / "extra.py").open("w", encoding="utf-8") as handle:
        handle.write('from transformers import pipeline\npipeline(model="google/gemma-2-2b-it")\n')
    with (root / "models" / "phi-mini.Q4_K_M.gguf").open("ab") as handle:
        handle.write(b"\0" * 8)
    return root


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return scan(changed_copy(tmp_path_factory.mktemp("new")))


def json_side(report: Report) -> bytes:
    return json_report.render(report).encode()


def cdx_side(report: Report) -> bytes:
    return cyclonedx_json(report).encode()


def test_a_report_against_itself_is_no_change() -> None:
    diff = compare(snapshot(demo()), snapshot(demo()))
    assert diff == Diff(diff.old, diff.new)
    assert not diff.relevant
    assert "No license-relevant change (exit 0)." in render_text(diff)


def test_every_kind_of_change_is_listed(changed: Report) -> None:
    diff = compare(snapshot(demo()), snapshot(changed))
    assert [m.name for m in diff.added] == ["google/gemma-2-2b-it"]
    assert [m.name for m in diff.removed] == ["facebook/bart-large-cnn"]
    assert [(c.model, c.before, c.after) for c in diff.licenses] == [
        ("models/support-bot-lora", "llama3.1", "llama3.2")
    ]
    assert {c.what for c in diff.terms} == {
        "terms of llama3.1",  # its own, before
        "terms of llama3.1 (inherited from meta-llama/Llama-3.1-8B-Instruct)",  # its base's, now
        "terms of llama3.2",
    }
    assert [(c.model, c.what) for c in diff.repinned] == [
        ("models/phi-mini.Q4_K_M.gguf", "file hashes")
    ]
    new = {(f.model, f.rule) for f in diff.findings_new}
    assert ("google/gemma-2-2b-it", "unpinned") in new
    assert ("facebook/bart-large-cnn", "unknown-license") in {
        (f.model, f.rule) for f in diff.findings_gone
    }
    assert diff.relevant


def test_a_re_pin_under_the_same_license_is_listed_not_a_failure(tmp_path: Path) -> None:
    root = tmp_path / "demo-app"
    shutil.copytree(EXAMPLE, root)
    with (root / "models" / "phi-mini.Q4_K_M.gguf").open("ab") as handle:
        handle.write(b"\0" * 8)
    diff = compare(snapshot(demo()), snapshot(scan(root)))
    assert len(diff.repinned) == 1 and not diff.licenses and not diff.terms
    assert not diff.relevant


def test_removing_a_model_only_lowers_obligations(tmp_path: Path) -> None:
    root = tmp_path / "demo-app"
    shutil.copytree(EXAMPLE, root)
    (root / "notebooks" / "explore.ipynb").unlink()
    diff = compare(snapshot(demo()), snapshot(scan(root)))
    assert [m.name for m in diff.removed] == ["facebook/bart-large-cnn"] and diff.findings_gone
    assert not diff.relevant


def test_an_expired_waiver_is_a_finding_that_got_worse(tmp_path: Path) -> None:
    policy = str(policy_file(tmp_path))
    before = scan(EXAMPLE, policy, date(2026, 1, 15))
    after = scan(EXAMPLE, policy, date(2026, 2, 1))  # the whisper waiver ended on 2026-01-31
    diff = compare(snapshot(before), snapshot(after))
    assert [
        (c.model, c.rule if hasattr(c, "rule") else c.what, c.before, c.after)
        for c in diff.findings_changed
    ] == [("openai/whisper-small", "unpinned", "error, waived", "error, waiver expired")]
    assert diff.worse and diff.relevant
    assert not compare(snapshot(after), snapshot(before)).relevant  # a new waiver is no alarm


def test_cyclonedx_inputs_tell_the_same_story_without_findings(changed: Report) -> None:
    from_json = compare(parse(json_side(demo()), "old"), parse(json_side(changed), "new"))
    from_cdx = compare(parse(cdx_side(demo()), "old"), parse(cdx_side(changed), "new"))
    for field in ("added", "removed"):
        names = [(m.name, m.license) for m in getattr(from_json, field)]
        assert [(m.name, m.license) for m in getattr(from_cdx, field)] == names, field
    for field in ("licenses", "terms", "repinned"):
        assert getattr(from_cdx, field) == getattr(from_json, field), field
    assert from_cdx.findings_new == () and from_cdx.relevant
    assert any(line.startswith("policy findings:") for line in from_cdx.not_compared)
    assert not any(line.startswith("policy findings:") for line in from_json.not_compared)


def test_a_report_and_the_sbom_of_the_same_scan_agree() -> None:
    diff = compare(parse(json_side(demo()), "report"), parse(cdx_side(demo()), "sbom"))
    assert not (diff.added or diff.removed or diff.licenses or diff.terms or diff.repinned)
    assert not diff.relevant


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<bom/>", "only JSON is compared"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "neither an aibom JSON report nor a CycloneDX SBOM"),
        (b'{"schema": "other/1"}', "not an aibom JSON report"),
        (
            b'{"bomFormat": "CycloneDX", "components": []}',
            "a CycloneDX BOM that aibom did not write",
        ),
    ],
)
def test_unusable_inputs_say_why(data: bytes, message: str) -> None:
    with pytest.raises(AibomError, match=message) as caught:
        parse(data, "x.json")
    assert caught.value.exit_code == 2


def test_every_format_renders_the_same_sections(changed: Report) -> None:
    diff = compare(snapshot(demo()), snapshot(changed))
    document = json.loads(render_json(diff))
    assert document["schema"] == "aibom-diff/1" and document["license_relevant"] is True
    assert document["licenses"][0]["after"] == "llama3.2"
    text, markdown = render_text(diff), render_markdown(diff)
    for title in (
        "Models added",
        "Models removed",
        "License changed",
        "Terms changed",
        "Re-pinned",
    ):
        assert title in text and f"### {title}" in markdown
    page = DIFF_FORMATS["html"](diff)
    assert "<script" not in page and "Content-Security-Policy" in page and "License changed" in page


def test_strangers_names_are_inert_in_markdown_and_text() -> None:
    report = demo()
    evil = replace(report.components[0], name="x|<img src=y onerror=z>\x1b[31m")
    diff = compare(
        snapshot(report), snapshot(replace(report, components=(*report.components, evil)))
    )
    assert "<img" not in render_markdown(diff)
    assert "\x1b" not in render_text(diff)
    assert "<img" not in DIFF_FORMATS["html"](diff)
