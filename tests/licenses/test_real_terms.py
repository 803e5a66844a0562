"""The shipped license_db on the facts a policy depends on, checked against the official texts."""

from __future__ import annotations

import json

import pytest

from aibom import licenses
from aibom.cli import run
from aibom.core.data import data_dir
from aibom.core.model import Component, Ecosystem
from aibom.licenses.db import load_default
from aibom.licenses.fingerprint import identify

TEXTS = data_dir("license_db") / "texts"


def show(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert run(["licenses", "show", name, "--format", "json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


@pytest.mark.parametrize("key", ["llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"])
def test_llama_user_cap(key: str, capsys: pytest.CaptureFixture[str]) -> None:
    terms = show(key, capsys)
    cap = terms["user_threshold"]
    assert isinstance(cap, dict) and cap["monthly_active_users"] == 700_000_000
    assert "700 million monthly active users" in str(cap["quote"])


def test_llama_training_restriction_becomes_a_naming_duty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert show("llama3", capsys)["restricts_training_other_models"]["status"] == "present"  # type: ignore[index]
    llama31 = show("llama3.1", capsys)
    assert llama31["restricts_training_other_models"]["status"] == "absent"  # type: ignore[index]
    assert llama31["attribution"]["model_name_prefix"] == "Llama"  # type: ignore[index]


@pytest.mark.parametrize("key", ["llama3.2", "llama3.3", "llama4"])
def test_eu_exclusion_comes_from_the_acceptable_use_policy(
    key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    restrictions = show(key, capsys)["geographic_restrictions"]
    assert isinstance(restrictions, dict) and restrictions["status"] == "present"
    eu = [r for r in restrictions["items"] if r["region"] == "EU"]
    assert eu and eu[0]["document"] == "acceptable_use_policy"
    assert eu[0]["reaches"] == "domicile"
    assert "domiciled in, or a company with a principal place of business in" in eu[0]["quote"]


def test_show_json_keeps_absent_apart_from_unverified(capsys: pytest.CaptureFixture[str]) -> None:
    # Kimi's text was read and has no regional clause; GLM-4's text is not held.
    absent = show("kimi-k2-modified-mit", capsys)["geographic_restrictions"]
    assert absent == {"status": "absent", "items": []}
    unverified = show("glm-4", capsys)["geographic_restrictions"]
    assert isinstance(unverified, dict)
    assert (unverified["status"], unverified["items"]) == ("unverified", [])
    assert unverified["note"]
    for term in ("governing_law", "venue"):
        assert show("mit", capsys)[term] == {"status": "absent"}
        assert show("glm-4", capsys)[term]["status"] == "unverified"  # type: ignore[index]


def test_qwen_and_kimi_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    assert show("tongyi-qianwen", capsys)["user_threshold"]["monthly_active_users"] == 100_000_000  # type: ignore[index]
    kimi = show("kimi-k2-modified-mit", capsys)
    assert kimi["user_threshold"]["monthly_active_users"] == 100_000_000  # type: ignore[index]
    revenue = kimi["revenue_threshold"]
    assert revenue["amount"] == 20_000_000 and revenue["currency"] == "USD"  # type: ignore[index]


def test_governing_law_of_chinese_and_singapore_licenses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "China" in str(show("tongyi-qianwen", capsys)["governing_law"]["value"])  # type: ignore[index]
    assert "Singapore" in str(show("minimax-model-2025-01", capsys)["governing_law"]["value"])  # type: ignore[index]


def test_hugging_face_ids_resolve_to_versions() -> None:
    db = load_default()
    for hf_id, key in (
        ("llama3.1", "llama3.1"),
        ("gemma", "gemma-2025-03-24"),
        ("openrail++", "openrail-pp-m"),
        ("apache-2.0", "apache-2.0"),
        ("cc-by-nc-4.0", "cc-by-nc-4.0"),
    ):
        entry = db.find(hf_id)
        assert entry is not None and entry.key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("llama3.1.txt", "llama3.1"),
        ("llama3.2.txt", "llama3.2"),
        ("qwen-2024.txt", "qwen-2024"),
        ("tongyi-qianwen.txt", "tongyi-qianwen"),
        ("deepseek-model.txt", "deepseek-license"),
        ("creativeml-openrail-m.txt", "creativeml-openrail-m"),
        ("openrail-pp-m.txt", "openrail-pp-m"),
        ("kimi-k2-modified-mit.txt", "kimi-k2-modified-mit"),
        ("kimi-k2.5-modified-mit.txt", "kimi-k2.5-modified-mit"),
        ("nvidia-open-model-2025-04-28.txt", "nvidia-open-model-2025-04-28"),
        ("nvidia-open-model-2025-10-24.txt", "nvidia-open-model-2025-10-24"),
    ],
)
def test_each_official_text_identifies_as_its_own_version(text: str, key: str) -> None:
    result = identify((TEXTS / text).read_text(encoding="utf-8"), load_default())
    assert (result.key, result.exact) == (key, True)


def test_an_edited_llama_license_is_a_changed_version() -> None:
    text = (TEXTS / "llama3.1.txt").read_text(encoding="utf-8")
    edited = text.replace("700 million", "7 million").replace("California", "Nevada")
    edited = edited.replace("Built with Llama", "Powered by an open model")
    result = identify(edited, load_default())
    assert result.key == "llama3.1" and not result.exact and result.changed
    assert "'700' -> '7'" in result.differences
    assert "'california' -> 'nevada'" in result.differences


@pytest.mark.parametrize(
    ("model", "display"),
    [
        ("moonshotai/Kimi-K2-Instruct", "Kimi K2"),
        ("moonshotai/Kimi-K2-Thinking", "Kimi K2"),
        ("moonshotai/Kimi-K2.5", "Kimi K2.5"),
    ],
)
def test_the_effective_attribution_names_the_kimi_release(model: str, display: str) -> None:
    # What a notices file reads: the display text of the release in use.
    (component,) = licenses.apply((Component(model, Ecosystem.HUGGINGFACE, evidence=()),))
    assert component.licensing is not None
    (term,) = [t for t in component.licensing.effective_terms if t.term.name == "attribution"]
    assert term.term.get("display_text") == display
    assert f'display "{display}" on the user interface' in (term.term.quote or "")


def test_the_later_nvidia_version_keeps_a_guardrail_substitute_lawful() -> None:
    db = load_default()
    earlier, later = db.get("nvidia-open-model-2025-04-28"), db.get("nvidia-open-model-2025-10-24")
    assert earlier is not None and later is not None
    assert "without a substantially similar Guardrail" not in (
        earlier.term("termination").quote or ""
    )
    assert "without a substantially similar Guardrail" in (later.term("termination").quote or "")
    for entry in (earlier, later):
        assert (
            entry.term("governing_law").get("value")
            == "Delaware, USA (and the laws of the United States)"
        )
        assert entry.term("derivatives_inherit").get("value") is True
