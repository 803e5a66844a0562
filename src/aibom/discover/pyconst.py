"""Static constant flow for Python: which string an expression holds, without running anything.

Follows what real ML code does with model ids: module and class constants, function defaults,
argparse/click/typer defaults, dataclass and pydantic field defaults, ``os.getenv`` defaults,
f-strings, ``+`` and ``str.format`` of constants. Anything else is "unknown", never guessed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

_FIELD_CALLS = frozenset({"field", "Field", "Option", "Argument", "attrib", "attr.ib"})
_ENV_GETTERS = frozenset({"getenv", "get", "setdefault", "environ.get", "os.getenv"})


@dataclass
class Scope:
    """Names bound to constant strings, innermost last."""

    names: dict[str, str | None] = field(default_factory=dict)


@dataclass
class ConstantFlow:
    """What a module's names and attributes hold, gathered in one pass before calls are read."""

    module: Scope = field(default_factory=Scope)
    # attribute name -> value: class attributes, dataclass fields, argparse dests, click options.
    attributes: dict[str, str | None] = field(default_factory=dict)

    def resolve(self, node: ast.expr, scopes: tuple[Scope, ...] = ()) -> str | None:
        """The string ``node`` always evaluates to, or None when that is not known statically."""
        match node:
            case ast.Constant(value=str() as value):
                return value
            case ast.Name(id=name):
                for scope in (*reversed(scopes), self.module):
                    if name in scope.names:
                        return scope.names[name]
                return None
            case ast.Attribute(attr=attr):
                return self.attributes.get(attr)
            case ast.JoinedStr(values=values):
                return self._join(values, scopes)
            case ast.BinOp(left=left, op=ast.Add(), right=right):
                a, b = self.resolve(left, scopes), self.resolve(right, scopes)
                return a + b if a is not None and b is not None else None
            case ast.Call():
                return self._call(node, scopes)
            case ast.BoolOp(op=ast.Or(), values=values):
                # `os.getenv("M") or "org/name"`: the constant is what runs when unset.
                return self.resolve(values[-1], scopes)
            case ast.Subscript(value=ast.Attribute(attr="environ")):
                return None
        return None

    def _join(self, values: list[ast.expr], scopes: tuple[Scope, ...]) -> str | None:
        parts: list[str] = []
        for value in values:
            if isinstance(value, ast.FormattedValue):
                if value.format_spec is not None:
                    return None
                resolved = self.resolve(value.value, scopes)
            else:
                resolved = self.resolve(value, scopes)
            if resolved is None:
                return None
            parts.append(resolved)
        return "".join(parts)

    def _call(self, node: ast.Call, scopes: tuple[Scope, ...]) -> str | None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            template = self.resolve(func.value, scopes)
            args = [self.resolve(arg, scopes) for arg in node.args]
            if template is None or None in args or node.keywords:
                return None
            try:
                return template.format(*args)
            except (IndexError, KeyError, ValueError):
                return None
        name = dotted(func)
        if name.rsplit(".", 1)[-1] in _ENV_GETTERS and len(node.args) >= 2:
            return self.resolve(node.args[1], scopes)  # the default, used when unset
        for keyword in node.keywords:
            if keyword.arg == "default":
                return self.resolve(keyword.value, scopes)
        return None

    def field_default(self, value: ast.expr, scopes: tuple[Scope, ...] = ()) -> str | None:
        """An assigned value: a constant, or a ``field(default=...)``/``Field("...")`` default."""
        if isinstance(value, ast.Call) and dotted(value.func).rsplit(".", 1)[-1] in _FIELD_CALLS:
            for keyword in value.keywords:
                if keyword.arg == "default":
                    return self.resolve(keyword.value, scopes)
            if value.args and not isinstance(value.args[0], ast.Constant | ast.Name):
                return None
            return self.resolve(value.args[0], scopes) if value.args else None
        return self.resolve(value, scopes)


def dotted(node: ast.expr) -> str:
    """``a.b.c`` for a Name/Attribute chain; calls in the chain show as ``a().b``."""
    parts: list[str] = []
    while True:
        match node:
            case ast.Attribute(value=inner, attr=attr):
                parts.append(attr)
                node = inner
            case ast.Name(id=name):
                parts.append(name)
                break
            case ast.Call(func=inner):
                parts.append("()")
                node = inner
            case _:
                parts.append("?")
                break
    return ".".join(reversed(parts)).replace(".()", "()")


def bind(scope: Scope, target: ast.expr, value: str | None) -> None:
    """Record ``target = value``; a name bound twice to different values becomes unknown."""
    if not isinstance(target, ast.Name):
        return
    if target.id in scope.names and scope.names[target.id] != value:
        scope.names[target.id] = None
    else:
        scope.names[target.id] = value


def gather(tree: ast.Module, nodes: list[ast.AST]) -> ConstantFlow:
    """Module constants, class attributes and CLI option defaults (``nodes``: all of the tree's)."""
    flow = ConstantFlow()
    for stmt in tree.body:
        _gather_statement(flow, stmt, flow.module)
    for node in nodes:
        if isinstance(node, ast.ClassDef):
            _gather_class(flow, node)
        elif isinstance(node, ast.Call):
            _gather_option(flow, node)
    return flow


def _gather_statement(flow: ConstantFlow, stmt: ast.stmt, scope: Scope) -> None:
    match stmt:
        case ast.Assign(targets=targets, value=value):
            resolved = flow.resolve(value, (scope,))
            for target in targets:
                bind(scope, target, resolved)
        case ast.AnnAssign(target=target, value=value) if value is not None:
            bind(scope, target, flow.resolve(value, (scope,)))
        case ast.If(body=body, orelse=orelse) | ast.Try(body=body, orelse=orelse):
            for inner in (*body, *orelse):
                _gather_statement(flow, inner, scope)


def _set_attribute(flow: ConstantFlow, name: str, value: str | None) -> None:
    if value is None:
        return
    previous = flow.attributes.get(name, value)
    flow.attributes[name] = value if previous == value else None


def _gather_class(flow: ConstantFlow, node: ast.ClassDef) -> None:
    for stmt in node.body:
        match stmt:
            case ast.Assign(targets=[ast.Name(id=name)], value=value):
                _set_attribute(flow, name, flow.field_default(value))
            case ast.AnnAssign(target=ast.Name(id=name), value=value) if value is not None:
                _set_attribute(flow, name, flow.field_default(value))


def _gather_option(flow: ConstantFlow, call: ast.Call) -> None:
    """argparse ``add_argument("--model", default=...)`` and click ``option("--model", ...)``."""
    func = dotted(call.func).rsplit(".", 1)[-1]
    if func not in ("add_argument", "option", "argument"):
        return
    default = next((k.value for k in call.keywords if k.arg == "default"), None)
    if default is None:
        return
    dest = next((k.value for k in call.keywords if k.arg == "dest"), None)
    names = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
        names = [dest.value]
    longs = [n for n in names if n.startswith("--")] or names
    if longs:
        attr = longs[0].lstrip("-").replace("-", "_")
        _set_attribute(flow, attr, flow.resolve(default))
