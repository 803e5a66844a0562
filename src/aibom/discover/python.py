"""Python detector: model references in calls, keyword arguments, dict literals and constants.

Reads the code with :mod:`ast` only (never imports or runs it). Comments and docstrings are not
code, so models named there are not dependencies. Large or partly broken files are read piece
by piece (:mod:`pyparse`); values reach calls through constants, literal lists and dicts, loops,
``if name in [...]`` and parametrized tests (:mod:`pyconst`, :mod:`pybranches`); clients say
which API a call goes to (:mod:`pyclients`); strings may hold command lines and Hub URLs
(:mod:`pystrings`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from aibom.core.ids import Slot
from aibom.core.model import Confidence, Role
from aibom.discover.base import Sink
from aibom.discover.keys import (
    PROVIDER_KEYS,
    combine_hints,
    dataset_repo_keys,
    key_provider,
    key_role,
    provider_name,
)
from aibom.discover.pyassign import assigned_targets, env_default, env_hint, items, visit_assignment
from aibom.discover.pybranches import (
    loop_scopes,
    membership_list,
    narrowed_scopes,
    parametrized_scopes,
)
from aibom.discover.pyclients import (
    collect_clients,
    imports,
    local_aliases,
    match_rule,
    qualified,
    receiver_provider,
)
from aibom.discover.pycontext import Context, LineMap, record
from aibom.discover.pygather import gather
from aibom.discover.pyindex import index
from aibom.discover.pyparse import Outcome, modules
from aibom.discover.pyscope import Scope, dotted
from aibom.discover.pysettings import collect_settings
from aibom.discover.pystrings import candidate_lines, runner_call, string_constants
from aibom.discover.pytake import keyword_value, rule_arguments, rule_output, take_rule

NAME = "python"
# Grouped by first byte: sre tries every alternative at each position whose byte starts one,
# so one test per byte (then the rest) keeps the scan of every .py file cheap as words are added
# (``ollama`` needs no word of its own: ``llama`` finds it).
TRIGGER = re.compile(
    rb"_download|a(?:dapter|gent)|c(?:h(?:at|eckpoint)|o(?:mpletion|nverse))|dspy|"
    rb"e(?:mbedding|ncoder)|h(?:f(?:\.co|://)|uggingface)|i(?:nit_from|nvoke)|ll(?:ama|m)|model|"
    rb"p(?:ipeline|retrained)|re(?:po_id|rank)|t(?:eacher|okenizer|ransformer)"
)
_PIECE_TRIGGER = re.compile(TRIGGER.pattern.decode(), re.IGNORECASE)
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")
_LONE_CR = re.compile(r"\r(?!\n)")


def scan_python(
    text: str, sink: Sink, line_map: LineMap | None = None, breaks: frozenset[int] = frozenset()
) -> dict[str, str]:
    """Find model references in Python source ``text`` and record them in ``sink``; the
    module's string constants are returned (a notebook's shell commands interpolate them).
    ``breaks``: lines where a unit of its own starts (a notebook cell)."""
    outcome = Outcome()
    # A lone carriage return ends a line for Python's tokenizer: make it one for every count.
    text = _LONE_CR.sub("\n", text)
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    inherited: Scope | None = None
    spent = False
    for module in modules(text, outcome, _PIECE_TRIGGER, breaks):
        nodes = index(module)  # one walk serves every pass below
        flow = gather(module, nodes, inherited)
        ctx = Context(sink, lines, flow, imports(nodes), line_map=line_map)
        ctx.read_names = frozenset(nodes.read)
        collect_clients(ctx, nodes)
        collect_settings(ctx, nodes)
        ctx.aliases = local_aliases(ctx, nodes)
        ctx.saved = _saved(ctx, nodes.calls)
        ctx.string_lines = candidate_lines(nodes.strings)
        _visit_module(ctx, module.body, outcome)
        inherited, spent = flow.module, spent or flow.budget.spent
    if spent:
        outcome.note(1, len(lines), "the constant-folding budget was spent")
    note = outcome.describe(lambda n: str(line_map(n)[0]) if line_map else str(n))
    if note is not None:
        sink.skip(note)
    held = inherited.names if inherited is not None else {}
    return {name: value for name, value in held.items() if isinstance(value, str)}


def _saved(ctx: Context, calls: list[ast.Call]) -> frozenset[str]:
    """The constant places the module saves models to (``model.save("x")``, ``output_dir=``)."""
    saved: set[str] = set()
    for node in calls:
        rule = match_rule(ctx, node)
        arguments = list(rule_arguments(node, rule)) if rule and rule.role is Role.OUTPUT else []
        output = rule_output(node, rule) if rule else None
        arguments += [output] if output is not None else []
        arguments += [k.value for k in node.keywords if k.arg and key_role(k.arg) is Role.OUTPUT]
        saved.update(filter(None, (ctx.flow.resolve(a) for a in arguments)))
    return frozenset(saved)


def _visit_module(ctx: Context, body: list[ast.stmt], outcome: Outcome) -> None:
    """Each top-level statement on its own: one too deep to read loses only itself."""
    for stmt in body:
        try:
            _statement(ctx, stmt, ())
        except RecursionError:
            last = getattr(stmt, "end_lineno", stmt.lineno) or stmt.lineno
            outcome.note(stmt.lineno, last, "too deeply nested")


def _visit(ctx: Context, body: list[ast.stmt], scopes: tuple[Scope, ...]) -> None:
    for stmt in body:
        _statement(ctx, stmt, scopes)


def _statement(ctx: Context, stmt: ast.stmt, scopes: tuple[Scope, ...]) -> None:
    """Read one statement, entering functions with a scope of their defaults and locals."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
        _visit_function(ctx, stmt, scopes)
        return
    if isinstance(stmt, ast.ClassDef):
        _visit(ctx, stmt.body, scopes)
        return
    if isinstance(stmt, ast.For) and _branches(ctx, stmt, loop_scopes(ctx, stmt, scopes), scopes):
        return
    if isinstance(stmt, ast.If):
        _membership(ctx, stmt.test, scopes)
        if _branches(ctx, stmt, narrowed_scopes(ctx, stmt.test, scopes), scopes):
            return
    visit_assignment(ctx, stmt, scopes)
    _visit_expressions(ctx, stmt, scopes)
    for child in _child_bodies(stmt):
        _visit(ctx, child, scopes)


def _branches(
    ctx: Context, stmt: ast.For | ast.If, variants: list[Scope] | None, scopes: tuple[Scope, ...]
) -> bool:
    """Read ``stmt``'s body once per variant scope; False (nothing read) without variants."""
    if not variants or not ctx.spend_visits(len(variants)):
        return False
    if isinstance(stmt, ast.If):
        _visit_expressions(ctx, stmt, scopes)  # the test's own calls
    for variant in variants:
        _visit(ctx, stmt.body, (*scopes, variant))
    _visit(ctx, stmt.orelse, scopes)
    return True


def _membership(ctx: Context, test: ast.expr, scopes: tuple[Scope, ...]) -> None:
    """``if self.model in PRESETS:``: the models a model-ish value is checked against."""
    found = membership_list(ctx, test)
    if found is None or key_role(found[0].rsplit(".", 1)[-1]) is not Role.DEPENDENCY:
        return
    for node, item in items(ctx, found[1], scopes):
        if isinstance(item, str):
            record(ctx, item, node, Slot.GENERIC, Confidence.MEDIUM)


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
            if name in _BODIES and node is stmt:
                continue
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, ast.AST) and not isinstance(child, ast.stmt):
                    yield child
                    stack.append(child)


def _visit_expressions(ctx: Context, stmt: ast.stmt, scopes: tuple[Scope, ...]) -> None:
    sections: dict[int, str | None] | None = None  # worked out at the first dict, if any
    for node in _own_nodes(stmt):
        if isinstance(node, ast.Call):
            _visit_call(ctx, node, scopes)
            if len(node.args) >= 2:
                env_default(ctx, node, scopes)
        elif isinstance(node, ast.Dict):
            if sections is None:
                targets = assigned_targets(stmt)
                said = key_provider(dotted(targets[-1])) if targets else None
                sections = {id(getattr(stmt, "value", None)): said}
            _visit_dict(ctx, node, scopes, sections)
    string_constants(ctx, stmt, scopes)


def _visit_function(
    ctx: Context, func: ast.FunctionDef | ast.AsyncFunctionDef, scopes: tuple[Scope, ...]
) -> None:
    scope = Scope()
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    datasets = dataset_repo_keys({a.arg for a in (*positional, *args.kwonlyargs)})
    defaults = [
        *zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=False),
        *((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d),
    ]
    for arg, default in defaults:
        _bind_default(ctx, scope, arg, default, scopes, arg.arg in datasets)
    cases = parametrized_scopes(ctx, func, scopes)
    if cases and ctx.spend_visits(len(cases)):
        for case in cases:
            _visit(ctx, func.body, (*scopes, Scope({**scope.names, **case.names})))
        return
    _visit(ctx, func.body, (*scopes, scope))


def _bind_default(
    ctx: Context,
    scope: Scope,
    arg: ast.arg,
    default: ast.expr,
    scopes: tuple[Scope, ...],
    dataset: bool,
) -> None:
    value = ctx.flow.resolve(default, scopes)
    scope.names[arg.arg] = value
    role = None if dataset or arg.arg in ctx.aliases else key_role(arg.arg)
    if value is not None and role is not None:
        hint = key_provider(arg.arg)
        record(ctx, value, default, Slot.GENERIC, Confidence.MEDIUM, role=role, hint=hint)


def _visit_dict(
    ctx: Context, node: ast.Dict, scopes: tuple[Scope, ...], sections: dict[int, str | None]
) -> None:
    """``{"model": "gpt-4o", ...}``: AutoGen config lists, request bodies, settings dicts. Who
    serves the value: a ``provider`` key beside it, its key's name, or the enclosing one's."""
    section = sections.get(id(node))
    sibling = _sibling_provider(ctx, node, scopes)
    names = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    datasets = dataset_repo_keys(names)
    for key, value in zip(node.keys, node.values, strict=False):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            continue
        if key.value in datasets:
            continue
        if isinstance(value, ast.Dict):
            sections[id(value)] = key_provider(key.value) or section
        if key.value in PROVIDER_KEYS and sibling is not None:
            continue  # the provider's own name, not a model
        role = key_role(key.value)
        if role is None:
            continue
        hint = sibling or combine_hints(key.value, section) or env_hint(ctx, value)
        confidence = Confidence.HIGH if isinstance(value, ast.Constant) else Confidence.MEDIUM
        for resolved in ctx.flow.arms(value, scopes):
            record(ctx, resolved, value, Slot.GENERIC, confidence, role=role, hint=hint)


def _sibling_provider(ctx: Context, node: ast.Dict, scopes: tuple[Scope, ...]) -> str | None:
    for key, value in zip(node.keys, node.values, strict=False):
        if isinstance(key, ast.Constant) and key.value in PROVIDER_KEYS:
            name = provider_name(ctx.flow.resolve(value, scopes) or "")
            if name is not None:
                return name
    return None


def _visit_call(ctx: Context, call: ast.Call, scopes: tuple[Scope, ...]) -> None:
    if _is_non_model_repo(ctx, call, scopes):
        return  # a dataset or a Space, not a model
    if runner_call(ctx, call, qualified(ctx, call.func), scopes):
        return
    rule = match_rule(ctx, call)
    used = take_rule(ctx, call, rule, scopes) if rule is not None else set()
    provider = receiver_provider(ctx, call)
    datasets = dataset_repo_keys({k.arg for k in call.keywords if k.arg})
    for keyword in call.keywords:
        if keyword.arg is None or id(keyword.value) in used or keyword.arg in datasets:
            continue
        role = key_role(keyword.arg)
        if role is None:
            continue
        slot = Slot.API if provider and role is Role.DEPENDENCY else Slot.GENERIC
        hint = key_provider(keyword.arg) or env_hint(ctx, keyword.value)
        for value in ctx.flow.arms(keyword.value, scopes):
            record(
                ctx,
                value,
                keyword.value,
                slot,
                Confidence.MEDIUM,
                role=role,
                provider=provider if slot is Slot.API else None,
                hint=hint,
            )


def _is_non_model_repo(ctx: Context, call: ast.Call, scopes: tuple[Scope, ...]) -> bool:
    repo_type = keyword_value(ctx, call, "repo_type", scopes)
    return repo_type is not None and repo_type != "model"


class PythonDetector:
    """Claims ``*.py`` and ``*.pyw``; parses only files whose bytes mention a model-ish word."""

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
