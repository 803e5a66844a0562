"""The Modelfile detector on real Ollama Modelfiles: base models, GGUF paths, adapters."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from aibom.core.model import Confidence
from aibom.discover.base import Detector, Sink
from aibom.discover.modelfile import DETECTOR
from tests.conftest import Files, run_detector

Detect = Callable[[Detector, str, str | bytes], Sink]
GGUF = b"GGUF\x03\x00\x00\x00" + bytes(16)


def rows(sink: Sink) -> list[tuple[str, str, int, int]]:
    return [(r.ecosystem.value, r.name, r.evidence.line, r.evidence.column) for r in sink.refs]


def run(detect: Detect, path: str, text: str) -> Sink:
    text = textwrap.dedent(text).lstrip("\n")
    assert DETECTOR.claims(path)
    assert DETECTOR.trigger is not None and DETECTOR.trigger.search(text.encode())
    return detect(DETECTOR, path, text)


def test_templates_and_system_prompts_are_not_read(detect: Detect) -> None:
    sink = run(
        detect,
        "Modelfile",
        '''
        # Support assistant built on Llama 3.1
        FROM llama3.1:8b-instruct-q4_K_M
        PARAMETER temperature 0.2
        PARAMETER stop "<|eot_id|>"
        TEMPLATE """{{ if .System }}<|start_header_id|>system<|end_header_id|>
        FROM this line is part of the template, not an instruction
        {{ .System }}<|eot_id|>{{ end }}"""
        SYSTEM """
        You are a support agent.
        FROM now on, answer in one paragraph.
        """
        MESSAGE user "Is ADAPTER ./x.gguf a thing?"
        LICENSE """
        FROM: Meta Llama 3.1 Community License
        """
    ''',
    )
    assert rows(sink) == [("ollama", "llama3.1:8b-instruct-q4_K_M", 2, 6)]
    assert sink.refs[0].evidence.snippet == "FROM llama3.1:8b-instruct-q4_K_M"
    assert sink.refs[0].evidence.detector == "modelfile"
    assert sink.refs[0].evidence.confidence is Confidence.HIGH
    assert sink.unresolved == []


def test_hugging_face_gguf_through_hf_co(detect: Detect) -> None:
    sink = run(
        detect,
        "chat.modelfile",
        """
        from hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M
        parameter num_ctx 8192
    """,
    )
    assert rows(sink) == [("huggingface", "bartowski/Llama-3.2-1B-Instruct-GGUF", 1, 6)]


def test_quoted_value_registry_prefix_and_latest_tag(detect: Detect) -> None:
    sink = run(
        detect,
        "Modelfile.prod",
        """
        FROM "mistral:latest"
        FROM registry.ollama.ai/library/qwen2.5:7b
    """,
    )
    assert rows(sink) == [("ollama", "mistral", 1, 7), ("ollama", "qwen2.5:7b", 2, 6)]


def test_local_gguf_adapter_and_safetensors_folder(tmp_path: Path) -> None:
    files: Files = {
        "ollama/support/Modelfile": textwrap.dedent("""\
            FROM ./weights/support-8b.Q4_K_M.gguf
            ADAPTER ./lora/support-adapter.gguf
        """),
        "ollama/support/weights/support-8b.Q4_K_M.gguf": GGUF,
        "ollama/support/lora/support-adapter.gguf": GGUF,
        "ollama/vision/Modelfile": "FROM merged\nADAPTER /opt/adapters/vision.safetensors\n",
        "ollama/vision/merged/model.safetensors": b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ",
        "ollama/vision/merged/config.json": "{}",
    }
    sink = run_detector(DETECTOR, tmp_path, "ollama/support/Modelfile", files)
    assert rows(sink) == [
        ("local-file", "ollama/support/weights/support-8b.Q4_K_M.gguf", 1, 6),
        ("local-file", "ollama/support/lora/support-adapter.gguf", 2, 9),
    ]
    sink = run_detector(DETECTOR, tmp_path, "ollama/vision/Modelfile")
    # A folder in the tree, not the tag "merged"; the absolute adapter is outside the tree,
    # which this scan cannot see: not a component, as for any path that leaves the tree.
    assert rows(sink) == [("local-file", "ollama/vision/merged", 1, 6)]


def test_split_gguf_wildcard_matches_every_shard(tmp_path: Path) -> None:
    files: Files = {
        "models/Modelfile": "FROM ./qwen2.5-72b-instruct-q4_k_m-*.gguf\n",
        "models/qwen2.5-72b-instruct-q4_k_m-00002-of-00002.gguf": GGUF,
        "models/qwen2.5-72b-instruct-q4_k_m-00001-of-00002.gguf": GGUF,
        "models/other.gguf": GGUF,
    }
    sink = run_detector(DETECTOR, tmp_path, "models/Modelfile", files)
    assert rows(sink) == [
        ("local-file", "models/qwen2.5-72b-instruct-q4_k_m-00001-of-00002.gguf", 1, 6),
        ("local-file", "models/qwen2.5-72b-instruct-q4_k_m-00002-of-00002.gguf", 1, 6),
    ]
    sink = run_detector(
        DETECTOR, tmp_path, "other/Modelfile", {"other/Modelfile": "FROM ./x-*.gguf"}
    )
    assert rows(sink) == []
    assert [(u.expression, u.evidence.line) for u in sink.unresolved] == [("./x-*.gguf", 1)]


@pytest.mark.parametrize(
    "text",
    [
        'FROM llama3\nTEMPLATE """never closed\nFROM phi3\n',
        'SYSTEM "unterminated\nFROM phi3',
        "FROM\nFROM \t\n",
        'FROM """"""\nFROM ""\n',
        "FROM <model name>:<tag>\n",
    ],
)
def test_malformed_or_placeholder_modelfiles(detect: Detect, text: str) -> None:
    sink = detect(DETECTOR, "Modelfile", text)
    assert [r.name for r in sink.refs] == (["llama3"] if text.startswith("FROM llama3") else [])


def test_not_utf8_is_skipped(detect: Detect) -> None:
    sink = detect(DETECTOR, "Modelfile", b"FROM caf\xe9\n")
    assert [s.reason for s in sink.skipped] == ["not UTF-8"]


def test_claims() -> None:
    claimed = [
        "Modelfile",
        "deploy/modelfile",
        "Modelfile.dev",
        "assistant.Modelfile",
        "x.modelfile",
    ]
    assert all(DETECTOR.claims(p) for p in claimed)
    not_claimed = [
        "modelfile.py",
        "parser/modelfile.go",
        "docs/modelfile.md",
        "Dockerfile",
        "model",
    ]
    assert not any(DETECTOR.claims(p) for p in not_claimed)
    assert DETECTOR.trigger is not None
    assert DETECTOR.trigger.search(b"PARAMETER temperature 1\nSYSTEM hi\n") is None
