"""One pass over a module's nodes, sorted by kind, for the passes that each need one kind.

Every parsed file pays for the detector's passes, so they share a single walk: each reads its
own list (calls, assignments, string literals...) instead of testing every node again.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, cast


@dataclass
class Nodes:
    """A module's nodes by kind, and the names it reads."""

    calls: list[ast.Call] = field(default_factory=list)
    assigns: list[ast.Assign] = field(default_factory=list)
    strings: list[ast.Constant] = field(default_factory=list)
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=list)
    classes: list[ast.ClassDef] = field(default_factory=list)
    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
    attributes: list[ast.Attribute] = field(default_factory=list)
    read: set[str] = field(default_factory=set)  # names and attribute names loaded


def index(tree: ast.AST) -> Nodes:
    """Walk ``tree`` once and sort its nodes: by exact type, one dictionary lookup a node (an
    ``isinstance`` chain costs as much as the walk)."""
    found = Nodes()
    buckets: dict[type[ast.AST], list[Any]] = {
        ast.Call: found.calls,
        ast.Assign: found.assigns,
        ast.FunctionDef: found.functions,
        ast.AsyncFunctionDef: found.functions,
        ast.ClassDef: found.classes,
        ast.Import: found.imports,
        ast.ImportFrom: found.imports,
        ast.Attribute: found.attributes,
    }
    read = found.read
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Name:
            name = cast(ast.Name, node)
            if type(name.ctx) is ast.Load:
                read.add(name.id)
            continue
        if kind is ast.Constant:
            if type(cast(ast.Constant, node).value) is str:
                found.strings.append(cast(ast.Constant, node))
            continue
        bucket = buckets.get(kind)
        if bucket is not None:
            bucket.append(node)
            if kind is ast.Attribute and type(cast(ast.Attribute, node).ctx) is ast.Load:
                read.add(cast(ast.Attribute, node).attr)
    return found
