"""The bundled example, end to end through the CLI: what it finds and that every output is valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx.validation.xml import XmlValidator

from aibom.cli import run
from aibom.pipeline import scan
from tests.paths import EXAMPLE

VERSIONS = {"1.5": SchemaVersion.V1_5, "1.6": SchemaVersion.V1_6, "1.7": SchemaVersion.V1_7}


def label(component: object) -> str:
    ecosystem = getattr(component, "ecosystem").value  # noqa: B009
    name = getattr(component, "name")  # noqa: B009
    provider = getattr(component, "provider")  # noqa: B009
    return f"{ecosystem}:{provider}/{name}" if ecosystem == "api-service" else f"{ecosystem}:{name}"


def test_example_components() -> None:
    report = scan(EXAMPLE)
    assert {label(c) for c in report.components} == {
        "api-service:anthropic/claude-3-5-haiku-20241022",
        "api-service:openai/omni-moderation-latest",
        "huggingface:BAAI/bge-small-en-v1.5",
        "huggingface:cross-encoder/ms-marco-MiniLM-L-6-v2",
        "huggingface:facebook/bart-large-cnn",
        "huggingface:meta-llama/Llama-3.1-8B-Instruct",
        "huggingface:microsoft/Phi-3-mini-4k-instruct",
        "huggingface:openai/whisper-small",
        "local-file:models/phi-mini.Q4_K_M.gguf",
        "local-file:models/support-bot-lora",
        "ollama:qwen2.5:7b-instruct",
    }
    assert [r.name for r in report.outputs] == ["acme/support-bot-lora"]
    llama = next(c for c in report.components if c.name == "meta-llama/Llama-3.1-8B-Instruct")
    detectors = {e.detector for e in llama.evidence}
    assert {"python", "config", "shell", "model-card", "weights"} <= detectors
    lora = next(c for c in report.components if c.name == "models/support-bot-lora")
    assert lora.base_models == ("meta-llama/Llama-3.1-8B-Instruct",)
    assert lora.local is not None and lora.local.license == "llama3.1"
    mentioned = {"mistralai/Mistral-7B-Instruct-v0.3", "google/flan-t5-base"}
    assert not mentioned & {c.name for c in report.components}


def test_docs_mentions_only_with_include_docs() -> None:
    mentions = {r.name for r in scan(EXAMPLE, include_docs=True).mentions}
    assert "mistralai/Mistral-7B-Instruct-v0.3" in mentions


@pytest.mark.parametrize("spec", sorted(VERSIONS))
def test_cyclonedx_outputs_are_schema_valid(spec: str, tmp_path: Path) -> None:
    as_json, as_xml = tmp_path / "bom.json", tmp_path / "bom.xml"
    code = run(
        [
            "scan",
            str(EXAMPLE),
            "-q",
            "--spec-version",
            spec,
            "-f",
            f"cyclonedx-json={as_json}",
            "-f",
            f"cyclonedx-xml={as_xml}",
        ]
    )
    assert code == 0
    json_errors = JsonStrictValidator(VERSIONS[spec]).validate_str(as_json.read_text())
    assert json_errors is None, json_errors
    xml_errors = XmlValidator(VERSIONS[spec]).validate_str(as_xml.read_text())
    assert xml_errors is None, xml_errors
    document = json.loads(as_json.read_text())
    assert document["specVersion"] == spec
    models = [c for c in document["components"] if c["type"] == "machine-learning-model"]
    purls = {c.get("purl") for c in models}
    assert (
        "pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659"
        in purls
    )
    assert "pkg:huggingface/facebook/bart-large-cnn" in purls
    assert {s["name"] for s in document.get("services", [])} >= {"claude-3-5-haiku-20241022"}


def test_cyclonedx_is_byte_identical_across_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(["scan", str(EXAMPLE), "-q", "-f", f"cyclonedx-json={first}"]) == 0
    assert run(["scan", str(EXAMPLE), "-q", "-f", f"cyclonedx-json={second}"]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text())["metadata"]["timestamp"].startswith("2023-11-14T22:13:20")


def test_malformed_source_date_epoch_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert run(["scan", str(EXAMPLE), "-q", "-f", "cyclonedx-json"]) == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err
