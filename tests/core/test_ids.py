"""What counts as a model identifier, by the slot it was found in."""

from __future__ import annotations

import pytest

from aibom.core.ids import (
    HUB_URL,
    LOCAL_SERVER,
    Classified,
    LocalPath,
    Slot,
    classify,
    classify_hinted,
    is_placeholder,
)
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
        # The loader's call decides: databricks/ is a LiteLLM route elsewhere.
        ("databricks/dbrx-instruct", Slot.HF, HF, "databricks/dbrx-instruct", None),
        ("databricks/dbrx-instruct", Slot.GENERIC, API, "dbrx-instruct", "databricks"),
        ("ollama/llama3", Slot.HF, HF, "ollama/llama3", None),
        (
            "nq-distilbert-base-v1",
            Slot.SENTENCE_TRANSFORMERS,
            HF,
            "sentence-transformers/nq-distilbert-base-v1",
            None,
        ),
        (
            "allenai-specter",
            Slot.SENTENCE_TRANSFORMERS,
            HF,
            "sentence-transformers/allenai-specter",
            None,
        ),
        ("models/embedding-001", Slot.GENERIC, API, "embedding-001", "google"),
        ("models/gemini-1.5-pro", Slot.API, API, "gemini-1.5-pro", "google"),
        ("us.amazon.nova-pro-v1:0", Slot.GENERIC, API, "us.amazon.nova-pro-v1:0", "aws-bedrock"),
        (
            "global.anthropic.claude-haiku-4-5-20251001-v1:0",
            Slot.API,
            API,
            "global.anthropic.claude-haiku-4-5-20251001-v1:0",
            "aws-bedrock",
        ),
        (
            "meta.llama3-70b-instruct-v1:0",
            Slot.GENERIC,
            API,
            "meta.llama3-70b-instruct-v1:0",
            "aws-bedrock",
        ),
        ("x/z-image-turbo", Slot.OLLAMA, OLLAMA, "x/z-image-turbo", "ollama"),
        ("someone/tuned:q4", Slot.OLLAMA, OLLAMA, "someone/tuned:q4", "ollama"),
        ("hf.co/acme/x-GGUF:Q4_K_M", Slot.GENERIC, HF, "acme/x-GGUF", None),
        ("openai/acme/served-32b", Slot.GENERIC, HF, "acme/served-32b", None),
        ("https://huggingface.co/acme/repo.git", Slot.GENERIC, HF, "acme/repo", None),
        ("text-embedding-004", Slot.API, API, "text-embedding-004", "google"),
        ("text-embedding-3-small", Slot.GENERIC, API, "text-embedding-3-small", "openai"),
        ("ollama://gemma2:2b", Slot.GENERIC, OLLAMA, "gemma2:2b", "ollama"),
        ("ollama://library/qwen2:latest", Slot.HF, OLLAMA, "qwen2", "ollama"),
        ("ollama://hf.co/acme/x-GGUF:Q4_K_M", Slot.GENERIC, HF, "acme/x-GGUF", None),
    ],
)
def test_classify_recognises(
    value: str, slot: Slot, ecosystem: Ecosystem, name: str, provider: str | None
) -> None:
    found = classify(value, slot)
    assert isinstance(found, Classified), found
    assert (found.ecosystem, found.name, found.provider) == (ecosystem, name, provider)


@pytest.mark.parametrize(
    ("value", "provider", "expected"),
    [
        ("gpt-35-turbo-16k", "azure", ("gpt-35-turbo-16k", API, "azure")),
        ("llama3", "openai", None),  # an OpenAI key does not make a bare word OpenAI's
        ("ibm/granite-13b-chat-v2", "watsonx", ("ibm/granite-13b-chat-v2", API, "watsonx")),
        ("models/embedding-001", "google", ("embedding-001", API, "google")),
        ("nomic-embed-text", "ollama", ("nomic-embed-text", OLLAMA, "ollama")),
        ("acme/m-1b", "openai", ("acme/m-1b", HF, None)),
        ("anthropic.claude-v2", "aws-bedrock", ("anthropic.claude-v2", API, "aws-bedrock")),
        # A LiteLLM route written under a host's section: the route prefix is not the name.
        ("groq/llama3-8b-8192", "groq", ("llama3-8b-8192", API, "groq")),
        ("together_ai/acme/chat-70b", "together_ai", ("acme/chat-70b", API, "together_ai")),
        ("acme/chat-70b", "together_ai", ("acme/chat-70b", API, "together_ai")),
    ],
)
def test_classify_hinted(
    value: str, provider: str, expected: tuple[str, Ecosystem, str | None] | None
) -> None:
    found = classify_hinted(value, provider)
    got = (found.name, found.ecosystem, found.provider) if isinstance(found, Classified) else None
    assert got == expected


@pytest.mark.parametrize(
    ("value", "provider", "expected"),
    [
        ("gpt-3.5-turbo", LOCAL_SERVER, None),  # an alias a local server was started with
        ("acme/served-7b", LOCAL_SERVER, "huggingface:acme/served-7b"),
        ("qwen3.5:4b", "anthropic", None),  # an Ollama tag is no Anthropic model
        ("gpt-4o", "anthropic", None),
        ("claude-3-5-haiku-latest", "anthropic", "api-service:claude-3-5-haiku-latest"),
        ("acme/hosted-70b", "groq", "api-service:acme/hosted-70b"),
        ("acme/model-7b", "huggingface", "huggingface:acme/model-7b"),
        # LiteLLM's openai/ route to a local OpenAI-compatible server: the rest is its alias.
        ("openai/gpt-4-turbo", LOCAL_SERVER, None),
        ("openai/acme/served-7b", LOCAL_SERVER, "huggingface:acme/served-7b"),
        ("openai/gpt-4-turbo", "openai", "api-service:gpt-4-turbo"),
    ],
)
def test_the_client_decides_what_it_serves(value: str, provider: str, expected: str | None) -> None:
    found = classify(value, Slot.API, provider)
    got = f"{found.ecosystem}:{found.name}" if isinstance(found, Classified) else None
    assert got == expected


def test_hub_urls_in_text() -> None:
    text = (
        "see https://huggingface.co/acme/a-1b/resolve/main/w.bin, hf://acme/b-1b@v2, "
        "hf.co/acme/c-1b and https://huggingface.co/datasets/acme/d, nothf.co/acme/e"
    )
    assert [m.group() for m in HUB_URL.finditer(text)] == [
        "https://huggingface.co/acme/a-1b/resolve/main",
        "hf://acme/b-1b@v2",
        "hf.co/acme/c-1b",
    ]


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
        ("ollama://", Slot.GENERIC),
        ("ollama://Not A Name", Slot.GENERIC),
        ("https://huggingface.co/spaces/org/demo", Slot.GENERIC),
        ("https://huggingface.co/docs/transformers/index", Slot.GENERIC),
        ("https://huggingface.co/acme/model-1b/discussions", Slot.GENERIC),  # a page about it
        ("amazon.titan", Slot.GENERIC),  # a Bedrock vendor prefix, not an id
        ("tmp-clip-model.png", Slot.HF),  # a file name
        ("ggml-%model%.bin", Slot.HF),  # a batch variable
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


@pytest.mark.parametrize(
    "value", ["claude-test", "gpt-test", "test-model", "gpt_mock", "llm-fake", "model-dummy"]
)
def test_stand_in_names_of_tests_are_placeholders(value: str) -> None:
    assert is_placeholder(value)
    assert classify(value, Slot.API, "anthropic") is None


@pytest.mark.parametrize(
    "value", ["acme/bert-test", "claude-3-5-haiku-latest", "llama3:test", "testing-model-7b"]
)
def test_names_that_merely_hold_the_word_are_not(value: str) -> None:
    assert not is_placeholder(value)
