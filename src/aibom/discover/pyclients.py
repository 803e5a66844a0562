"""Who a Python call talks to: imports, client objects, and the server a client is aimed at.

``OpenAI(base_url=...)`` aimed at a hosted provider is that provider; aimed at this machine or a
private network (a llama.cpp, vLLM or LM Studio server) it is a local server, whose model names
are aliases the server was started with, unless they are Hub ids. A local engine object
(``llama_cpp.Llama``, vLLM ``LLM``) takes no hosted model either: its ``model=`` is an alias.
"""

from __future__ import annotations

import ast
import ipaddress
from urllib.parse import urlsplit

from aibom.core.ids import LOCAL_SERVER
from aibom.discover.pycontext import Context
from aibom.discover.pyindex import Nodes
from aibom.discover.pyrules import CALL_RULES, CLIENT_PROVIDERS, MODULE_PROVIDERS, CallRule
from aibom.discover.pyscope import Scope, dotted

_BASE_URL_KEYWORDS = ("base_url", "api_base", "openai_api_base", "azure_endpoint", "endpoint")
_BASE_URL_SETTINGS = frozenset({"api_base", "base_url", "api_type"})
_BASE_URL_VARIABLES = frozenset({"OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_API_TYPE"})
# Hosts of hosted APIs reached through an OpenAI-compatible client.
_HOSTS: tuple[tuple[str, str], ...] = (
    ("api.openai.com", "openai"),
    ("api.anthropic.com", "anthropic"),
    ("generativelanguage.googleapis.com", "google"),
    ("aiplatform.googleapis.com", "google"),
    ("api.deepseek.com", "deepseek"),
    ("api.groq.com", "groq"),
    ("api.together.xyz", "together_ai"),
    ("api.together.ai", "together_ai"),
    ("openrouter.ai", "openrouter"),
    ("api.fireworks.ai", "fireworks_ai"),
    ("api.mistral.ai", "mistral"),
    ("api.x.ai", "xai"),
    ("api.cohere.com", "cohere"),
    ("api.cohere.ai", "cohere"),
    ("api.deepinfra.com", "deepinfra"),
    ("api.perplexity.ai", "perplexity"),
    ("integrate.api.nvidia.com", "nvidia_nim"),
    ("router.huggingface.co", "huggingface"),
    ("api-inference.huggingface.co", "huggingface"),
    ("dashscope.aliyuncs.com", "dashscope"),
    ("dashscope-intl.aliyuncs.com", "dashscope"),
    (".openai.azure.com", "azure"),
    (".cognitiveservices.azure.com", "azure"),
    (".amazonaws.com", "aws-bedrock"),
)
_MODEL_KEYWORDS = frozenset({"model", "model_name", "model_id", "engine"})
_LOCAL_SUFFIXES = (".local", ".internal", ".localhost", ".lan", ".svc", ".cluster.local")
# Classes whose objects run a model in this process; their ``model=`` is an alias.
_LOCAL_ENGINES = {"Llama": "llama_cpp", "LLM": "vllm", "AsyncLLMEngine": "vllm"}


def imports(nodes: Nodes) -> dict[str, str]:
    """Local name -> dotted origin, from every import in the module."""
    names: dict[str, str] = {}
    for node in nodes.imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def host_provider(url: str) -> str | None:
    """Who serves an OpenAI-compatible endpoint: a hosted provider by its host, Ollama by its
    port, :data:`LOCAL_SERVER` for this machine or a private network, None when unknown."""
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if port == 11434 or "ollama" in host:
        return "ollama"
    for suffix, provider in _HOSTS:
        if host == suffix or (suffix.startswith(".") and host.endswith(suffix)):
            return provider
    if not host:
        return None
    if "." not in host or host.endswith(_LOCAL_SUFFIXES) or host == "host.docker.internal":
        return LOCAL_SERVER  # localhost, a compose service, a cluster-internal name
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    shared = address in ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, VPNs
    return LOCAL_SERVER if address.is_private or address.is_loopback or shared else None


def collect_clients(ctx: Context, nodes: Nodes) -> None:
    """Remember which provider each client variable talks to, after the module's own settings
    (``openai.base_url = ...``, ``os.environ["OPENAI_BASE_URL"] = ...``)."""
    for assign in nodes.assigns:
        _setting(ctx, assign)
    if any(map(_azure_sign, nodes.attributes)) or any(map(_azure_sign, nodes.strings)):
        ctx.module_hint = "azure"
    constructions = [(a, a.value) for a in nodes.assigns if isinstance(a.value, ast.Call)]
    named_urls = any(
        k.arg in _BASE_URL_KEYWORDS and isinstance(k.value, ast.Name)
        for _, call in constructions
        for k in call.keywords
    )
    defaults = _function_defaults(nodes) if named_urls else {}
    _collect_instances(ctx, constructions)
    for node, call in constructions:
        provider = provider_of(ctx, call, defaults.get(id(node), ()))
        if provider is None:
            continue
        for target in node.targets:
            ctx.clients[dotted(target).rsplit(".", 1)[-1]] = provider


def _collect_instances(ctx: Context, constructions: list[tuple[ast.Assign, ast.Call]]) -> None:
    """``trainer = HFTrainer()``: the class each name holds an object of, for calls of the
    object itself; a name given objects of two classes holds neither."""
    for node, call in constructions:
        if not isinstance(call.func, ast.Name | ast.Attribute):
            continue
        cls = qualified(ctx, call.func).replace("()", "")
        for target in node.targets:
            if isinstance(target, ast.Name | ast.Attribute):
                name = dotted(target)
                ctx.instances[name] = cls if ctx.instances.get(name, cls) == cls else ""
    for name in [name for name, cls in ctx.instances.items() if not cls]:
        del ctx.instances[name]


def _function_defaults(nodes: Nodes) -> dict[int, tuple[Scope, ...]]:
    """For each assignment inside a function, a scope of that function's parameter defaults:
    ``def __init__(self, base_url="http://localhost:8000/v1"): self.client = OpenAI(base_url=
    base_url)`` aims the client at a local server."""
    found: dict[int, tuple[Scope, ...]] = {}
    for node in nodes.functions:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        pairs = [
            *zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=False),
            *((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d),
        ]
        scope = Scope(
            {
                arg.arg: default.value
                for arg, default in pairs
                if isinstance(default, ast.Constant) and isinstance(default.value, str)
            }
        )
        if scope.names:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Assign):
                    found.setdefault(id(inner), (scope,))
    return found


def _setting(ctx: Context, node: ast.Assign) -> None:
    for target in node.targets:
        name = ""
        if isinstance(target, ast.Attribute) and target.attr in _BASE_URL_SETTINGS:
            name = dotted(target.value)
        elif isinstance(target, ast.Subscript) and dotted(target.value).endswith("environ"):
            key = ctx.flow.resolve(target.slice)
            name = "openai" if key in _BASE_URL_VARIABLES else ""
        if name == "openai":
            url = ctx.flow.resolve(node.value) or ""
            azure = url.lower().startswith("azure")  # api_type = "azure" / "azure_ad"
            provider = "azure" if azure else host_provider(url) if url else None
            if provider is not None:
                ctx.clients["openai"] = provider
                ctx.module_hint = "azure" if provider == "azure" else ctx.module_hint


def _azure_sign(node: ast.AST) -> bool:
    """Azure OpenAI's marks: ``openai.api_version`` (the public API has none), its REST route
    ``/openai/deployments/``, its ``*.openai.azure.com`` hosts."""
    if isinstance(node, ast.Attribute) and node.attr == "api_version":
        return dotted(node.value) == "openai"
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "/openai/deployments/" in node.value or ".openai.azure.com" in node.value
    return False


def local_aliases(ctx: Context, nodes: Nodes) -> frozenset[str]:
    """Names passed as the model of a call to a local server or engine, and nowhere else."""
    given: set[str] = set()
    elsewhere: set[str] = set()
    for node in nodes.calls:
        if not any(keyword.arg in _MODEL_KEYWORDS for keyword in node.keywords):
            continue
        local = call_provider(ctx, node) == LOCAL_SERVER
        for keyword in node.keywords:
            value = keyword.value
            if isinstance(value, ast.Name | ast.Attribute) and keyword.arg in _MODEL_KEYWORDS:
                name = value.id if isinstance(value, ast.Name) else value.attr  # self.model
                (given if local else elsewhere).add(name)
    return frozenset(given - elsewhere)


def provider_of(ctx: Context, call: ast.Call, scopes: tuple[Scope, ...] = ()) -> str | None:
    """The provider a client constructor's object talks to, or None when not a known client."""
    callee = qualified(ctx, call.func)
    parts = callee.replace("()", "").split(".")
    cls = parts[-2] if parts[-1] == "from_pretrained" and len(parts) > 1 else parts[-1]
    if _LOCAL_ENGINES.get(cls) in parts:
        return LOCAL_SERVER
    base_url = next((k.value for k in call.keywords if k.arg in _BASE_URL_KEYWORDS), None)
    if base_url is not None:
        url = ctx.flow.resolve(base_url, scopes)
        provider = host_provider(url) if url else None
        if provider is not None or not cls.startswith("Azure"):
            return provider
    if cls in CLIENT_PROVIDERS and cls != "Client":
        family = CLIENT_PROVIDERS[cls]
        return ctx.clients.get("openai", family) if family == "openai" else family
    if cls == "client" and call.args and isinstance(call.args[0], ast.Constant):
        return "aws-bedrock" if "bedrock" in str(call.args[0].value) else None
    root = callee.split(".", 1)[0]
    clients = ("Client", "ClientV2", "AsyncClient", "configure")
    return MODULE_PROVIDERS.get(root) if cls in clients else None


def call_server(ctx: Context, call: ast.Call, scopes: tuple[Scope, ...] = ()) -> str | None:
    """Who serves a call that names its own server (``litellm.completion(model=...,
    api_base=...)``, or a settings dict passed beside the model): as :func:`host_provider`."""
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg in _BASE_URL_KEYWORDS:
            url = ctx.flow.resolve(value, scopes)
            return host_provider(url) if url else None
        if isinstance(value, ast.Dict):
            for key, inner in zip(value.keys, value.values, strict=False):
                if isinstance(key, ast.Constant) and key.value in _BASE_URL_KEYWORDS:
                    url = ctx.flow.resolve(inner, scopes)
                    return host_provider(url) if url else None
    return None


def qualified(ctx: Context, func: ast.expr) -> str:
    """The callee's dotted name with its import alias resolved (``np.x`` -> ``numpy.x``), once
    per callee: several passes ask."""
    key = id(func)
    found = ctx.qualified.get(key)
    if found is None:
        found = ctx.qualified[key] = _qualified(ctx, func)
    return found


def _qualified(ctx: Context, func: ast.expr) -> str:
    name = dotted(func)
    head, _, rest = name.partition(".")
    origin = ctx.imports.get(head.removesuffix("()"))
    if origin is None:
        return name
    return f"{origin}.{rest}" if rest else origin


def match_rule(ctx: Context, call: ast.Call) -> CallRule | None:
    """The first rule of :data:`CALL_RULES` the callee matches (once per call: the passes and
    every loop variant ask again)."""
    key = id(call)
    if key not in ctx.rules:
        ctx.rules[key] = _match_rule(ctx, call)
    return ctx.rules[key]


def _match_rule(ctx: Context, call: ast.Call) -> CallRule | None:
    parts = _callee(ctx, call)
    # A method of a known client counts as coming from the client's library.
    return rule_for(parts, {ctx.clients[p] for p in _receivers(call) if p in ctx.clients})


def rule_for(
    parts: list[str], libraries: set[str] | frozenset[str] = frozenset()
) -> CallRule | None:
    """The first rule of :data:`CALL_RULES` for a qualified callee (its dotted parts), the
    callee also counting as coming from ``libraries``."""
    last, modules = parts[-1], {*parts[:-1], *libraries}
    for rule in CALL_RULES:
        if last not in rule.names:
            continue
        if rule.modules and not rule.modules.intersection(modules):
            continue
        return rule
    return None


def _callee(ctx: Context, call: ast.Call) -> list[str]:
    """The qualified parts of what is called; calling an object (``HFTrainer()(...)``, or
    ``trainer(...)`` after ``trainer = HFTrainer()``) calls its class's ``__call__``."""
    func = call.func
    if isinstance(func, ast.Call):
        return [*qualified(ctx, func.func).replace("()", "").split("."), "__call__"]
    held = ctx.instances.get(dotted(func)) if isinstance(func, ast.Name | ast.Attribute) else None
    if held is not None:
        return [*held.split("."), "__call__"]
    return qualified(ctx, func).replace("()", "").split(".")


def _receivers(call: ast.Call) -> list[str]:
    """The names a method is called through, as written: ``client`` in ``client.x.create``.

    Not the qualified chain: ``from langchain_community.embeddings import BedrockEmbeddings``
    puts a module named ``embeddings`` in it, which is no client variable of that name."""
    return dotted(call.func).replace("()", "").split(".")[:-1]


def call_provider(ctx: Context, call: ast.Call) -> str | None:
    """The API a call goes to: its client variable's class, or the class called."""
    chain = qualified(ctx, call.func).replace("()", "").split(".")
    for part in _receivers(call):
        if part in ctx.clients:
            return ctx.clients[part]
    for part in reversed(chain):
        if part in CLIENT_PROVIDERS and part != "Client":
            return CLIENT_PROVIDERS[part]
    if chain[0] in ("openai", "anthropic", "cohere"):
        return ctx.clients.get(chain[0]) or MODULE_PROVIDERS.get(chain[0])
    return None


def receiver_provider(ctx: Context, call: ast.Call) -> str | None:
    """The provider of the object a method is called on (``client.x.create``), if known."""
    return next((ctx.clients[p] for p in _receivers(call) if p in ctx.clients), None)
