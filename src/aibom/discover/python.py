"""Python detector: model references in calls, keyword arguments, dict literals and constants.

Reads the code with :mod:`ast` only (never imports or runs it). Comments and docstrings are not
code, so models named there are not dependencies.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from aibom.core.ids import Slot
from aibom.core.model import Confidence, Role
from aibom.discover.base import Sink
from aibom.discover.keys import key_role
from aibom.discover.pyconst import ConstantFlow, Scope, bind, dotted, gather
from aibom.discover.pyrules import CALL_RULES, CLIENT_PROVIDERS, MODULE_PROVIDERS, CallRule

NAME = "python"
TRIGGER = re.compile(
    rb"model|pretrained|_download|pipeline|repo_id|llm|llama|transformer|encoder|embedding|"
    rb"chat|completion|invoke|converse|agent|dspy"
)
# Maps a line of the parsed text to (line in the file, column shift, snippet prefix).
LineMap = Callable[[int], tuple[int, str]]


@dataclass
class _Context:
    sink: Sink
    lines: list[str]
    flow: ConstantFlow
    imports: dict[str, str]
    clients: dict[str, str] = field(default_factory=dict)
    line_map: LineMap | None = None


def scan_python(text: str, sink: Sink, line_map: LineMap | None = None) -> None:
    """Find model references in Python source ``text`` and record them in ``sink``."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        sink.skip(f"not parsable as Python: {type(exc).__name__}")
        return
    nodes = list(ast.walk(tree))  # one walk serves every pass below
    flow = gather(tree, nodes)
    ctx = _Context(sink, text.splitlines(), flow, _imports(nodes), line_map=line_map)
    _collect_clients(ctx, nodes)
    _visit(ctx, tree.body, ())


def _imports(nodes: list[ast.AST]) -> dict[str, str]:
    """Local name -> dotted origin, from every import in the module."""
    names: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _collect_clients(ctx: _Context, nodes: list[ast.AST]) -> None:
    """``client = OpenAI(...)``: remember which provider each client variable talks to."""
    for node in nodes:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            provider = _provider_of(ctx, node.value)
            if provider is None:
                continue
            for target in node.targets:
                name = dotted(target).rsplit(".", 1)[-1]
                ctx.clients[name] = provider


def _provider_of(ctx: _Context, call: ast.Call) -> str | None:
    callee = _qualified(ctx, call.func)
    cls = callee.rsplit(".", 1)[-1]
    base_url = next((k.value for k in call.keywords if k.arg in ("base_url", "api_base")), None)
    if base_url is not None:
        # An OpenAI-compatible client aimed at another server: Ollama's port says Ollama.
        url = ctx.flow.resolve(base_url) or ""
        return "ollama" if ":11434" in url or "ollama" in url else None
    if cls in CLIENT_PROVIDERS and cls != "Client":
        return CLIENT_PROVIDERS[cls]
    if cls == "client" and call.args and isinstance(call.args[0], ast.Constant):
        return "aws-bedrock" if "bedrock" in str(call.args[0].value) else None
    root = callee.split(".", 1)[0]
    clients = ("Client", "ClientV2", "AsyncClient", "configure")
    return MODULE_PROVIDERS.get(root) if cls in clients else None


def _qualified(ctx: _Context, func: ast.expr) -> str:
    name = dotted(func)
    head, _, rest = name.partition(".")
    origin = ctx.imports.get(head.removesuffix("()"))
    if origin is None:
        return name
    return f"{origin}.{rest}" if rest else origin


def _visit(ctx: _Context, body: list[ast.stmt], scopes: tuple[Scope, ...]) -> None:
    """Walk statements, entering functions with a scope of their defaults and local constants."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            _visit_function(ctx, stmt, scopes)
            continue
        if isinstance(stmt, ast.ClassDef):
            _visit(ctx, stmt.body, scopes)
            continue
        if isinstance(stmt, ast.For) and _visit_literal_loop(ctx, stmt, scopes):
            continue
        _visit_assignment(ctx, stmt, scopes)
        for node in _own_nodes(stmt):
            if isinstance(node, ast.Call):
                _visit_call(ctx, node, scopes)
            elif isinstance(node, ast.Dict):
                _visit_dict(ctx, node, scopes)
        for child in _child_bodies(stmt):
            _visit(ctx, child, scopes)


_LOOP_VALUES_MAX = 16


def _visit_literal_loop(ctx: _Context, loop: ast.For, scopes: tuple[Scope, ...]) -> bool:
    """``for name in ("a/b", "c/d"):``: read the body once per value; False if not that shape."""
    if not isinstance(loop.target, ast.Name) or not isinstance(loop.iter, ast.List | ast.Tuple):
        return False
    values = [ctx.flow.resolve(element, scopes) for element in loop.iter.elts]
    if not values or len(values) > _LOOP_VALUES_MAX or None in values:
        return False
    for value in values:
        _visit(ctx, loop.body, (*scopes, Scope({loop.target.id: value})))
    _visit(ctx, loop.orelse, scopes)
    return True


def _child_bodies(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    for name in ("body", "orelse", "finalbody"):
        value = getattr(stmt, name, None)
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            yield value
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body
    for case in getattr(stmt, "cases", ()):
        yield case.body


def _own_nodes(stmt: ast.stmt) -> Iterator[ast.AST]:
    """The expressions of a statement, not those of the statements nested in it."""
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        for name, value in ast.iter_fields(node):
            if name in ("body", "orelse", "finalbody", "handlers", "cases") and node is stmt:
                continue
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, ast.AST) and not isinstance(child, ast.stmt):
                    yield child
                    stack.append(child)


def _visit_function(
    ctx: _Context, func: ast.FunctionDef | ast.AsyncFunctionDef, scopes: tuple[Scope, ...]
) -> None:
    scope = Scope()
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    for arg, default in zip(
        positional[len(positional) - len(args.defaults) :], args.defaults, strict=False
    ):
        _bind_default(ctx, scope, arg, default, scopes)
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if kw_default is not None:
            _bind_default(ctx, scope, arg, kw_default, scopes)
    _visit(ctx, func.body, (*scopes, scope))


def _bind_default(
    ctx: _Context, scope: Scope, arg: ast.arg, default: ast.expr, scopes: tuple[Scope, ...]
) -> None:
    value = ctx.flow.resolve(default, scopes)
    scope.names[arg.arg] = value
    if value is not None and key_role(arg.arg) is not None:
        _record(ctx, value, default, Slot.GENERIC, Confidence.MEDIUM, role=key_role(arg.arg))


def _visit_assignment(ctx: _Context, stmt: ast.stmt, scopes: tuple[Scope, ...]) -> None:
    """``MODEL_ID = "org/name"``: a constant under a model-ish name is a reference itself."""
    targets: list[ast.expr]
    match stmt:
        case ast.Assign(targets=assigned, value=value):
            targets = list(assigned)
        case ast.AnnAssign(target=annotated, value=value) if value is not None:
            targets = [annotated]
        case _:
            return
    resolved = ctx.flow.field_default(value, scopes)
    for target in targets:
        if scopes:
            bind(scopes[-1], target, resolved)
        name = dotted(target).rsplit(".", 1)[-1]
        role = key_role(name)
        if resolved is not None and role is not None:
            _record(ctx, resolved, value, Slot.GENERIC, Confidence.MEDIUM, role=role)


def _visit_dict(ctx: _Context, node: ast.Dict, scopes: tuple[Scope, ...]) -> None:
    """``{"model": "gpt-4o", ...}``: AutoGen config lists, request bodies, settings dicts."""
    for key, value in zip(node.keys, node.values, strict=False):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            continue
        role = key_role(key.value)
        resolved = ctx.flow.resolve(value, scopes) if role else None
        if role and resolved is not None:
            confidence = Confidence.HIGH if isinstance(value, ast.Constant) else Confidence.MEDIUM
            _record(ctx, resolved, value, Slot.GENERIC, confidence, role=role)


def _match_rule(ctx: _Context, call: ast.Call) -> CallRule | None:
    qualified = _qualified(ctx, call.func)
    parts = qualified.replace("()", "").split(".")
    last = parts[-1]
    # A method of a known client counts as coming from the client's library.
    modules = {*parts[:-1], *(ctx.clients[p] for p in parts[:-1] if p in ctx.clients)}
    for rule in CALL_RULES:
        if last not in rule.names:
            continue
        if rule.modules and not rule.modules.intersection(modules):
            continue
        return rule
    return None


def _visit_call(ctx: _Context, call: ast.Call, scopes: tuple[Scope, ...]) -> None:
    if _is_non_model_repo(ctx, call, scopes):
        return  # a dataset or a Space, not a model
    rule = _match_rule(ctx, call)
    used: set[int] = set()
    if rule is not None:
        revision = _keyword_value(ctx, call, "revision", scopes)
        for node in _rule_arguments(call, rule):
            used.add(id(node))
            _take(ctx, call, rule, node, scopes, revision)
    for keyword in call.keywords:
        if keyword.arg is None or id(keyword.value) in used:
            continue
        role = key_role(keyword.arg)
        resolved = ctx.flow.resolve(keyword.value, scopes) if role else None
        if role is not None and resolved is not None:
            _record(ctx, resolved, keyword.value, Slot.GENERIC, Confidence.MEDIUM, role=role)


def _rule_arguments(call: ast.Call, rule: CallRule) -> Iterator[ast.expr]:
    for position in rule.positions:
        if position < len(call.args) and not isinstance(call.args[position], ast.Starred):
            yield call.args[position]
    for keyword in call.keywords:
        if keyword.arg in rule.keywords:
            yield keyword.value


def _take(
    ctx: _Context,
    call: ast.Call,
    rule: CallRule,
    node: ast.expr,
    scopes: tuple[Scope, ...],
    revision: str | None,
) -> None:
    value = ctx.flow.resolve(node, scopes)
    if value is None:
        if rule.report_unresolved and rule.role is Role.DEPENDENCY:
            line, snippet = _where(ctx, node)
            evidence = ctx.sink.evidence(line, node.col_offset + 1, snippet)
            ctx.sink.add_unresolved(ast.unparse(node), evidence)
        return
    confidence = Confidence.HIGH if isinstance(node, ast.Constant) else Confidence.MEDIUM
    provider = rule.provider or _call_provider(ctx, call)
    _record(
        ctx,
        value,
        node,
        rule.slot,
        confidence,
        role=rule.role,
        revision=revision,
        provider=provider,
    )


def _call_provider(ctx: _Context, call: ast.Call) -> str | None:
    """The API a call goes to: its client variable's class, or the class called."""
    chain = _qualified(ctx, call.func).replace("()", "").split(".")
    for part in chain:
        if part in ctx.clients:
            return ctx.clients[part]
    for part in reversed(chain):
        if part in CLIENT_PROVIDERS and part != "Client":
            return CLIENT_PROVIDERS[part]
    return MODULE_PROVIDERS.get(chain[0]) if chain[0] in ("openai", "anthropic", "cohere") else None


def _keyword_value(
    ctx: _Context, call: ast.Call, name: str, scopes: tuple[Scope, ...]
) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return ctx.flow.resolve(keyword.value, scopes)
    return None


def _is_non_model_repo(ctx: _Context, call: ast.Call, scopes: tuple[Scope, ...]) -> bool:
    repo_type = _keyword_value(ctx, call, "repo_type", scopes)
    return repo_type is not None and repo_type != "model"


def _where(ctx: _Context, node: ast.expr) -> tuple[int, str]:
    lineno = getattr(node, "lineno", 1)
    snippet = ctx.lines[lineno - 1] if 0 < lineno <= len(ctx.lines) else ""
    if ctx.line_map is not None:
        line, prefix = ctx.line_map(lineno)
        return line, prefix + snippet
    return lineno, snippet


def _record(
    ctx: _Context,
    value: str,
    node: ast.expr,
    slot: Slot,
    confidence: Confidence,
    *,
    role: Role | None = Role.DEPENDENCY,
    revision: str | None = None,
    provider: str | None = None,
) -> None:
    line, snippet = _where(ctx, node)
    evidence = ctx.sink.evidence(line, getattr(node, "col_offset", 0) + 1, snippet, confidence)
    ctx.sink.add(
        value, slot, evidence, revision=revision, provider=provider, role=role or Role.DEPENDENCY
    )


class PythonDetector:
    """Claims ``*.py`` and ``*.pyi``; parses only files whose bytes mention a model-ish word."""

    name = NAME
    trigger = TRIGGER

    def claims(self, path: str) -> bool:
        return path.endswith((".py", ".pyw"))

    def detect(self, sink: Sink) -> None:
        text = sink.text()
        if text is None:
            return
        scan_python(text, sink)


DETECTOR = PythonDetector()
