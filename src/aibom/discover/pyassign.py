"""Assignments in the Python detector: a constant under a model-ish name is a reference itself,
each element of a literal list or dict under a plural one is too (when the module reads it),
and an environment variable's name says what its default is."""

from __future__ import annotations

import ast

from aibom.core.ids import Slot
from aibom.core.model import Confidence
from aibom.discover.keys import key_provider, key_role, list_role
from aibom.discover.pyconfigs import config_store
from aibom.discover.pycontext import Context, record
from aibom.discover.pyscope import Choices, Item, Scope, bind, dotted
from aibom.discover.pysettings import record_setting


def assigned_targets(stmt: ast.stmt) -> list[ast.expr]:
    if isinstance(stmt, ast.Assign):
        return list(stmt.targets)
    if isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        return [stmt.target]
    return []


def visit_assignment(ctx: Context, stmt: ast.stmt, scopes: tuple[Scope, ...]) -> None:
    """``MODEL_ID = "org/name"``: a constant under a model-ish name is a reference itself, and
    so is each element of a literal list or dict under a plural one (``EMBEDDING_MODELS``)."""
    targets = assigned_targets(stmt)
    value = getattr(stmt, "value", None)
    if not targets or value is None:
        return
    resolved = ctx.flow.field_default(value, scopes)
    # What a name holds matters for binding it in a function's scope (module constants were
    # gathered before); recording needs only the resolved string or the literal itself.
    conditional = isinstance(value, ast.IfExp)
    held: Item = (
        resolved
        if resolved is not None or not (scopes or conditional)
        else ctx.flow.item(value, scopes)
    )
    for target in targets:
        if scopes:
            bind(scopes[-1], target, held)
        if isinstance(target, ast.Name | ast.Attribute):  # the common case: no second look
            _record_named(ctx, dotted(target).rsplit(".", 1)[-1], value, held, scopes)
            continue
        if isinstance(target, ast.Subscript):
            if not config_store(ctx, target, value, scopes):
                record_setting(ctx, target, value, scopes)
            continue
        for name, node, item in _target_values(ctx, target, value, scopes):
            _record_named(ctx, name, node, item, scopes)


def _target_values(
    ctx: Context, target: ast.expr, value: ast.expr, scopes: tuple[Scope, ...]
) -> list[tuple[str, ast.expr, Item]]:
    """(name, value node, value) for each name a target binds: ``a, b = "x", "y"`` gives two."""
    if isinstance(target, ast.Tuple | ast.List) and isinstance(value, ast.Tuple | ast.List):
        if len(target.elts) != len(value.elts):
            return []
        return [
            pair
            for element, inner in zip(target.elts, value.elts, strict=True)
            for pair in _target_values(ctx, element, inner, scopes)
        ]
    if isinstance(target, ast.Name | ast.Attribute):
        resolved = ctx.flow.field_default(value, scopes)
        item = resolved if resolved is not None else ctx.flow.item(value, scopes)
        return [(dotted(target).rsplit(".", 1)[-1], value, item)]
    return []


def _record_named(
    ctx: Context, name: str, node: ast.expr, item: Item, scopes: tuple[Scope, ...]
) -> None:
    if name in ctx.aliases:
        return  # a name the code only gives a local server: an alias, not a model
    role = key_role(name)
    if role is None and list_role(name) is None:
        return
    hint = key_provider(name) or env_hint(ctx, node)
    if isinstance(item, str) and role is not None:
        record(ctx, item, node, Slot.GENERIC, Confidence.MEDIUM, role=role, hint=hint)
    elif isinstance(item, Choices) and isinstance(node, ast.IfExp) and role is not None:
        for pick in item.values:  # ``X if flag else "org/name"``: either may run
            record(ctx, pick, node, Slot.GENERIC, Confidence.MEDIUM, role=role, hint=hint)
    elif (
        isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict)
        and role is None
        and list_role(name) is not None
        and name in ctx.read_names
    ):
        for element, value in items(ctx, node, scopes):
            if isinstance(value, str):
                record(ctx, value, element, Slot.GENERIC, Confidence.MEDIUM, hint=hint)


def items(ctx: Context, node: ast.expr, scopes: tuple[Scope, ...]) -> list[tuple[ast.expr, Item]]:
    """Each element of the literal list (or value of the dict) ``node`` holds, with the node to
    point at: the element itself when written there, else ``node``."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [(element, ctx.flow.item(element, scopes)) for element in node.elts]
    if isinstance(node, ast.Dict):
        return [(value, ctx.flow.item(value, scopes)) for value in node.values]
    found = ctx.flow.container(node, scopes)
    values = found.values() if isinstance(found, dict) else found or ()
    return [(node, value) for value in values]


def env_hint(ctx: Context, node: ast.expr) -> str | None:
    name = ctx.flow.env_name(node)
    return key_provider(name) if name else None


def env_default(ctx: Context, call: ast.Call, scopes: tuple[Scope, ...]) -> None:
    """``os.getenv("EMBEDDING_MODEL", "BAAI/bge-m3")``: the variable's name says what the
    default is, wherever the call sits."""
    name = ctx.flow.env_name(call)
    role = key_role(name) if name else None
    if name is None or role is None or len(call.args) < 2:
        return
    value = ctx.flow.resolve(call.args[1], scopes)
    if value is not None:
        hint = key_provider(name)
        record(ctx, value, call.args[1], Slot.GENERIC, Confidence.MEDIUM, role=role, hint=hint)
