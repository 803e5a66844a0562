"""Key names: what role a key gives its value, and which provider a key or section names."""

from __future__ import annotations

import pytest

from aibom.core.model import Role
from aibom.discover.keys import (
    combine_hints,
    dataset_repo_keys,
    key_provider,
    key_role,
    list_role,
    normalise_key,
    provider_name,
)


@pytest.mark.parametrize(
    ("key", "normalised"),
    [
        ("modelURL", "model_url"),
        ("openAIModelName", "open_ai_model_name"),
        ("AzureOpenAIModelName", "azure_open_ai_model_name"),
        ("--model-name", "model_name"),
        ("MODEL_ID", "model_id"),
    ],
)
def test_normalise_key(key: str, normalised: str) -> None:
    assert normalise_key(key) == normalised


@pytest.mark.parametrize(
    ("key", "role"),
    [
        ("modelURL", Role.DEPENDENCY),
        ("embeddingModelName", Role.DEPENDENCY),
        ("adapterSource", Role.DEPENDENCY),
        ("output_dir", Role.OUTPUT),
        ("model_kwargs", None),
        ("status", None),
    ],
)
def test_key_role(key: str, role: Role | None) -> None:
    assert key_role(key) is role


@pytest.mark.parametrize(
    ("key", "role"),
    [
        ("EMBEDDING_MODELS", Role.DEPENDENCY),
        ("model_ids", Role.DEPENDENCY),
        ("llm_choices", Role.DEPENDENCY),
        ("model_list", Role.DEPENDENCY),
        ("model_kwargs", None),
        ("providers", None),
        ("address", None),
    ],
)
def test_list_role(key: str, role: Role | None) -> None:
    assert list_role(key) is role


@pytest.mark.parametrize(
    ("key", "provider"),
    [
        ("AZURE_OPENAI_MODEL_NAME", "azure"),
        ("openAIModelName", "openai"),
        ("WATSONX_CONFIG", "watsonx"),
        ("ollama", "ollama"),
        ("HF_MODEL", "huggingface"),
        ("bedrock_model_id", "aws-bedrock"),
        ("chat_model", None),
    ],
)
def test_key_provider(key: str, provider: str | None) -> None:
    assert key_provider(key) == provider


def test_a_hosting_cloud_section_keeps_its_models() -> None:
    assert combine_hints("OpenAIModelName", "azure") == "azure"
    assert combine_hints("ollama_model", "azure") == "azure"
    assert combine_hints("ollama_model", "openai") == "ollama"
    assert combine_hints("chat_model", None) is None


def test_dataset_repositories_by_their_siblings() -> None:
    assert dataset_repo_keys({"hf_repo", "hf_subset", "name"}) == {"hf_repo"}
    assert dataset_repo_keys({"repo_id", "filename"}) == set()


@pytest.mark.parametrize(
    ("value", "provider"),
    [
        ("azure", "azure"),
        ("Azure_OpenAI", "azure"),
        ("azure_openai_chat", "azure"),
        ("azure_openai_embedding", "azure"),
        ("openai_chat", "openai"),
        ("ollama", "ollama"),
        ("chat", None),
        ("static_chat", None),
        ("string", None),
    ],
)
def test_provider_name(value: str, provider: str | None) -> None:
    assert provider_name(value) == provider
