"""What counts as a model identifier, by the slot it was found in."""

from __future__ import annotations

import pytest

from aibom.core.ids import Classified, LocalPath, Slot, classify, is_placeholder
from aibom.core.model import Ecosystem

HF, OLLAMA, API, LOCAL = (
    Ecosystem.HUGGINGFACE,
    Ecosystem.OLLAMA,
    Ecosystem.API_SERVICE,
    Ecosystem.LOCAL_FILE,
)


@pytest.mark.parametrize(
    ("value", "slot", "ecosystem", "name", "provider"),
    [
        ("meta-llama/Llama-3.1-8B-Instruct", Slot.HF, HF, "meta-llama/Llama-3.1-8B-Instruct", None),
        ("gpt2", Slot.HF, HF, "gpt2", None),
        ("bert-base-uncased", Slot.GENERIC, HF, "bert-base-uncased", None),
        (
            "all-MiniLM-L6-v2",
            Slot.SENTENCE_TRANSFORMERS,
            HF,
            "sentence-transformers/all-MiniLM-L6-v2",
            None,
        ),
        (
            "https://huggingface.co/Qwen/Qwen2.5-7B/tree/main",
            Slot.GENERIC,
            HF,
            "Qwen/Qwen2.5-7B",
            None,
        ),
        ("hf://google/gemma-2-2b", Slot.GENERIC, HF, "google/gemma-2-2b", None),
        (
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
            Slot.OLLAMA,
            HF,
            "bartowski/Llama-3.2-1B-Instruct-GGUF",
            None,
        ),
        ("llama3.1:8b", Slot.OLLAMA, OLLAMA, "llama3.1:8b", "ollama"),
        ("llama3:latest", Slot.OLLAMA, OLLAMA, "llama3", "ollama"),
        ("qwen2.5:7b", Slot.GENERIC, OLLAMA, "qwen2.5:7b", "ollama"),
        ("ollama/llama3", Slot.GENERIC, OLLAMA, "llama3", "ollama"),
        ("ollama_chat/mistral:7b", Slot.GENERIC, OLLAMA, "mistral:7b", "ollama"),
        (
            "huggingface/HuggingFaceH4/zephyr-7b-beta",
            Slot.GENERIC,
            HF,
            "HuggingFaceH4/zephyr-7b-beta",
            None,
        ),
        ("hosted_vllm/meta-llama/Llama-3.1-8B", Slot.GENERIC, HF, "meta-llama/Llama-3.1-8B", None),
        ("gpt-4o", Slot.API, API, "gpt-4o", "openai"),
        ("gpt-4o-mini", Slot.GENERIC, API, "gpt-4o-mini", "openai"),
        ("openai/gpt-4o", Slot.GENERIC, API, "gpt-4o", "openai"),
        ("openai:gpt-4o", Slot.GENERIC, API, "gpt-4o", "openai"),
        (
            "anthropic/claude-3-5-sonnet-20241022",
            Slot.GENERIC,
            API,
            "claude-3-5-sonnet-20241022",
            "anthropic",
        ),
        ("gemini-1.5-pro", Slot.API, API, "gemini-1.5-pro", "google"),
        (
            "anthropic.claude-3-sonnet-20240229-v1:0",
            Slot.GENERIC,
            API,
            "anthropic.claude-3-sonnet-20240229-v1:0",
            "aws-bedrock",
        ),
        ("support-chat-prod", Slot.API, API, "support-chat-prod", None),
        ("openai/whisper-large-v3", Slot.GENERIC, HF, "openai/whisper-large-v3", None),
        ("openai/gpt-oss-20b", Slot.GENERIC, HF, "openai/gpt-oss-20b", None),
        (
            "together_ai/meta-llama/Llama-3-70b-chat-hf",
            Slot.GENERIC,
            API,
            "meta-llama/Llama-3-70b-chat-hf",
            "together_ai",
        ),
    ],
)
def test_classify_recognises(
    value: str, slot: Slot, ecosystem: Ecosystem, name: str, provider: str | None
) -> None:
    found = classify(value, slot)
    assert isinstance(found, Classified), found
    assert (found.ecosystem, found.name, found.provider) == (ecosystem, name, provider)


def test_url_revision_is_kept() -> None:
    found = classify("https://huggingface.co/org/model/tree/v1.0", Slot.GENERIC)
    assert isinstance(found, Classified)
    assert found.revision == "v1.0"


@pytest.mark.parametrize(
    ("value", "slot"),
    [
        ("<model>", Slot.HF),
        ("your-org/your-model", Slot.HF),
        ("${MODEL_ID}", Slot.GENERIC),
        ("path/to/model", Slot.HF),
        ("model", Slot.GENERIC),
        ("llama3", Slot.GENERIC),  # a bare word in a generic slot is not enough
        ("configs/train.yaml", Slot.GENERIC),
        ("", Slot.HF),
        ("hello world", Slot.GENERIC),
        ("gpt-4o", Slot.HF),  # a hosted model name cannot be loaded by from_pretrained
        ("https://huggingface.co/datasets/openai/gsm8k", Slot.GENERIC),
        ("hf://datasets/HuggingFaceFW/fineweb", Slot.GENERIC),
        ("https://huggingface.co/spaces/org/demo", Slot.GENERIC),
        ("https://huggingface.co/docs/transformers/index", Slot.GENERIC),
    ],
)
def test_classify_rejects(value: str, slot: Slot) -> None:
    assert not isinstance(classify(value, slot), Classified)


@pytest.mark.parametrize(
    ("value", "weight"),
    [
        ("./models/phi.Q4_K_M.gguf", True),
        ("/srv/models/llama", False),
        ("outputs/ckpt", False),
        ("models/model.safetensors", True),
    ],
)
def test_paths_are_local(value: str, weight: bool) -> None:
    found = classify(value, Slot.HF)
    assert isinstance(found, LocalPath)
    assert found.is_weight_file is weight


def test_llama_cpp_bare_file_is_local() -> None:
    assert classify("phi-3.Q4.gguf", Slot.LOCAL_PATH) == LocalPath("phi-3.Q4.gguf", True)


def test_placeholders() -> None:
    assert is_placeholder("<your-model-here>")
    assert is_placeholder("org/model")
    assert not is_placeholder("mistralai/Mistral-7B-v0.1")
