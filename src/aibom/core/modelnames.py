"""The names hosted APIs, routers and model hubs give their models: curated tables, no logic.

:mod:`aibom.core.ids` decides with these what a string names. Each table says what it holds and
where its entries come from (the providers' model lists, LiteLLM's route prefixes, the bare names
that transformers and sentence-transformers still resolve).
"""

from __future__ import annotations

import re

from aibom.core.model import Ecosystem

# Hosted models, by name: the provider is known from the name alone.
API_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (provider, re.compile(pattern, re.IGNORECASE))
    for provider, pattern in (
        (
            "openai",
            r"^(?:gpt-(?!oss|j|neo|2\b|sw)[\w.-]+|chatgpt-[\w.-]+|o[134](?:-[\w.-]+)?|"
            r"text-embedding-(?:ada-\d+|3-[\w.-]+)|text-(?:davinci|curie|babbage|ada)-[\w.-]+|davinci-\d+|"
            r"babbage-\d+|whisper-1|tts-1(?:-hd)?|dall-e-[23]|gpt-image-[\w.-]+|"
            r"(?:omni|text)-moderation-[\w.-]+|codex-mini[\w.-]*|computer-use-preview)$",
        ),
        ("anthropic", r"^claude-[\w.-]+$"),
        (
            # Gemini API and Vertex AI names (ai.google.dev "Models"): embedding-001 and
            # aqa are the Gemini API's own embedding and answering models.
            "google",
            r"^(?:gemini-[\w.-]+|(?:text|chat|code)-bison[\w@.-]*|textembedding-gecko[\w@.-]*|"
            r"text-(?:multilingual-)?embedding-\d+|embedding-(?:gecko-)?\d+|aqa|"
            r"imagen-[\w.-]+|veo-[\w.-]+|lyria-[\w.-]+)$",
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
            # Bedrock model ids, optionally behind a cross-region inference profile
            # (us., eu., apac., us-gov., global.); an id carries its version (-v2, :0), so
            # vendor prefixes such as ``anthropic.claude`` are not ids.
            "aws-bedrock",
            r"^(?:[a-z]{2}\.|apac\.|us-gov\.|global\.)?"
            r"(?:anthropic|amazon|meta|cohere|mistral|ai21|stability|deepseek|writer|qwen|openai)\."
            r"(?=[\w.:-]*(?:-v\d|:\d))[\w.-]+(?::\d+)?$",
        ),
    )
)
# Providers whose API serves only their own models: a name another provider's pattern claims,
# or an Ollama tag, sent to their client is some other server's alias, not their model.
FIRST_PARTY = frozenset({"openai", "anthropic", "google", "mistral", "cohere", "deepseek", "xai"})
# Hosts that serve open-weight models under their Hub ids (``meta-llama/Llama-3-70b-chat-hf``):
# through their client an ``org/name`` is their hosted model, not a Hub download.
OPEN_MODEL_HOSTS = frozenset(
    "together_ai groq watsonx openrouter fireworks_ai deepinfra replicate perplexity nvidia_nim "
    "sambanova cerebras novita nscale friendliai baseten anyscale".split()
)

# LiteLLM-style "provider/model" prefixes. Those listed as routes also name a model ecosystem.
LITELLM_ROUTES: dict[str, Ecosystem] = {
    "ollama": Ecosystem.OLLAMA,
    "ollama_chat": Ecosystem.OLLAMA,
    "huggingface": Ecosystem.HUGGINGFACE,
    "hosted_vllm": Ecosystem.HUGGINGFACE,
    "vllm": Ecosystem.HUGGINGFACE,
}
LITELLM_PROVIDERS = frozenset(
    "azure azure_ai bedrock vertex_ai vertex_ai_beta gemini groq together_ai openrouter "
    "fireworks_ai deepinfra replicate perplexity anyscale cloudflare sagemaker watsonx "
    "databricks nvidia_nim lm_studio text-completion-openai voyage jina_ai friendliai cerebras "
    "sambanova deepseek xai mistral codestral cohere cohere_chat anthropic openai "
    "ai21 nlp_cloud aleph_alpha baseten petals predibase clarifai novita nscale "
    "github github_copilot dashscope moonshot volcengine".split()
)
# ``provider:model`` strings (pydantic-ai, LangChain ``init_chat_model``, aisuite).
COLON_PROVIDERS: dict[str, str] = {
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
PROVIDER_ALIASES = {
    "bedrock": "aws-bedrock",
    "gemini": "google",
    "vertex_ai": "google",
    "vertex_ai_beta": "google",
    "codestral": "mistral",
    "azure_ai": "azure",
    "text-completion-openai": "openai",
    "cohere_chat": "cohere",
}
# promptfoo-style kinds between provider and model (``anthropic:messages:claude-...``).
PROVIDER_KINDS = ("chat:", "completion:", "messages:", "embedding:", "embeddings:", "responses:")
# Bare names sentence-transformers is known to publish under its organisation. Any other bare
# name with a separator is also looked up there when given to SentenceTransformer(); these
# few have none.
ST_PREFIXES = (
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
OLLAMA_FAMILIES = re.compile(
    r"^(?:llama\d[\w.]*|llama2[\w.-]*|codellama|llava[\w.-]*|mistral[\w.-]*|mixtral|qwen[\w.]*|"
    r"qwq|gemma[\w.]*|phi\d[\w.-]*|deepseek-(?:r1|v\d|coder[\w.-]*|llm)|nomic-embed-text|"
    r"mxbai-embed-large|all-minilm|snowflake-arctic-embed[\w.-]*|bge-m3|bge-large|tinyllama|"
    r"starcoder\d?|granite[\w.-]*|smollm\d?|orca-mini|vicuna|zephyr|neural-chat|"
    r"dolphin[\w.-]*|nous-hermes\d?|openchat|wizardlm\d?|yi|falcon\d?|command-r[\w-]*|"
    r"olmo\d?|kimi-k\d[\w.-]*|glm\d[\w.-]*|minimax-m\d[\w.-]*|gpt-oss|magistral|devstral)(?::[\w.-]+)?$",
    re.IGNORECASE,
)
