"""THIRD_PARTY_MODEL_NOTICES.md: every notice, display, name and use-policy duty, once each."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import yaml

from aibom import pipeline
from aibom.render import notices
from aibom.render.duties import clause_of, gather, notice_texts
from tests.conftest import write_tree
from tests.paths import ROOT
from tests.render.reports import demo

LLAMA_NOTICE = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright \u00a9 Meta Platforms, "
    "Inc. All Rights Reserved."
)
MODELS = {
    "app.py": "\n".join(
        [
            "from transformers import AutoModel",
            'AutoModel.from_pretrained("google/gemma-2-2b-it")',
            'AutoModel.from_pretrained("moonshotai/Kimi-K2-Instruct")',
            'AutoModel.from_pretrained("stabilityai/stable-diffusion-3.5-large")',
            'AutoModel.from_pretrained("meta-llama/Llama-3.2-1B")',
            'AutoModel.from_pretrained("models/tuned")',
            "",
        ]
    ),
    "models/tuned/README.md": "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.2-1B\n---",
    "models/tuned/config.json": "{}\n",
}


def fenced(text: str) -> list[str]:
    """The contents of every fenced block."""
    return re.findall(r"^```text\n(.*?)\n```$", text, re.MULTILINE | re.DOTALL)


def section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_demo_notices_carry_llama_duties_once_for_both_models() -> None:
    text = notices.render(demo())
    assert fenced(text) == [LLAMA_NOTICE]  # once, though two models carry it
    both = "Models: meta-llama/Llama-3.1-8B-Instruct, models/support-bot-lora."
    assert both in section(text, "Notice texts") and "\u00a7 1.b.iii" in section(
        text, "Notice texts"
    )
    assert "### `Built with Llama`" in section(text, "Display duties")
    assert "### `Llama`" in section(text, "Naming duties")
    policies = section(text, "Acceptable-use policies to pass on")
    assert (
        "### https://llama.meta.com/llama3_1/use-policy" in policies and "\u00a7 1.b.iv" in policies
    )
    other = section(text, "Other attribution duties")
    assert "include a readable copy of the attribution notices of a NOTICE file" in other
    assert "NOTICE file of openai/whisper-small: its files are not pinned" in other


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("tree")
    write_tree(root, MODELS)
    return notices.render(pipeline.scan(root))


def test_gemma_stability_kimi_and_inherited_llama_duties(many: str) -> None:
    texts = fenced(many)
    assert (
        "Gemma is provided under and subject to the Gemma Terms of Use found at "
        "ai.google.dev/gemma/terms"
    ) in texts
    assert any(t.startswith("This Stability AI Model is licensed under") for t in texts)
    displays = section(many, "Display duties")
    for shown in ("`Powered by Stability AI`", "`Kimi K2`", "`Built with Llama`"):
        assert f"### {shown}" in displays
    llama = many.split("### Llama 3.2 Community License Agreement", 1)[1].split("###", 1)[0]
    assert "models/tuned (through base model meta-llama/Llama-3.2-1B)" in llama
    assert "https://ai.google.dev/gemma/prohibited_use_policy" in many


def test_every_notice_text_is_verbatim_in_its_official_text() -> None:
    """What the notices file prints as a license's notice is in that license's text, exactly
    (after the whitespace and quote-mark normalisation the license_db quotes use)."""

    def norm(text: str) -> str:
        text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
        return " ".join(text.split())

    checked = 0
    for path in sorted((ROOT / "license_db").glob("*.yaml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(entry, dict) or "terms" not in entry:
            continue
        attribution = entry["terms"].get("attribution") or {}
        source = (entry.get("texts") or {}).get("license")
        for requirement in attribution.get("requirements") or []:
            for text in notice_texts(requirement):
                assert source, f"{path.name}: a notice text with no official text to check"
                official = (ROOT / "license_db" / "texts" / source).read_text(encoding="utf-8")
                assert norm(text) in norm(official), (path.name, text)
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    ("requirement", "texts"),
    [
        ('retain a "Notice" text file reading "X is licensed." (1.b.iii)', ["X is licensed."]),
        ('keep the notice "Y" in a "Notice" text file (1.c)', ["Y"]),
        ('prominently display "Built with Z" on a website (1.b.i)', []),  # a display, no notice
        ('a notice that Content was used, e.g. "Contains information from DB" (4.3)', []),
        ("include the copyright notice in all copies", []),
    ],
)
def test_notice_texts_are_prescribed_quotes_only(requirement: str, texts: list[str]) -> None:
    assert notice_texts(requirement) == texts


def test_clause_is_the_last_parenthesis_even_nested() -> None:
    assert clause_of("retain in a file (IV.a(ii))", "IV") == "IV.a(ii)"
    assert clause_of("keep the notices", "4.d") == "4.d"


def test_names_from_code_are_inert_markdown() -> None:
    report = demo()
    evil = "evil*_[x](javascript:alert(1))<b>@team"
    renamed = replace(
        report, components=tuple(replace(c, name=evil) for c in report.components[:3])
    )
    text = notices.render(renamed)
    assert "[x](javascript" not in text and "<b>" not in text and "@team" not in text


def test_no_date_or_commit_so_the_committed_file_changes_only_with_a_duty() -> None:
    report = demo()
    assert notices.render(report) == notices.render(
        replace(report, commit="0" * 40, evaluated_on="2030-01-01")
    )
    assert report.commit is None or report.commit not in notices.render(report)


def test_a_project_without_duties_says_so() -> None:
    report = replace(demo(), components=())
    assert "No model of this project carries an attribution or display duty." in notices.render(
        report
    )
    assert gather(report).notices == ()
