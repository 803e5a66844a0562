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
    r"login|pricing|tasks|learn)/)"
)
_HF_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?:models/)?"
    + _NOT_MODEL_PAGES
    + rf"({_HF_PART}/{_HF_PART})(?:/(?:tree|blob|resolve)/([\w.-]+))?(?::[\w.-]+)?(?:[/?#].*)?$"
)
_HF_SCHEME = re.compile(
    rf"^hf://(?:models/)?{_NOT_MODEL_PAGES}({_HF_PART}/{_HF_PART})(?:@([\w.-]+))?(?:/.*)?$"
)
_OLLAMA_NAME = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*(?::[\w.-]+)?$")
_BARE_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")
_PLACEHOLDER = re.compile(
    r"[<>{}$\[\]|*`\s]|\.\.\.|^(?:your|my|some|example|sample|dummy|fake|foo|bar|test)[-_]|"
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

# Hosted models, by name: the provider is known from the name alone.
_API_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (provider, re.compile(pattern, re.IGNORECASE))
    for provider, pattern in (
        (
            "openai",
            r"^(?:gpt-(?!oss|j|neo|2\b|sw)[\w.-]+|chatgpt-[\w.-]+|o[134](?:-[\w.-]+)?|"
            r"text-embedding-[\w.-]+|text-(?:davinci|curie|babbage|ada)-[\w.-]+|davinci-\d+|"
            r"babbage-\d+|whisper-1|tts-1(?:-hd)?|dall-e-[23]|gpt-image-[\w.-]+|"
            r"(?:omni|text)-moderation-[\w.-]+|codex-mini[\w.-]*|computer-use-preview)$",
        ),
        ("anthropic", r"^claude-[\w.-]+$"),
        (
            "google",
            r"^(?:gemini-[\w.-]+|(?:text|chat|code)-bison[\w@.-]*|textembedding-gecko[\w@.-]*|"
            r"text-(?:multilingual-)?embedding-\d+|imagen-[\w.-]+|veo-[\w.-]+)$",
        ),
        (
            "mistral",
            r"^(?:mistral-(?:large|medium|small|tiny|embed|moderation|ocr|saba)[\w.-]*|"
            r"(?:open-)?(?:mistral|mixtral)-[\w.-]*-(?:latest|\d{4})|codestral-[\w.-]+|"
            r"pixtral-large-[\w.-]+|ministral-\d+b-[\w.-]+|magistral-[\w.-]+|devstral-[\w.-]+-\d{4})$",
        ),
        (
            "cohere",
            r"^(?:command(?:-r|-r-plus|-light|-nightly|-a)?(?:-[\w.-]+)?|"
            r"embed-(?:english|multilingual)-[\w.-]+|rerank-[\w.-]+)$",
        ),
        ("deepseek", r"^deepseek-(?:chat|reasoner)$"),
        ("xai", r"^grok-[\w.-]+$"),
        (
            "aws-bedrock",
            r"^(?:[a-z]{2}\.)?(?:anthropic|amazon|meta|cohere|mistral|ai21|stability)\."
            r"[\w.-]+(?::\d+)?$",
        ),
    )
)

# LiteLLM-style "provider/model" prefixes. Those listed as routes also name a model ecosystem.
_LITELLM_ROUTES: dict[str, Ecosystem] = {
    "ollama": Ecosystem.OLLAMA,
    "ollama_chat": Ecosystem.OLLAMA,
    "huggingface": Ecosystem.HUGGINGFACE,
    "hosted_vllm": Ecosystem.HUGGINGFACE,
    "vllm": Ecosystem.HUGGINGFACE,
}
_LITELLM_PROVIDERS = frozenset(
    "azure azure_ai bedrock vertex_ai vertex_ai_beta gemini groq together_ai openrouter "
    "fireworks_ai deepinfra replicate perplexity anyscale cloudflare sagemaker watsonx "
    "databricks nvidia_nim lm_studio text-completion-openai voyage jina_ai friendliai cerebras "
    "sambanova deepseek xai mistral codestral cohere cohere_chat anthropic openai "
    "ai21 nlp_cloud aleph_alpha baseten petals predibase clarifai novita nscale "
    "github github_copilot dashscope moonshot volcengine".split()
)
# ``provider:model`` strings (pydantic-ai, LangChain ``init_chat_model``, aisuite).
_COLON_PROVIDERS: dict[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google-gla": "google",
    "google-vertex": "google",
    "google_genai": "google",
    "google_vertexai": "google",
    "google": "google",
    "groq": "groq",
    "mistral": "mistral",
    "mistralai": "mistral",
    "cohere": "cohere",
    "bedrock": "aws-bedrock",
    "bedrock_converse": "aws-bedrock",
    "deepseek": "deepseek",
    "azure_openai": "azure",
    "azure": "azure",
    "xai": "xai",
    "together": "together_ai",
    "fireworks": "fireworks_ai",
}
# LiteLLM route prefixes that name a provider differently from aibom.
_PROVIDER_ALIASES = {
    "bedrock": "aws-bedrock",
    "gemini": "google",
    "vertex_ai": "google",
    "vertex_ai_beta": "google",
    "codestral": "mistral",
    "azure_ai": "azure",
    "text-completion-openai": "openai",
    "cohere_chat": "cohere",
}
_API_NAME = re.compile(r"^[A-Za-z0-9][\w.:-]*$")
# promptfoo-style kinds between provider and model (``anthropic:messages:claude-...``).
_PROVIDER_KINDS = ("chat:", "completion:", "messages:", "embedding:", "embeddings:", "responses:")
# Sentence-transformers loads these bare names from the sentence-transformers organisation.
_ST_PREFIXES = (
    "all-",
    "paraphrase-",
    "multi-qa-",
    "msmarco-",
    "distiluse-",
    "nli-",
    "stsb-",
    "sentence-t5-",
    "gtr-t5-",
    "LaBSE",
    "average_word_embeddings_",
    "clip-ViT-",
    "quora-",
    "distilbert-base-nli",
    "bert-base-nli",
    "roberta-base-nli",
    "facebook-dpr-",
)
# Canonical Hub models that predate organisations and still load by their bare name.
LEGACY_HF_NAMES = frozenset(
    """gpt2 gpt2-medium gpt2-large gpt2-xl distilgpt2 openai-gpt ctrl transfo-xl-wt103
    bert-base-uncased bert-base-cased bert-large-uncased bert-large-cased bert-base-chinese
    bert-base-multilingual-cased bert-base-multilingual-uncased bert-base-german-cased
    bert-large-uncased-whole-word-masking bert-large-cased-whole-word-masking
    bert-large-uncased-whole-word-masking-finetuned-squad distilbert-base-uncased
    distilbert-base-cased distilbert-base-uncased-distilled-squad
    distilbert-base-cased-distilled-squad
    distilbert-base-multilingual-cased distilbert-base-uncased-finetuned-sst-2-english
    distilroberta-base roberta-base roberta-large roberta-large-mnli roberta-base-openai-detector
    xlm-roberta-base xlm-roberta-large xlm-mlm-en-2048 xlnet-base-cased xlnet-large-cased
    t5-small t5-base t5-large t5-3b t5-11b albert-base-v1 albert-base-v2 albert-large-v2
    albert-xlarge-v2 albert-xxlarge-v2 camembert-base flaubert-base-cased
    xlm-clm-enfr-1024""".split()
)
_OLLAMA_FAMILIES = re.compile(
    r"^(?:llama\d[\w.]*|llama2[\w.-]*|codellama|llava[\w.-]*|mistral[\w.-]*|mixtral|qwen[\w.]*|"
    r"qwq|gemma[\w.]*|phi\d[\w.-]*|deepseek-(?:r1|v\d|coder[\w.-]*|llm)|nomic-embed-text|"
    r"mxbai-embed-large|all-minilm|snowflake-arctic-embed[\w.-]*|bge-m3|bge-large|tinyllama|"
    r"starcoder\d?|granite[\w.-]*|smollm\d?|orca-mini|vicuna|zephyr|neural-chat|"
    r"dolphin[\w.-]*|nous-hermes\d?|openchat|wizardlm\d?|yi|falcon\d?|command-r[\w-]*|"
    r"olmo\d?|kimi-k\d[\w.-]*|glm\d[\w.-]*|minimax-m\d[\w.-]*|gpt-oss|magistral|devstral)(?::[\w.-]+)?$",
    re.IGNORECASE,
)


def is_placeholder(value: str) -> bool:
    """True for template strings and stand-ins (``<model>``, ``your-org/your-model``, ``${M}``)."""
    return not value or len(value) > 200 or bool(_PLACEHOLDER.search(value))


def api_provider(name: str) -> str | None:
    """The provider of a hosted model recognised by its name alone."""
    for provider, pattern in _API_PATTERNS:
        if pattern.match(name):
            return provider
    return None


def hf_id(value: str) -> tuple[str, str | None] | None:
    """``(org/name, revision)`` for a Hub id, URL or ``hf://`` URI; None for anything else."""
    match = _HF_URL.match(value) or _HF_SCHEME.match(value)
    if match:
        return match.group(1), match.group(2)
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


def _litellm(value: str) -> Classified | None:
    prefix, _, rest = value.partition("/")
    if not rest:
        return None
    route = _LITELLM_ROUTES.get(prefix)
    if route is Ecosystem.OLLAMA and _OLLAMA_NAME.match(rest):
        return _ollama(rest)
    if route is Ecosystem.HUGGINGFACE:
        found = hf_id(rest)
        return Classified(found[0], Ecosystem.HUGGINGFACE, revision=found[1]) if found else None
    if prefix in _LITELLM_PROVIDERS and not is_placeholder(rest):
        if prefix == "openai" and api_provider(rest) != "openai":
            return None  # openai/whisper-large-v3 is a Hub id, openai/gpt-4o is the API
        provider = _PROVIDER_ALIASES.get(prefix, prefix.removesuffix("_chat"))
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


def _colon_form(value: str) -> Classified | None:
    """``openai:gpt-4o`` and ``ollama:llama3``: a provider prefix with a colon."""
    prefix, sep, rest = value.partition(":")
    if not sep or not rest or "/" in prefix:
        return None
    if rest.startswith(_PROVIDER_KINDS):
        rest = rest.split(":", 1)[1]
    if _OLLAMA_FAMILIES.match(value) and api_provider(rest) is None:
        return None  # ``mistral:7b`` is an Ollama tag, not the Mistral API
    if prefix == "ollama":
        return _ollama(rest)
    if prefix == "huggingface":
        found = hf_id(rest)
        return Classified(found[0], Ecosystem.HUGGINGFACE) if found else None
    provider = _COLON_PROVIDERS.get(prefix)
    if provider is None or not _API_NAME.match(rest):
        return None
    return Classified(rest, Ecosystem.API_SERVICE, provider=provider)


def _bare(value: str, slot: Slot) -> Classified | None:
    """A name with no organisation: which slot it sits in decides what it can be."""
    if slot is Slot.SENTENCE_TRANSFORMERS and value.startswith(_ST_PREFIXES):
        return Classified(f"sentence-transformers/{value}", Ecosystem.HUGGINGFACE)
    if value in LEGACY_HF_NAMES and slot in (Slot.HF, Slot.SENTENCE_TRANSFORMERS, Slot.GENERIC):
        return Classified(value, Ecosystem.HUGGINGFACE)
    provider = api_provider(value)
    if provider and slot in (Slot.API, Slot.GENERIC):
        return Classified(value, Ecosystem.API_SERVICE, provider=provider)
    if slot is Slot.GENERIC and _OLLAMA_FAMILIES.match(value) and ":" in value:
        return _ollama(value)
    if provider:
        return None  # a hosted model's name: no loader can fetch it from the Hub
    if slot in (Slot.HF, Slot.SENTENCE_TRANSFORMERS) and re.search(r"\d", value) and "-" in value:
        # An unknown bare name in a loader slot: most likely an old Hub alias, said so.
        return Classified(value, Ecosystem.HUGGINGFACE, confidence=Confidence.MEDIUM)
    return None


def classify(value: str, slot: Slot, provider: str | None = None) -> Classified | LocalPath | None:
    """Decide what ``value``, found in ``slot``, names; None when it is not a model id.

    ``provider`` is the hosted API a client call talks to, when the call says so.
    """
    value = value.strip()
    if is_placeholder(value):
        return None
    if slot is Slot.OLLAMA or (slot is Slot.API and provider == "ollama"):
        return _ollama(value)
    if value.startswith(("hf_hub:", "hf-hub:")):  # timm and open_clip name Hub models so
        found_hub = hf_id(value[7:])
        return Classified(found_hub[0], Ecosystem.HUGGINGFACE) if found_hub else None
    if value.startswith("models/") and api_provider(value[7:]) == "google":
        return Classified(value[7:], Ecosystem.API_SERVICE, provider="google")
    colon = _colon_form(value)
    if colon is not None:
        return colon
    if value.startswith(("hf://", "http://", "https://", "hf.co/", "huggingface.co/", "www.")):
        found = _HF_URL.match(value) or _HF_SCHEME.match(value)
        return (
            Classified(found.group(1), Ecosystem.HUGGINGFACE, revision=found.group(2))
            if found
            else None
        )
    if "/" in value:
        prefix = value.split("/", 1)[0]
        if prefix in _LITELLM_ROUTES or prefix in _LITELLM_PROVIDERS:
            routed = _litellm(value)
            if routed is not None:
                return routed
        found_id = hf_id(value) if not _looks_like_path(value) else None
        if found_id is not None:
            return Classified(found_id[0], Ecosystem.HUGGINGFACE, revision=found_id[1])
        return (
            None if slot is Slot.API else LocalPath(value, value.lower().endswith(WEIGHT_SUFFIXES))
        )
    if _looks_like_path(value) or slot is Slot.LOCAL_PATH:
        return (
            None if slot is Slot.API else LocalPath(value, value.lower().endswith(WEIGHT_SUFFIXES))
        )
    if slot is Slot.API:
        if not _API_NAME.match(value):
            return None
        # The client says who serves it: Azure serves OpenAI's models, Bedrock Anthropic's.
        return Classified(value, Ecosystem.API_SERVICE, provider=provider or api_provider(value))
    known = api_provider(value)
    if known and slot is Slot.GENERIC:
        return Classified(value, Ecosystem.API_SERVICE, provider=known)
    if ":" in value and slot is Slot.GENERIC and _OLLAMA_FAMILIES.match(value):
        return _ollama(value)
    if not _BARE_NAME.match(value):
        return None
    return _bare(value, slot)
