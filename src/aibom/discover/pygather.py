"""Gather what a module's names hold before its calls are read: module constants, class
attributes and dataclass fields (and what a test class's set-up assigns to ``self``/``cls``),
and argparse/click option defaults (by their ``--dest``)."""

from __future__ import annotations

import ast

from aibom.discover.pyconst import ConstantFlow
from aibom.discover.pyindex import Nodes
from aibom.discover.pyscope import Item, Scope, bind, dotted

# Methods that set a test class up before its tests run (unittest, pytest).
_SETUPS = frozenset({"setUp", "setUpClass", "asyncSetUp", "setup_class", "setup_method", "setup"})


def gather(tree: ast.Module, nodes: Nodes, inherited: Scope | None = None) -> ConstantFlow:
    """Module constants, class attributes and CLI option defaults (``nodes``: the tree's).

    ``inherited`` carries the module constants of the pieces of a large file read before this one.
    """
    flow = ConstantFlow()
    if inherited is not None:
        flow.module.names.update(inherited.names)
    for stmt in tree.body:
        _gather_statement(flow, stmt, flow.module)
    for node in nodes.classes:
        _gather_class(flow, node)
    for call in nodes.calls:
        _gather_option(flow, call)
    return flow


def _gather_statement(flow: ConstantFlow, stmt: ast.stmt, scope: Scope) -> None:
    match stmt:
        case ast.Assign(targets=targets, value=value):
            item = flow.item(value, (scope,))
            for target in targets:
                bind(scope, target, item)
        case ast.AnnAssign(target=target, value=value) if value is not None:
            bind(scope, target, flow.item(value, (scope,)))
        case ast.If(body=body, orelse=orelse) | ast.Try(body=body, orelse=orelse):
            for inner in (*body, *orelse):
                _gather_statement(flow, inner, scope)


def _set_attribute(flow: ConstantFlow, name: str, value: Item) -> None:
    if value is None:
        return
    previous = flow.attributes.get(name, value)
    flow.attributes[name] = value if previous == value else None


def _gather_class(flow: ConstantFlow, node: ast.ClassDef) -> None:
    for stmt in node.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name in _SETUPS:
            _gather_setup(flow, stmt)
        target = value = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            target, value = stmt.target, stmt.value
        if isinstance(target, ast.Name) and value is not None:
            default = flow.field_default(value)
            _set_attribute(flow, target.id, default if default is not None else flow.item(value))


def _gather_setup(flow: ConstantFlow, func: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    """``cls.model_id = "org/name"`` in a test class's set-up: the tests read it later as
    ``self.model_id``, so it is the class's attribute."""
    owner = func.args.args[0].arg if func.args.args else None
    for inner in ast.walk(func):
        if not isinstance(inner, ast.Assign) or len(inner.targets) != 1:
            continue
        target = inner.targets[0]
        if isinstance(target, ast.Attribute) and dotted(target.value) == owner:
            default = flow.field_default(inner.value)
            _set_attribute(flow, target.attr, default)


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
