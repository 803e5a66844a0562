"""Names and what they hold in the Python detector: strings, literal containers, or the choices
of a lookup; scopes of them, innermost last; and the dotted names calls and attributes go by."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Choices:
    """The strings a name may hold: it was picked from a literal dict or list with a key that
    is not known (``repo = REPOS[name]``)."""

    values: tuple[str, ...]


# A literal container of constants: a list/tuple/set (a tuple here) or a dict with string keys.
Container = tuple["Item", ...] | dict[str, "Item"]
Item = str | Container | Choices | None


@dataclass
class Scope:
    """Names bound to constant strings or literal containers, innermost last.

    Keys are names, or dotted names (``self.model``) narrowed by an ``if ... in`` test.
    """

    names: dict[str, Item] = field(default_factory=dict)


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


def bind(scope: Scope, target: ast.expr, value: Item) -> None:
    """Record ``target = value``; a name bound twice to different values becomes unknown.

    A tuple target takes a tuple value element by element (``a, b = "x", "y"``).
    """
    if isinstance(target, ast.Tuple | ast.List):
        items = value if isinstance(value, tuple) and len(value) == len(target.elts) else None
        for k, element in enumerate(target.elts):
            bind(scope, element, items[k] if items is not None else None)
        return
    if isinstance(target, ast.Attribute):
        name = dotted(target)
    elif isinstance(target, ast.Name):
        name = target.id
    else:
        return
    if name in scope.names and scope.names[name] != value:
        scope.names[name] = None
    else:
        scope.names[name] = value
