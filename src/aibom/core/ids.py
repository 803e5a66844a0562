"""What a model identifier looks like: classify a string seen in a model slot, or reject it.

Every detector funnels its candidate strings through :func:`classify`, so the rules that decide
"is this a Hugging Face id, an Ollama tag, a hosted API model, a local file or nothing" live in one
place. The slot a string was found in (a ``from_pretrained`` argument, an Ollama call, a config key)
is the strongest hint and is passed in as :class:`Slot`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from aibom.core.model import Confidence, Ecosystem
from aibom.core.modelnames import (
    API_PATTERNS,
    COLON_PROVIDERS,
    FIRST_PARTY,
    LEGACY_HF_NAMES,
    LITELLM_PROVIDERS,
    LITELLM_ROUTES,
    OLLAMA_FAMILIES,
    OPEN_MODEL_HOSTS,
    PROVIDER_ALIASES,
    PROVIDER_KINDS,
    ST_PREFIXES,
)


class Slot(StrEnum):
    """The kind of place a candidate string was found in."""

    HF = "hf"  # takes a Hugging Face id or a local folder (from_pretrained, pipeline(model=))
    SENTENCE_TRANSFORMERS = "sentence-transformers"  # bare names mean sentence-transformers/NAME
    OLLAMA = "ollama"  # takes an Ollama name[:tag] or hf.co/org/name[:quant]
    API = "api"  # the model argument of a hosted-API client
    GENERIC = "generic"  # a config key or CLI flag that may hold any kind of model id
    LOCAL_PATH = "local-path"  # takes a path to a weight file (llama.cpp -m, model_path=)


@dataclass(frozen=True)
class Classified:
    """A string recognised as a model identifier."""

    name: str
    ecosystem: Ecosystem
    provider: str | None = None
    revision: str | None = None
    confidence: Confidence = Confidence.HIGH


@dataclass(frozen=True)
class LocalPath:
    """A string that names a file or folder; the caller checks it against the tree."""

    path: str
    is_weight_file: bool


WEIGHT_SUFFIXES = (
    ".gguf",
    ".ggml",
    ".safetensors",
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".onnx",
    ".llamafile",
    ".pkl",
    ".h5",
    ".keras",
    ".tflite",
    ".mlmodel",
    ".engine",
    ".plan",
    ".nemo",
    ".msgpack",
)
_NON_MODEL_SUFFIXES = (
    ".json",
    ".yaml",
    ".yml",
    ".toml",
    ".txt",
    ".md",
    ".py",
    ".csv",
    ".jsonl",
    ".parquet",
    ".png",
    ".jpg",
    ".jpeg",
    ".wav",
    ".mp3",
    ".html",
    ".sh",
    ".ipynb",
    ".log",
    ".zip",
    ".tar",
    ".gz",
    ".model",
)
_HF_PART = r"[A-Za-z0-9](?:[\w.-]{0,94}[\w])?"
_HF_ID = re.compile(rf"^({_HF_PART})/({_HF_PART})$")
# Hub pages that are not model repositories: datasets, Spaces, docs, papers...
_NOT_MODEL_PAGES = (
    r"(?!(?:datasets|spaces|docs|api|blog|papers|collections|organizations|settings|join|"
    r"login|pricing|tasks|learn|new|enterprise|posts|chat|search)/)"
)
# Pages about a repository rather than its files: a link to its discussions is no download.
_REPO_PAGES = r"(?:discussions|community|commits|settings|edit|blame)(?:[/?#]|$)"
_HF_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?:models/)?"
    + _NOT_MODEL_PAGES
    + rf"({_HF_PART}/{_HF_PART})(?!/{_REPO_PAGES})"
    + r"(?:/(?:tree|blob|resolve)/([\w.-]+))?(?::[\w.-]+)?(?:[/?#].*)?$"
)
_HF_SCHEME = re.compile(
    rf"^hf://(?:models/)?{_NOT_MODEL_PAGES}({_HF_PART}/{_HF_PART})(?:@([\w.-]+))?(?:/.*)?$"
)
# A Hub model URL inside any text (a script, a string, a config value): the host, the
# repository and, when the URL names one, the revision; the file path after it is left out.
HUB_URL = re.compile(
    r"(?<![\w.@/-])(?:(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?:models/)?|"
    r"hf://(?:models/)?)"
    + _NOT_MODEL_PAGES
    + rf"{_HF_PART}/{_HF_PART}(?![\w-]|\.\w)(?!/{_REPO_PAGES})"
    + r"(?:/(?:resolve|blob|tree)/[\w.-]+|@[\w.-]+)?",
    re.IGNORECASE,
)
_OLLAMA_NAME = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*(?::[\w.-]+)?$")
_BARE_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")
# A bare name ending in a stand-in word (``claude-test``, ``gpt-mock``) is a test fixture: no
# provider or Hub alias is named so. With an organisation (``org/name-test``) it may be a repo.
_PLACEHOLDER = re.compile(
    r"[<>{}$%\[\]|*`\s]|\.\.\.|^(?:your|my|some|example|sample|dummy|fake|foo|bar|test)[-_]|"
    r"^[\w.-]*[-_](?:test|mock|fake|dummy|placeholder)$|"
    r"(?:^|/)(?:your|my)[-_]?(?:org|user|name|model|username|hf|repo)|"
    r"^(?:org|user|username|organization|namespace|owner|author|hf_user)/|"
    r"^(?:model|model[-_]?name|model[-_]?id|repo[-_]?id|none|null|true|false|default|auto|"
    r"path/to/.*|xxx+|tbd|todo|changeme|placeholder|custom|local|base|test|latest|string)$|"
    r"/(?:model|model[-_]name|repo|repo[-_]name|name)$",
    re.IGNORECASE,
)
# First path segments that say "a folder in this project", not a Hub organisation.
_PATH_FIRST_SEGMENTS = frozenset(
    "output outputs out checkpoint checkpoints ckpt ckpts models model weights saved_models "
    "saved results runs run logs tmp temp cache data datasets exp exps experiments artifacts "
    "pretrained local src tests build dist trained finetuned merged adapters lora export "
    "exports".split()
)

_API_NAME = re.compile(r"^[A-Za-z0-9][\w.:-]*$")
# The provider of a client aimed at a server on this machine or a private network.
LOCAL_SERVER = "local-server"
_URL_PREFIXES = ("hf://", "http://", "https://", "hf.co/", "huggingface.co/", "www.")


def is_placeholder(value: str) -> bool:
    """True for template strings and stand-ins (``<model>``, ``your-org/your-model``, ``${M}``)."""
    return not value or len(value) > 200 or bool(_PLACEHOLDER.search(value))


def api_provider(name: str) -> str | None:
    """The provider of a hosted model recognised by its name alone."""
    for provider, pattern in API_PATTERNS:
        if pattern.match(name):
            return provider
    return None


def _served_by(name: str, provider: str) -> bool:
    return any(p == provider and pattern.match(name) for p, pattern in API_PATTERNS)


def hf_id(value: str) -> tuple[str, str | None] | None:
    """``(org/name, revision)`` for a Hub id, URL or ``hf://`` URI; None for anything else."""
    match = _HF_URL.match(value) or _HF_SCHEME.match(value)
    if match:
        return match.group(1).removesuffix(".git"), match.group(2)
    match = _HF_ID.match(value)
    if match is None or ".." in value or value.endswith((*WEIGHT_SUFFIXES, *_NON_MODEL_SUFFIXES)):
        return None
    if match.group(1).lower() in _PATH_FIRST_SEGMENTS:
        return None
    return value, None


def _looks_like_path(value: str) -> bool:
    return (
        value.startswith(("/", "./", "../", "~", "\\"))
        or value.count("/") > 1
        or bool(re.match(r"^[A-Za-z]:[\\/]", value))
        or value.lower().endswith(WEIGHT_SUFFIXES)
    )


def _local(value: str, slot: Slot) -> LocalPath | None:
    return None if slot is Slot.API else LocalPath(value, value.lower().endswith(WEIGHT_SUFFIXES))


def _hub(value: str) -> Classified | None:
    found = hf_id(value)
    return Classified(found[0], Ecosystem.HUGGINGFACE, revision=found[1]) if found else None


def _litellm(value: str) -> Classified | None:
    prefix, _, rest = value.partition("/")
    if not rest:
        return None
    route = LITELLM_ROUTES.get(prefix)
    if route is Ecosystem.OLLAMA and _OLLAMA_NAME.match(rest):
        return _ollama(rest)
    if route is Ecosystem.HUGGINGFACE:
        return _hub(rest)
    if prefix in LITELLM_PROVIDERS and not is_placeholder(rest):
        if prefix == "openai" and api_provider(rest) != "openai":
            # openai/whisper-large-v3 is a Hub id; openai/org/name is an OpenAI-compatible
            # server (vLLM, a Hub router) serving that Hub model.
            return _hub(rest) if "/" in rest else None
        provider = PROVIDER_ALIASES.get(prefix, prefix.removesuffix("_chat"))
        return Classified(rest, Ecosystem.API_SERVICE, provider=provider)
    return None


def _ollama(value: str) -> Classified | None:
    if value.lower().startswith(("hf.co/", "huggingface.co/")):
        base = value.split(":", 1)[0]
        found = hf_id(base)
        return Classified(found[0], Ecosystem.HUGGINGFACE) if found else None
    if not _OLLAMA_NAME.match(value.lower()):
        return None
    name = value.removesuffix(":latest").removeprefix("library/")
    return Classified(name, Ecosystem.OLLAMA, provider="ollama")


def ollama_url(value: str) -> Classified | None:
    """``ollama://NAME[:TAG]`` (KubeAI's model URL): the Ollama model, as ``hf://`` names a
    Hub one."""
    if value[:9].lower() != "ollama://":
        return None
    return _ollama(value[9:].strip("/")) if value[9:].strip("/") else None


def _colon_form(value: str) -> Classified | None:
    """``openai:gpt-4o`` and ``ollama:llama3``: a provider prefix with a colon."""
    prefix, sep, rest = value.partition(":")
    if not sep or not rest or "/" in prefix:
        return None
    if rest.startswith(PROVIDER_KINDS):
        rest = rest.split(":", 1)[1]
    if OLLAMA_FAMILIES.match(value) and api_provider(rest) is None:
        return None  # ``mistral:7b`` is an Ollama tag, not the Mistral API
    if prefix == "ollama":
        return _ollama(rest)
    if prefix == "huggingface":
        found = hf_id(rest)
        return Classified(found[0], Ecosystem.HUGGINGFACE) if found else None
    provider = COLON_PROVIDERS.get(prefix)
    if provider is None or not _API_NAME.match(rest):
        return None
    return Classified(rest, Ecosystem.API_SERVICE, provider=provider)


def _bare(value: str, slot: Slot) -> Classified | None:
    """A name with no organisation: which slot it sits in decides what it can be."""
    if slot is Slot.SENTENCE_TRANSFORMERS and value.startswith(ST_PREFIXES):
        return Classified(f"sentence-transformers/{value}", Ecosystem.HUGGINGFACE)
    if value in LEGACY_HF_NAMES and slot in (Slot.HF, Slot.SENTENCE_TRANSFORMERS, Slot.GENERIC):
        return Classified(value, Ecosystem.HUGGINGFACE)
    provider = api_provider(value)
    if provider and slot in (Slot.API, Slot.GENERIC):
        return Classified(value, Ecosystem.API_SERVICE, provider=provider)
    if slot is Slot.GENERIC and OLLAMA_FAMILIES.match(value) and ":" in value:
        return _ollama(value)
    if provider:
        return None  # a hosted model's name: no loader can fetch it from the Hub
    if slot is Slot.SENTENCE_TRANSFORMERS and ("-" in value or "_" in value) and "." not in value:
        # SentenceTransformer() looks a bare name that is not one of transformers' legacy
        # names up in the sentence-transformers organisation (nq-distilbert-base-v1).
        return Classified(f"sentence-transformers/{value}", Ecosystem.HUGGINGFACE)
    if value.lower().endswith((*WEIGHT_SUFFIXES, *_NON_MODEL_SUFFIXES)):
        return None  # a file name, not a model's
    if slot is Slot.HF and re.search(r"\d", value) and "-" in value:
        # An unknown bare name in a loader slot: most likely an old Hub alias, said so.
        return Classified(value, Ecosystem.HUGGINGFACE, confidence=Confidence.MEDIUM)
    return None


def _loadable(value: str, slot: Slot) -> Classified | LocalPath | None:
    """In a loader's slot (``from_pretrained``, ``SentenceTransformer``) the call decides: an
    ``org/name`` is a Hub repository even when ``org`` is also a hosted-API route prefix
    (``databricks/dbrx-instruct``)."""
    if value.startswith(_URL_PREFIXES):
        return _url(value)
    if "/" in value or _looks_like_path(value):
        found = None if _looks_like_path(value) else _hub(value)
        return found or _local(value, slot)
    return _bare(value, slot) if _BARE_NAME.match(value) else None


def _url(value: str) -> Classified | None:
    found = _HF_URL.match(value) or _HF_SCHEME.match(value)
    if found is None:
        return None
    return Classified(found[1].removesuffix(".git"), Ecosystem.HUGGINGFACE, revision=found[2])


def _api(value: str, provider: str | None) -> Classified | None:
    """The model argument of a hosted API's client; ``provider`` is who the client talks to."""
    if provider == LOCAL_SERVER:
        # A server on this machine or network (llama.cpp, vLLM, LM Studio): its model names are
        # aliases it was started with, except a Hub id, which is the model it serves. LiteLLM's
        # ``openai/`` prefix only says the server speaks OpenAI's protocol: the rest is the name.
        value = value.removeprefix("openai/")
        return _hub(value) if "/" in value and not _looks_like_path(value) else None
    if "/" in value:
        if provider in OPEN_MODEL_HOSTS and _hub(value) is not None:
            return Classified(value, Ecosystem.API_SERVICE, provider=provider)
        return _hub(value) if not _looks_like_path(value) else None
    if _looks_like_path(value) or not _API_NAME.match(value):
        return None
    named = api_provider(value)
    if provider in FIRST_PARTY and (
        (named is not None and not _served_by(value, provider))
        or (named is None and ":" in value and OLLAMA_FAMILIES.match(value))
    ):
        return None  # another server's alias sent through this client, not this API's model
    # The client says who serves it: Azure serves OpenAI's models, Bedrock Anthropic's.
    return Classified(value, Ecosystem.API_SERVICE, provider=provider or named)


def classify(value: str, slot: Slot, provider: str | None = None) -> Classified | LocalPath | None:
    """Decide what ``value``, found in ``slot``, names; None when it is not a model id.

    ``provider`` is the hosted API a client call talks to, when the call says so.
    """
    value = value.strip()
    if is_placeholder(value):
        return None
    if value[:9].lower() == "ollama://":
        return ollama_url(value)
    if slot is Slot.OLLAMA or (slot is Slot.API and provider == "ollama"):
        return _ollama(value)
    if slot is Slot.API and provider == "huggingface":
        slot = Slot.HF  # Hub inference: the model is the Hub repository
    if value.startswith(("hf_hub:", "hf-hub:")):  # timm and open_clip name Hub models so
        found_hub = hf_id(value[7:])
        return Classified(found_hub[0], Ecosystem.HUGGINGFACE) if found_hub else None
    if value.startswith("models/") and (
        provider in ("google", "google-vertex") or api_provider(value[7:]) == "google"
    ):
        # The Gemini API's resource names: ``models/embedding-001`` is the model embedding-001.
        name = value[7:]
        return Classified(name, Ecosystem.API_SERVICE, provider="google") if name else None
    if slot in (Slot.HF, Slot.SENTENCE_TRANSFORMERS):
        return _loadable(value, slot)
    colon = _colon_form(value)
    if colon is not None:
        return colon
    if value.startswith(_URL_PREFIXES):
        return _url(value)
    if "/" in value:
        prefix = value.split("/", 1)[0]
        if prefix == "openai" and slot is Slot.API and provider == LOCAL_SERVER:
            return _api(value, provider)  # LiteLLM's route to an OpenAI-compatible server
        if prefix in LITELLM_ROUTES or prefix in LITELLM_PROVIDERS:
            routed = _litellm(value)
            if routed is not None:
                return routed
        if slot is Slot.API:
            return _api(value, provider)
        found_id = hf_id(value) if not _looks_like_path(value) else None
        if found_id is not None:
            return Classified(found_id[0], Ecosystem.HUGGINGFACE, revision=found_id[1])
        return _local(value, slot)
    if _looks_like_path(value) or slot is Slot.LOCAL_PATH:
        return _local(value, slot)
    if slot is Slot.API:
        return _api(value, provider)
    known = api_provider(value)
    if known and slot is Slot.GENERIC:
        return Classified(value, Ecosystem.API_SERVICE, provider=known)
    if ":" in value and slot is Slot.GENERIC and OLLAMA_FAMILIES.match(value):
        return _ollama(value)
    if not _BARE_NAME.match(value):
        return None
    return _bare(value, slot)


def classify_hinted(value: str, provider: str) -> Classified | LocalPath | None:
    """A value under a key or section that names who serves it (``ollama:``, ``AZURE_OPENAI_*``,
    ``provider: groq``) but not how the value is read. The hint never makes a name a model:
    a first-party API keeps only names of its own, a host of open models only model-shaped ids.
    """
    if provider == "ollama":
        return classify(value, Slot.OLLAMA)
    if provider == "huggingface":
        return classify(value, Slot.HF)
    plain = classify(value, Slot.GENERIC)
    if provider in FIRST_PARTY:
        named = classify(value, Slot.API, provider)
        keep = isinstance(named, Classified) and _served_by(named.name, provider)
        return named if keep else plain
    routed = isinstance(plain, Classified) and plain.name != value.strip()
    if provider in OPEN_MODEL_HOSTS and "/" in value and _hub(value) is not None and not routed:
        return Classified(value, Ecosystem.API_SERVICE, provider=provider)
    if isinstance(plain, Classified) and plain.ecosystem is Ecosystem.API_SERVICE:
        # Azure serves OpenAI's models, Bedrock Anthropic's: the section says whose account.
        bedrock = provider == "aws-bedrock" and plain.provider != "aws-bedrock"
        return plain if bedrock else Classified(plain.name, plain.ecosystem, provider=provider)
    return plain
