"""``aibom lock --online`` on the bundled example against a Hub on 127.0.0.1, then the checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aibom.cli import run
from tests.paths import EXAMPLE, ROOT
from tests.resolve.hubserver import HubRepo, closed_port_url, isolate, readme, serve

HUB_MODELS = (
    "BAAI/bge-small-en-v1.5",
    "cross-encoder/ms-marco-MiniLM-L-6-v2",
    "facebook/bart-large-cnn",
    "meta-llama/Llama-3.1-8B-Instruct",
    "microsoft/Phi-3-mini-4k-instruct",
    "openai/whisper-small",
)
LLAMA_LICENSE = (ROOT / "license_db/texts/llama3.1.txt").read_bytes()


def repo(repo_id: str) -> HubRepo:
    license_id = "llama3.1" if "llama" in repo_id else "mit"
    files = {
        "README.md": readme({"license": license_id}),
        "config.json": b'{"model_type": "x"}',
        "model.safetensors": repo_id.encode() * 64,
    }
    if license_id == "llama3.1":
        files["LICENSE"] = LLAMA_LICENSE
    return HubRepo(
        repo_id,
        files,
        lfs=frozenset({"model.safetensors"}),
        card={"license": license_id},
        refs=("main", "0e9e39f249a16976918f6564b8830bc894c89659"),
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "demo-app"
    shutil.copytree(EXAMPLE, target)
    monkeypatch.setenv("AIBOM_CACHE_DIR", str(tmp_path / "aibom-cache"))
    monkeypatch.setenv("OLLAMA_MODELS", str(tmp_path / "ollama"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return target


def test_lock_online_then_locked_scan_and_check(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with serve(*(repo(r) for r in HUB_MODELS)) as hub:
        isolate(monkeypatch, tmp_path, hub.url)
        assert run(["lock", str(project), "--online"]) == 0
        requests = len(hub.paths())
    err = capsys.readouterr().err
    assert f"{requests} Hub requests" in err
    lock = (project / "aibom.lock").read_text()
    assert "huggingface:meta-llama/Llama-3.1-8B-Instruct" in lock
    assert "local-file:models/support-bot-lora" in lock
    # The same tree locks to the same bytes, offline, from the lockfile itself.
    assert run(["lock", str(project)]) == 0
    assert (project / "aibom.lock").read_text() == lock
    # The Ollama model is not in any store here: --locked and --check say so, exit 1.
    assert run(["scan", str(project), "--locked", "-q"]) == 1
    assert "qwen2.5:7b-instruct: not in aibom.lock" in capsys.readouterr().err
    assert run(["lock", str(project), "--check", "-q"]) == 1
    # A scan uses the lock offline: commits become purl versions, files carry hashes.
    report = tmp_path / "bom.json"
    assert run(["scan", str(project), "-q", "-f", f"cyclonedx-json={report}"]) == 0
    bom = json.loads(report.read_text())
    llama = next(c for c in bom["components"] if c["name"] == "Llama-3.1-8B-Instruct")
    assert llama["purl"].startswith("pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@")
    assert any(f.get("hashes") for f in llama.get("components", []))
    assert any(p["name"] == "aibom:terms:user-threshold" for p in llama["properties"])


def test_unreachable_hub_is_exit_2_with_a_hint(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    isolate(monkeypatch, tmp_path, closed_port_url())
    assert run(["lock", str(project), "--online", "-q"]) == 2
    err = capsys.readouterr().err
    assert "without --online" in err and "aibom.lock" in err and "Traceback" not in err
    assert not (project / "aibom.lock").exists()
