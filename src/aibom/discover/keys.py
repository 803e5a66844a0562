"""Which names of config keys, variables and arguments hold a model, a produced model, or neither.

Configs, Python constants, environment variables and CLI flags all name their model slots the
same way (``model_name_or_path``, ``BASE_MODEL``, ``--teacher-model``), so one table serves them
all. The value must still look like a model id (see :mod:`aibom.core.ids`): a key only makes a
string a candidate.
"""

from __future__ import annotations

import functools
import re

from aibom.core.model import Role

_DEPENDENCY_KEYS = frozenset(
    """model model_id model_name model_name_or_path pretrained_model_name_or_path model_path
    base_model base_model_name_or_path base_model_id base_model_name base_model_path tokenizer
    tokenizer_name tokenizer_name_or_path tokenizer_id tokenizer_path teacher teacher_model
    student_model reward_model ref_model reference_model critic_model judge_model draft_model
    speculative_model embedding_model embed_model embedding_model_name embed_model_name
    embeddings_model llm_hf_repo_id embedding_hf_model_name hf_model hf_model_id hf_model_name
    hf_repo hf_repo_id repo_id llm llm_model llm_model_name chat_model chat_model_name
    vision_model reranker rerank_model reranker_model encoder_model decoder_model vae
    text_encoder clip_model whisper_model asr_model tts_model generator_model model_checkpoint
    pretrained_model pretrained_model_name init_from model_repo model_repo_id storage_uri
    storageuri model_uri hf_hub_model_id adapter adapter_name_or_path lora_model peft_model
    model_name_hf judge assistant_model completion_model generation_model summarization_model
    classifier_model sentiment_model ner_model qa_model provider providers grader model_url
    adapter_source model_source deployment_name azure_deployment pretrained""".split()
)
_DEPENDENCY_SUFFIXES = (
    "_model",
    "_model_id",
    "_model_name",
    "_model_path",
    "_model_name_or_path",
    "_repo_id",
    "_model_repo",
    "_llm",
    "_checkpoint_id",
    "_hf_model",
    "_model_url",
    "_deployment_name",
)
_OUTPUT_KEYS = frozenset(
    """hub_model_id push_to_hub_model_id output_model output_model_name output_model_id new_model
    new_model_name new_model_id finetuned_model finetuned_model_name fine_tuned_model
    hub_repo_id push_to_hub_repo save_model_id merged_model_name trained_model_name
    target_repo_id upload_repo_id output_repo_id hub_model_name output_dir save_directory
    output_model_dir""".split()
)
_NOT_MODEL_KEYS = frozenset(
    """model_type model_max_length model_revision model_kwargs model_config model_class
    model_dtype model_parallel model_args model_init_kwargs model_card served_model_name
    model_family model_format model_size model_provider model_alias model_version""".split()
)
# camelCase and acronyms: ``modelURL`` -> model_URL, ``openAIModelName`` -> open_AI_Model_Name.
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Words that, as the plural or list form of a model key, make a list of models.
_LIST_SUFFIXES = ("_list", "_choices", "_options")


# Keys that, inside a model key's mapping (``model: {name: ...}``), hold the model itself.
CHILD_KEYS = frozenset(
    {
        "name",
        "id",
        "path",
        "repo",
        "repo_id",
        "name_or_path",
        "model_id",
        "pretrained",
        "uri",
        "url",
        "source",
        "repository",
    }
)

# Sibling keys that say who serves the model named next to them, and what they mean.
PROVIDER_KEYS = frozenset({"provider", "api_type", "model_provider", "llm_provider", "type"})
PROVIDER_NAMES: dict[str, str] = {
    "openai": "openai",
    "azure": "azure",
    "azure_openai": "azure",
    "azure-openai": "azure",
    "anthropic": "anthropic",
    "bedrock": "aws-bedrock",
    "aws": "aws-bedrock",
    "google": "google",
    "gemini": "google",
    "vertex": "google",
    "vertexai": "google",
    "vertex_ai": "google",
    "mistral": "mistral",
    "cohere": "cohere",
    "groq": "groq",
    "together": "together_ai",
    "deepseek": "deepseek",
    "xai": "xai",
    "ollama": "ollama",
    "huggingface": "huggingface",
    "hf": "huggingface",
    "vllm": "huggingface",
    "watsonx": "watsonx",
    "openrouter": "openrouter",
    "fireworks": "fireworks_ai",
}
# What a provider key's value may add after the provider's name: the kind of model it serves
# (GraphRAG's ``type: azure_openai_chat``, ``openai_embedding``).
_SERVICE_KINDS = ("_chat", "_embedding", "_embeddings", "_completion", "_completions")


def provider_name(value: str) -> str | None:
    """The provider a provider key's value names (``azure``, ``azure_openai_chat``), or None."""
    name = value.strip().lower()
    found = PROVIDER_NAMES.get(name)
    if found is None and name.endswith(_SERVICE_KINDS):
        found = PROVIDER_NAMES.get(name.rsplit("_", 1)[0])
    return found


# Words in a key or section name that say whose model the value is (``AZURE_OPENAI_MODEL``,
# ``ollama: {llm_model: ...}``, ``WATSONX_CONFIG = {...}``): the first one written wins, so
# Azure OpenAI is Azure.
_NAME_PROVIDERS: dict[str, str] = {
    **{
        word: provider
        for word, provider in PROVIDER_NAMES.items()
        if word not in ("aws", "vllm", "azure-openai", "azure_openai")
    },
    "bedrock": "aws-bedrock",
    "claude": "anthropic",
}


@functools.lru_cache(maxsize=4096)
def normalise_key(key: str) -> str:
    """``modelNameOrPath``, ``MODEL-NAME`` and ``--model_name`` all become ``model_name``..."""
    key = _CAMEL.sub("_", key.strip().lstrip("-"))
    return key.replace("-", "_").replace(".", "_").lower()


# Keys that name a Hub repository of any kind; beside a dataset's own keys (a subset, splits,
# data files) the repository is a dataset (lighteval's ``hf_repo`` + ``hf_subset``).
_REPO_KEYS = frozenset({"repo", "repo_id", "repo_name", "hf_repo", "hf_repo_id", "hub_repo"})
_DATASET_SIBLINGS = frozenset(
    """subset hf_subset split splits hf_avail_splits evaluation_splits data_files data_dir
    dataset_config_name dataset_split few_shots_split""".split()
)


def dataset_repo_keys(keys: set[str]) -> frozenset[str]:
    """Of ``keys`` (siblings in one call, dict or mapping), those naming a dataset repository."""
    normalised = {normalise_key(key): key for key in keys}
    if not _DATASET_SIBLINGS.intersection(normalised):
        return frozenset()
    return frozenset(key for norm, key in normalised.items() if norm in _REPO_KEYS)


@functools.lru_cache(maxsize=4096)
def key_provider(key: str) -> str | None:
    """The provider a key or section name names, if any: ``AZURE_OPENAI_MODEL_NAME`` -> azure."""
    words = normalise_key(key).replace("open_ai", "openai").split("_")
    return next((_NAME_PROVIDERS[word] for word in words if word in _NAME_PROVIDERS), None)


# Clouds that host other providers' models: a section naming one keeps its models there even
# when the key names the model's maker (``OpenAIModelName`` in an Azure template is Azure's).
_HOSTING_CLOUDS = frozenset({"azure", "aws-bedrock"})


def combine_hints(key: str, section: str | None) -> str | None:
    """Who serves a value under ``key`` inside a section said to be ``section``'s."""
    said = key_provider(key)
    if said is None or (section in _HOSTING_CLOUDS and said not in _HOSTING_CLOUDS):
        return section
    return said


@functools.lru_cache(maxsize=4096)
def list_role(key: str) -> Role | None:
    """The role of each item of a list stored under ``key``: ``EMBEDDING_MODELS``,
    ``model_ids``, ``llm_choices`` hold several models the code picks from."""
    norm = normalise_key(key)
    for suffix in _LIST_SUFFIXES:
        if norm.endswith(suffix) and len(norm) > len(suffix):
            norm = norm.removesuffix(suffix)
            break
    else:
        if not norm.endswith("s") or norm.endswith("ss"):
            return None
        norm = norm[:-1]
    role = key_role(norm)
    return role if role is Role.DEPENDENCY and norm not in ("provider", "grader") else None


@functools.lru_cache(maxsize=4096)
def key_role(key: str) -> Role | None:
    """The role of a value stored under ``key``, or None when the key is not a model slot."""
    norm = normalise_key(key)
    if norm in _OUTPUT_KEYS or norm.startswith(("output_model", "hub_model")):
        return Role.OUTPUT
    if norm in _NOT_MODEL_KEYS:
        return None
    if norm in _DEPENDENCY_KEYS or norm.endswith(_DEPENDENCY_SUFFIXES):
        return Role.DEPENDENCY
    return None
