"""The Python calls that take a model, by library: which argument holds it and what kind it is.

One table, read top to bottom; the first rule whose callee matches wins. Callee names are matched
on the last dotted part (``from_pretrained``) or the class called, after import aliases are
resolved, and optionally on the module the name was imported from (``vllm`` vs ``crewai`` for
``LLM``). Calling an object (``HFTrainer()(...)``, or ``trainer(...)`` after ``trainer =
HFTrainer()``) is calling its class's ``__call__``.
"""

from __future__ import annotations

from dataclasses import dataclass

from aibom.core.ids import Slot
from aibom.core.model import Role


@dataclass(frozen=True)
class CallRule:
    """A call that takes a model: where the model is, and how to read it."""

    names: frozenset[str]  # last dotted part of the callee
    positions: tuple[int, ...]
    keywords: tuple[str, ...]
    slot: Slot
    modules: frozenset[str] = frozenset()  # when set, the callee must come from one of these
    provider: str | None = None
    role: Role = Role.DEPENDENCY
    report_unresolved: bool = True
    # The value may name one file of a Hub repository (``org/repo/model.gguf``).
    repo_files: bool = False
    # Where the call writes a model it makes (position, keyword): loading that back later is
    # reading the project's own output.
    output: tuple[int, str] | None = None


def _rule(
    names: str,
    positions: tuple[int, ...],
    keywords: str,
    slot: Slot,
    *,
    modules: str = "",
    provider: str | None = None,
    role: Role = Role.DEPENDENCY,
    report_unresolved: bool = True,
    repo_files: bool = False,
    output: tuple[int, str] | None = None,
) -> CallRule:
    return CallRule(
        frozenset(names.split()),
        positions,
        tuple(keywords.split()),
        slot,
        frozenset(modules.split()),
        provider,
        role,
        report_unresolved,
        repo_files,
        output,
    )


_HF_DOWNLOADS = (
    "hf_hub_download snapshot_download hf_hub_url try_to_load_from_cache model_info list_repo_files"
)
_HF_EMBEDDINGS = (
    "HuggingFaceEmbeddings HuggingFaceBgeEmbeddings HuggingFaceInstructEmbeddings "
    "HuggingFaceEmbedding SentenceTransformerEmbeddings SentenceTransformersTextEmbedder "
    "SentenceTransformersDocumentEmbedder SentenceTransformersSimilarityRanker "
    "SentenceTransformerEmbeddingFunction InstructorEmbedding"
)
_OLLAMA_CLASSES = (
    "ChatOllama OllamaLLM Ollama OllamaEmbeddings OllamaEmbedding OllamaChatGenerator "
    "OllamaGenerator OllamaTextEmbedder OllamaDocumentEmbedder OllamaFunctions "
    "OllamaChatCompletionClient"
)
_API_CHAT_CLASSES = (
    "ChatOpenAI OpenAIEmbeddings AzureChatOpenAI AzureOpenAIEmbeddings ChatAnthropic "
    "ChatGoogleGenerativeAI GoogleGenerativeAIEmbeddings ChatVertexAI VertexAI ChatMistralAI "
    "MistralAIEmbeddings ChatCohere CohereEmbeddings ChatGroq ChatBedrock ChatBedrockConverse "
    "BedrockLLM BedrockEmbeddings ChatDeepSeek ChatXAI ChatTogether ChatFireworks "
    "OpenAIChatCompletionClient AzureOpenAIChatCompletionClient AnthropicChatCompletionClient "
    "OpenAIChatGenerator OpenAIGenerator AnthropicChatGenerator GoogleAIGeminiChatGenerator "
    "OpenAIModel AnthropicModel GeminiModel GroqModel MistralModel OpenAIResponsesModel"
)

_TXTAI_PIPELINES = (
    "Caption CrossEncoder Entity Generator Labels LateEncoder Objects Questions Sequences "
    "Similarity Summary TextToAudio TextToSpeech Transcription Translation"
)

CALL_RULES: tuple[CallRule, ...] = (
    # PEFT: the adapter is the second argument; the first is the base model object.
    _rule(
        "from_pretrained",
        (1,),
        "model_id",
        Slot.HF,
        modules="peft PeftModel PeftModelForCausalLM PeftModelForSeq2SeqLM",
    ),
    # Vertex AI's model classes take hosted model names.
    _rule("from_pretrained", (0,), "model_name", Slot.API, modules="vertexai", provider="google"),
    # TransformerLens also takes short aliases of its own (``pythia-70m``, ``gpt2-small``),
    # resolved from a table it ships: no Hub repository has that name, so a generic slot keeps
    # Hub ids and transformers' legacy bare names and leaves the aliases out.
    _rule(
        "from_pretrained from_pretrained_no_processing",
        (0,),
        "model_name",
        Slot.GENERIC,
        modules="transformer_lens HookedTransformer HookedEncoder HookedEncoderDecoder "
        "HookedSAETransformer",
    ),
    _rule(
        "from_pretrained",
        (0,),
        "pretrained_model_name_or_path model_name model_id repo_id pretrained_model_name",
        Slot.HF,
    ),
    _rule("from_single_file", (0,), "pretrained_model_link_or_path", Slot.HF),
    _rule("pipeline", (1,), "model tokenizer", Slot.HF, modules="transformers"),
    _rule(
        "load_lora_weights load_textual_inversion load_ip_adapter",
        (0,),
        "pretrained_model_name_or_path_or_dict pretrained_model_name_or_path",
        Slot.HF,
    ),
    _rule("load convert", (0,), "path_or_hf_repo hf_path", Slot.HF, modules="mlx_lm mlx_vlm"),
    _rule("InferenceSession", (0,), "path_or_bytes", Slot.LOCAL_PATH),
    _rule(
        "create_model create_model_and_transforms create_model_from_pretrained",
        (0,),
        "model_name",
        Slot.HF,
        modules="timm open_clip",
        report_unresolved=False,
    ),
    _rule(_HF_DOWNLOADS, (0,), "repo_id", Slot.HF),
    # txtai: every pipeline takes its model as ``path`` (RAG and Extractor second, after the
    # embeddings); Embeddings takes a config dict, or its keys as keywords; LLM, RAG and
    # Embeddings also take API names and ``org/repo/file.gguf``; calling an HFTrainer or
    # HFOnnx object takes the base model first. Its class names are common words, hence the
    # module.
    _rule("Embeddings", (0,), "path config", Slot.GENERIC, modules="txtai", repo_files=True),
    _rule("LLM", (0,), "path", Slot.GENERIC, modules="txtai", repo_files=True),
    _rule("RAG Extractor", (1,), "path", Slot.GENERIC, modules="txtai", repo_files=True),
    _rule(_TXTAI_PIPELINES, (0,), "path", Slot.HF, modules="txtai"),
    _rule("__call__", (0,), "base path", Slot.HF, modules="HFTrainer HFOnnx", output=(2, "output")),
    _rule(
        "SentenceTransformer CrossEncoder SparseEncoder",
        (0,),
        "model_name_or_path model_name",
        Slot.SENTENCE_TRANSFORMERS,
    ),
    _rule(_HF_EMBEDDINGS, (), "model_name model", Slot.SENTENCE_TRANSFORMERS),
    _rule(
        "LLM EngineArgs AsyncEngineArgs",
        (0,),
        "model tokenizer",
        Slot.HF,
        modules="vllm tensorrt_llm",
    ),
    _rule("LLM", (0,), "model", Slot.GENERIC, modules="crewai"),
    _rule("InferenceClient AsyncInferenceClient", (0,), "model", Slot.HF),
    _rule("HuggingFaceEndpoint HuggingFaceHub", (), "repo_id model endpoint_url", Slot.HF),
    _rule("from_model_id", (), "model_id", Slot.HF),
    _rule("HuggingFaceLLM HuggingFaceInferenceAPI", (), "model_name tokenizer_name", Slot.HF),
    _rule("chat generate pull embed embeddings show", (0,), "model", Slot.OLLAMA, modules="ollama"),
    # OpenAI-style resources first: ``client.chat.completions.create`` is a call, not ollama.create.
    _rule(
        "create parse stream",
        (),
        "model",
        Slot.API,
        modules="completions responses embeddings messages images transcriptions translations "
        "moderations speech",
    ),
    _rule("create", (), "model", Slot.OLLAMA, modules="ollama", role=Role.OUTPUT),
    _rule(_OLLAMA_CLASSES, (), "model model_name", Slot.OLLAMA),
    _rule("Llama", (), "model_path", Slot.LOCAL_PATH, modules="llama_cpp"),
    _rule("GenerativeModel", (0,), "model_name", Slot.API, provider="google"),
    _rule(
        _API_CHAT_CLASSES,
        (),
        "model model_name model_id deployment_name azure_deployment",
        Slot.API,
    ),
    _rule(
        "completion acompletion embedding aembedding text_completion",
        (0,),
        "model",
        Slot.GENERIC,
        modules="litellm",
    ),
    _rule("LM", (0,), "model", Slot.GENERIC, modules="dspy"),
    _rule("init_chat_model init_embeddings", (0,), "model", Slot.GENERIC),
    _rule("Agent", (0,), "model", Slot.GENERIC, modules="pydantic_ai agents"),
    _rule(
        "create parse stream generate_content generate_content_stream count_tokens embed_content "
        "generate_images",
        (),
        "model",
        Slot.API,
    ),
    _rule(
        "invoke_model invoke_model_with_response_stream converse converse_stream",
        (),
        "modelId",
        Slot.API,
        provider="aws-bedrock",
    ),
    # What a script saves is what it produces: loading it back later is not a dependency.
    _rule(
        "save_pretrained save_model save",
        (0,),
        "save_directory output_dir path model_path",
        Slot.HF,
        role=Role.OUTPUT,
        report_unresolved=False,
    ),
    _rule(
        "push_to_hub push_to_hub_gguf push_to_hub_merged",
        (0,),
        "repo_id",
        Slot.HF,
        role=Role.OUTPUT,
        report_unresolved=False,
    ),
)

# Client classes whose calls talk to a known hosted API.
CLIENT_PROVIDERS: dict[str, str] = {
    "OpenAI": "openai",
    "AsyncOpenAI": "openai",
    "ChatOpenAI": "openai",
    "OpenAIEmbeddings": "openai",
    "OpenAIChatCompletionClient": "openai",
    "AzureOpenAI": "azure",
    "AsyncAzureOpenAI": "azure",
    "AzureChatOpenAI": "azure",
    "AzureOpenAIEmbeddings": "azure",
    "AzureOpenAIChatCompletionClient": "azure",
    "Anthropic": "anthropic",
    "AsyncAnthropic": "anthropic",
    "ChatAnthropic": "anthropic",
    "AnthropicChatCompletionClient": "anthropic",
    "AnthropicBedrock": "aws-bedrock",
    "AnthropicVertex": "google-vertex",
    "GenerativeModel": "google",
    "ChatGoogleGenerativeAI": "google",
    "Client": "google",
    "ChatVertexAI": "google-vertex",
    "VertexAI": "google-vertex",
    "Mistral": "mistral",
    "MistralClient": "mistral",
    "ChatMistralAI": "mistral",
    "ClientV2": "cohere",
    "ChatCohere": "cohere",
    "CohereEmbeddings": "cohere",
    "Groq": "groq",
    "AsyncGroq": "groq",
    "ChatGroq": "groq",
    "ChatBedrock": "aws-bedrock",
    "ChatBedrockConverse": "aws-bedrock",
    "BedrockLLM": "aws-bedrock",
    "BedrockEmbeddings": "aws-bedrock",
    "Together": "together_ai",
    "ChatTogether": "together_ai",
    "ChatDeepSeek": "deepseek",
    "ChatXAI": "xai",
    "ChatFireworks": "fireworks_ai",
    "ContextualAI": "contextual",
    "AsyncContextualAI": "contextual",
}
# Modules whose ``Client`` is the named provider (``google.genai.Client``, ``cohere.Client``).
MODULE_PROVIDERS: dict[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "google",
    "cohere": "cohere",
    "mistralai": "mistral",
    "groq": "groq",
    "together": "together_ai",
    "boto3": "aws-bedrock",
    "ollama": "ollama",
}
