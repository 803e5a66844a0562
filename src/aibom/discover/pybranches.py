"""Values that reach a call through a name bound once per element of a literal list.

``for name in ("a/b", "c/d")``, ``for key, model in MODELS.items()``, ``if name in [...]`` or
``if name == "gpt-4o"``, and ``@pytest.mark.parametrize("model_id", [...])``: each gives the
body a scope per value, and the body is read once per scope. Bounded: at most
:data:`MAX_VARIANTS` values each, and the file's visit budget (:data:`pycontext.MAX_VISITS`).
"""

from __future__ import annotations

import ast
import itertools

from aibom.discover.pycontext import Context
from aibom.discover.pyscope import Container, Item, Scope, bind, dotted

MAX_VARIANTS = 64


def loop_scopes(ctx: Context, loop: ast.For, scopes: tuple[Scope, ...]) -> list[Scope] | None:
    """A scope per element a ``for`` loop over a literal list or dict binds; None otherwise."""
    found = ctx.flow.container(loop.iter, scopes)
    elements = _elements(found)
    if not elements or len(elements) > MAX_VARIANTS:
        return None
    if isinstance(loop.target, ast.Name) and not all(isinstance(e, str) for e in elements):
        return None  # a loop over rows of a table: only tuple targets take them apart
    variants = []
    for element in elements:
        scope = Scope()
        bind(scope, loop.target, element)
        variants.append(scope)
    return variants


def narrowed_scopes(ctx: Context, test: ast.expr, scopes: tuple[Scope, ...]) -> list[Scope] | None:
    """``if name in [...]`` / ``if name == "x"`` (or several ``==`` joined by ``or``): inside
    the branch the name holds one of those values."""
    pairs = _tested(ctx, test, scopes)
    if not pairs:
        return None
    names = {name for name, _ in pairs}
    if len(names) != 1 or len(pairs) > MAX_VARIANTS:
        return None
    return [Scope({name: value}) for name, value in pairs]


def membership_list(ctx: Context, test: ast.expr) -> tuple[str, ast.expr] | None:
    """``if model in [...]``: the name tested and the literal it is tested against."""
    match test:
        case ast.Compare(left=left, ops=[ast.In()], comparators=[right]) if isinstance(
            left, ast.Name | ast.Attribute
        ):
            return dotted(left), right
    return None


def _tested(ctx: Context, test: ast.expr, scopes: tuple[Scope, ...]) -> list[tuple[str, str]]:
    match test:
        case ast.BoolOp(op=ast.Or(), values=values):
            pairs = [_tested(ctx, value, scopes) for value in values]
            return [] if any(not p for p in pairs) else [p for group in pairs for p in group]
        case ast.Compare(left=left, ops=[ast.In()], comparators=[right]) if isinstance(
            left, ast.Name | ast.Attribute
        ):
            elements = _elements(ctx.flow.container(right, scopes))
            if elements is None or not all(isinstance(e, str) for e in elements):
                return []
            return [(_bound_name(left), str(e)) for e in elements]
        case ast.Compare(left=left, ops=[ast.Eq()], comparators=[right]):
            for named, constant in ((left, right), (right, left)):
                value = ctx.flow.resolve(constant, scopes)
                if isinstance(named, ast.Name | ast.Attribute) and isinstance(
                    constant, ast.Constant
                ):
                    return [(_bound_name(named), value)] if value is not None else []
    return []


def _bound_name(node: ast.Name | ast.Attribute) -> str:
    return node.id if isinstance(node, ast.Name) else dotted(node)


def parametrized_scopes(
    ctx: Context, func: ast.FunctionDef | ast.AsyncFunctionDef, scopes: tuple[Scope, ...]
) -> list[Scope] | None:
    """``@pytest.mark.parametrize("model_id", [...])`` on a test: a scope per case, the
    product of several decorators' cases."""
    groups: list[list[dict[str, Item]]] = []
    for decorator in func.decorator_list:
        cases = _parametrize_cases(ctx, decorator, scopes)
        if cases:
            groups.append(cases)
    if not groups:
        return None
    total = 1
    for group in groups:
        total *= len(group)
    if total > MAX_VARIANTS:
        return None
    variants = []
    for combination in itertools.product(*groups):
        scope = Scope()
        for case in combination:
            scope.names.update(case)
        variants.append(scope)
    return variants


def _parametrize_cases(
    ctx: Context, decorator: ast.expr, scopes: tuple[Scope, ...]
) -> list[dict[str, Item]]:
    if not (isinstance(decorator, ast.Call) and dotted(decorator.func).endswith("parametrize")):
        return []
    names_node = decorator.args[0] if decorator.args else _keyword(decorator, "argnames")
    values_node = decorator.args[1] if len(decorator.args) > 1 else _keyword(decorator, "argvalues")
    if names_node is None or values_node is None:
        return []
    names = _argnames(ctx, names_node, scopes)
    rows = _rows(ctx, values_node, scopes) if names else []
    if len(rows) > MAX_VARIANTS:
        return []
    cases = []
    for row, param in rows:
        if len(names) == 1:
            single = row[0] if isinstance(row, tuple) and param else row
            cases.append({names[0]: single})
        elif isinstance(row, tuple) and len(row) == len(names):
            cases.append(dict(zip(names, row, strict=True)))
    return cases


def _rows(ctx: Context, node: ast.expr, scopes: tuple[Scope, ...]) -> list[tuple[Item, bool]]:
    """The cases of a parametrize: each row, and whether it is a ``pytest.param(...)`` (whose
    arguments are the row). Written in the decorator, or a list constant named there."""
    if not isinstance(node, ast.List | ast.Tuple):
        found = ctx.flow.container(node, scopes)
        return [(row, False) for row in found] if isinstance(found, tuple) else []
    if len(node.elts) > MAX_VARIANTS:
        return []
    rows: list[tuple[Item, bool]] = []
    for element in node.elts:
        if isinstance(element, ast.Call) and dotted(element.func).endswith("param"):
            rows.append((tuple(ctx.flow.item(arg, scopes) for arg in element.args), True))
        else:
            rows.append((ctx.flow.item(element, scopes), False))
    return rows


def _argnames(ctx: Context, node: ast.expr, scopes: tuple[Scope, ...]) -> list[str]:
    text = ctx.flow.resolve(node, scopes)
    if text is not None:
        return [name.strip() for name in text.split(",") if name.strip()]
    found = ctx.flow.container(node, scopes)
    if isinstance(found, tuple) and all(isinstance(name, str) for name in found):
        return [str(name) for name in found]
    return []


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _elements(found: Container | None) -> tuple[Item, ...] | None:
    if isinstance(found, dict):
        return tuple(found)
    return found
