"""What a call a rule matched gives: the model in its argument, in a settings dict given in that
argument's place, or in a dict spread into the call, read as the rule (or the call) says."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from aibom.core.ids import LOCAL_SERVER, Slot
from aibom.core.model import Confidence, Role
from aibom.discover.pyassign import env_hint
from aibom.discover.pyclients import call_provider, call_server
from aibom.discover.pyconfigs import call_slot, config_values, repo_file, spread
from aibom.discover.pyconst import source
from aibom.discover.pycontext import Context, record, where
from aibom.discover.pyrules import CallRule
from aibom.discover.pyscope import Scope


def take_rule(ctx: Context, call: ast.Call, rule: CallRule, scopes: tuple[Scope, ...]) -> set[int]:
    """Record the models ``call`` gives ``rule``; the ids of the argument nodes read."""
    used: set[int] = set()
    revision = keyword_value(ctx, call, "revision", scopes)
    slot = call_slot(ctx, call, rule, scopes)
    for node in rule_arguments(call, rule):
        used.add(id(node))
        values, read_as = ctx.flow.choices(node, scopes), slot
        if not values:
            values, read_as = config_values(ctx, rule, node, scopes, slot)
        if values:
            _record(ctx, call, rule, node, values, read_as, scopes, revision)
        elif (
            rule.report_unresolved
            and rule.role is Role.DEPENDENCY
            and not _settings(ctx, node, scopes)
        ):
            line, snippet = where(ctx, node)
            evidence = ctx.sink.evidence(line, node.col_offset + 1, snippet)
            ctx.sink.add_unresolved(source(node), evidence)
    for node, value in spread(ctx, call, rule, scopes):
        _record(ctx, call, rule, node, (value,), slot, scopes, revision)
    return used


def _settings(ctx: Context, node: ast.expr, scopes: tuple[Scope, ...]) -> bool:
    """Whether ``node`` is a settings dict known in full: one without a model leaves the
    loader's default, which is not an unresolved argument."""
    known = isinstance(node, ast.Dict | ast.Name) and ctx.flow.container(node, scopes)
    return isinstance(known, dict)


def rule_arguments(call: ast.Call, rule: CallRule) -> Iterator[ast.expr]:
    for position in rule.positions:
        if position < len(call.args) and not isinstance(call.args[position], ast.Starred):
            yield call.args[position]
    for keyword in call.keywords:
        if keyword.arg in rule.keywords:
            yield keyword.value


def rule_output(call: ast.Call, rule: CallRule) -> ast.expr | None:
    """The argument naming where the call writes the model it makes, if the rule has one."""
    if rule.output is None:
        return None
    position, name = rule.output
    if position < len(call.args) and not isinstance(call.args[position], ast.Starred):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


def keyword_value(ctx: Context, call: ast.Call, name: str, scopes: tuple[Scope, ...]) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return ctx.flow.resolve(keyword.value, scopes)
    return None


def _record(
    ctx: Context,
    call: ast.Call,
    rule: CallRule,
    node: ast.expr,
    values: tuple[str, ...],
    slot: Slot,
    scopes: tuple[Scope, ...],
    revision: str | None,
) -> None:
    confidence = Confidence.HIGH if isinstance(node, ast.Constant) else Confidence.MEDIUM
    provider = rule.provider or call_provider(ctx, call)
    if slot in (Slot.GENERIC, Slot.API) and call_server(ctx, call, scopes) == LOCAL_SERVER:
        slot, provider = Slot.API, LOCAL_SERVER  # a local server's names are its aliases
    hint = env_hint(ctx, node) if provider is None and slot in (Slot.GENERIC, Slot.API) else None
    for value in values:
        record(
            ctx,
            repo_file(ctx, value) if rule.repo_files else value,
            node,
            slot,
            confidence,
            role=rule.role,
            revision=revision,
            provider=provider,
            hint=hint,
        )
