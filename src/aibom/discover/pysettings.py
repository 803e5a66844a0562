"""Settings written key by key into a dict: ``settings["llm"]["model"] = "gpt-4o"``.

Code that edits a loaded config (a GraphRAG ``settings.yaml``, a request body) writes the model
under its key, and often who serves it beside it (``settings["llm"]["type"] =
"azure_openai_chat"``), both chosen by the same flag (``... if AZURE else ...``). The model key
names the slot as it would in a dict literal; a provider written into the same dict says who
serves the model, arm by arm when the two follow one flag.
"""

from __future__ import annotations

import ast

from aibom.core.ids import Slot
from aibom.core.model import Confidence
from aibom.discover.keys import PROVIDER_KEYS, key_provider, key_role, provider_name
from aibom.discover.pyconst import source
from aibom.discover.pycontext import Arm, Context, record
from aibom.discover.pyindex import Nodes
from aibom.discover.pyscope import Scope


def collect_settings(ctx: Context, nodes: Nodes) -> None:
    """The providers each dict is given (``settings["llm"]["type"] = ...``), by the dict's code."""
    for node in nodes.assigns:
        for target in node.targets:
            key = _key(ctx, target, ())
            if key not in PROVIDER_KEYS or not isinstance(target, ast.Subscript):
                continue
            for arm, expr in _arms(node.value):
                for value in ctx.flow.arms(expr):
                    name = provider_name(value)
                    if name is not None:
                        ctx.settings.setdefault(source(target.value), []).append((arm, name))


def record_setting(
    ctx: Context, target: ast.Subscript, value: ast.expr, scopes: tuple[Scope, ...]
) -> None:
    """``d["model"] = "gpt-4o"``: the value under a model key, served by the dict's provider."""
    key = _key(ctx, target, scopes)
    role = key_role(key) if key is not None else None
    if key is None or role is None:
        return
    given = ctx.settings.get(source(target.value), []) if ctx.settings else []
    for arm, expr in _arms(value):
        hints = dict.fromkeys(name for side, name in given if _same_run(side, arm))
        variable = ctx.flow.env_name(expr)
        named = key_provider(key) or (key_provider(variable) if variable else None)
        for text in ctx.flow.arms(expr, scopes):
            if key in PROVIDER_KEYS and provider_name(text) is not None:
                continue  # the provider's own name, not a model
            for hint in hints or (named,):
                record(ctx, text, expr, Slot.GENERIC, Confidence.MEDIUM, role=role, hint=hint)


def _key(ctx: Context, target: ast.expr, scopes: tuple[Scope, ...]) -> str | None:
    if not isinstance(target, ast.Subscript) or isinstance(target.slice, ast.Slice):
        return None
    return ctx.flow.resolve(target.slice, scopes)


def _arms(node: ast.expr) -> list[tuple[Arm, ast.expr]]:
    """``a if flag else b``: each arm with the flag's code and which arm it is."""
    if isinstance(node, ast.IfExp):
        test = ast.dump(node.test)
        return [((test, True), node.body), ((test, False), node.orelse)]
    return [(None, node)]


def _same_run(provider: Arm, model: Arm) -> bool:
    """Whether a provider written in one arm can serve a model written in another: yes,
    unless both follow the same flag and sit in opposite arms."""
    if provider is None or model is None or provider[0] != model[0]:
        return True
    return provider[1] == model[1]
