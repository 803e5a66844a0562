"""Static constant flow for Python: which string an expression holds, without running anything.

Follows what real ML code does with model ids: module and class constants, function defaults,
argparse/click/typer defaults, dataclass and pydantic field defaults, ``os.getenv`` defaults,
f-strings, ``+``, ``str.format``, slices, and literal lists and dicts looked up by a constant
key. Anything else is "unknown", never guessed.

Every folded string is capped at :data:`MAX_FOLD` characters and every file gets a budget of
:data:`MAX_STEPS` evaluation steps: ``A1 = A + A`` repeated 64 times doubles a string 64 times,
and a model id is never longer than a few hundred characters.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from aibom.discover.pyscope import Choices, Container, Item, Scope, dotted

MAX_FOLD = 512  # characters: longer folded strings are not model ids, and are not built
MAX_ITEMS = 256  # elements of a literal list or dict that are followed
MAX_STEPS = 1_000_000  # evaluation steps per file
MAX_DEPTH = 64  # nested expressions followed
_FIELD_CALLS = frozenset({"field", "Field", "Option", "Argument", "attrib", "attr.ib"})
_ENV_GETTERS = frozenset({"getenv", "get", "setdefault", "environ.get", "os.getenv"})
_SAME_SEQUENCE = frozenset({"list", "tuple", "sorted", "set", "frozenset", "reversed"})
_STRING_METHODS = frozenset({"strip", "lower", "upper", "rstrip", "lstrip"})
# The last names of calls whose result may be a literal container this module follows.
_CONTAINER_CALLS = _SAME_SEQUENCE | _FIELD_CALLS | {"ib", "enumerate", "keys", "values", "items"}


@dataclass
class Budget:
    """Evaluation steps left for one file, and how deep the evaluation is now: once the steps
    are spent, or past :data:`MAX_DEPTH` nested expressions (a model id is a few pieces, never
    hundreds, and Python's own recursion limit is not to be reached), an expression is unknown.
    """

    left: int = MAX_STEPS
    depth: int = 0

    def enter(self) -> bool:
        """Take one step one level deeper; False (nothing taken) when out of either."""
        if self.left <= 0:
            self.left = -1  # spent, and said so
            return False
        if self.depth >= MAX_DEPTH:
            return False
        self.left -= 1
        self.depth += 1
        return True

    @property
    def spent(self) -> bool:
        return self.left < 0


@dataclass
class ConstantFlow:
    """What a module's names and attributes hold, gathered in one pass before calls are read."""

    module: Scope = field(default_factory=Scope)
    # attribute name -> value: class attributes, dataclass fields, argparse dests, click options.
    attributes: dict[str, Item] = field(default_factory=dict)
    budget: Budget = field(default_factory=Budget)

    def resolve(self, node: ast.expr, scopes: tuple[Scope, ...] = ()) -> str | None:
        """The string ``node`` always evaluates to, or None when that is not known statically."""
        if not self.budget.enter():
            return None
        try:
            value = self._resolve(node, scopes)
        finally:
            self.budget.depth -= 1
        return value if value is None or len(value) <= MAX_FOLD else None

    def _resolve(self, node: ast.expr, scopes: tuple[Scope, ...]) -> str | None:
        match node:
            case ast.Constant(value=str() as value):
                return value
            case ast.Name(id=name):
                return self._lookup(name, scopes)
            case ast.Attribute(attr=attr):
                narrowed = self._lookup(dotted(node), scopes)
                if narrowed is not None:
                    return narrowed
                held = self.attributes.get(attr)
                return held if isinstance(held, str) else None
            case ast.JoinedStr(values=values):
                return self._join(values, scopes)
            case ast.BinOp(left=left, op=ast.Add(), right=right):
                a = self.resolve(left, scopes)
                b = self.resolve(right, scopes) if a is not None else None
                return a + b if a is not None and b is not None else None
            case ast.Call():
                return self._call(node, scopes)
            case ast.BoolOp(op=ast.Or(), values=values):
                # `os.getenv("M") or "org/name"`: the constant is what runs when unset.
                return self.resolve(values[-1], scopes)
            case ast.Subscript(value=ast.Attribute(attr="environ")):
                return None
            case ast.Subscript(value=value, slice=ast.Slice() as part):
                return self._slice(value, part, scopes)
            case ast.Subscript(value=value, slice=key):
                item = self._item(value, key, scopes)
                return item if isinstance(item, str) else None
        return None

    def _lookup(self, name: str, scopes: tuple[Scope, ...]) -> str | None:
        found = self._held(name, scopes)
        return found if isinstance(found, str) else None

    def _held(self, name: str, scopes: tuple[Scope, ...]) -> Item:
        for scope in (*reversed(scopes), self.module):
            if name in scope.names:
                return scope.names[name]
        return None

    def _join(self, values: list[ast.expr], scopes: tuple[Scope, ...]) -> str | None:
        parts: list[str] = []
        size = 0
        for value in values:
            if isinstance(value, ast.FormattedValue):
                if value.format_spec is not None:
                    return None
                resolved = self.resolve(value.value, scopes)
            else:
                resolved = self.resolve(value, scopes)
            if resolved is None:
                return None
            size += len(resolved)
            if size > MAX_FOLD:
                return None
            parts.append(resolved)
        return "".join(parts)

    def _slice(self, value: ast.expr, part: ast.Slice, scopes: tuple[Scope, ...]) -> str | None:
        """``MODEL[3:]``: a slice with constant bounds of a known string."""
        text = self.resolve(value, scopes)
        bounds = [_integer(b) if b is not None else None for b in (part.lower, part.upper)]
        if (
            text is None
            or part.step is not None
            or any(
                b is None and given is not None
                for b, given in zip(bounds, (part.lower, part.upper), strict=True)
            )
        ):
            return None
        return text[bounds[0] : bounds[1]]

    def _call(self, node: ast.Call, scopes: tuple[Scope, ...]) -> str | None:
        func = node.func
        if isinstance(func, ast.Attribute):
            method = self._method(func, node, scopes)
            if method is not None:
                return method
        name = dotted(func)
        last = name.rsplit(".", 1)[-1]
        if last == "str" and len(node.args) == 1:
            return self.resolve(node.args[0], scopes)
        if (last in _ENV_GETTERS or _is_env_helper(last, node)) and len(node.args) >= 2:
            return self.resolve(node.args[1], scopes)  # the default, used when unset
        for keyword in node.keywords:
            if keyword.arg == "default":
                return self.resolve(keyword.value, scopes)
        return None

    def _method(self, func: ast.Attribute, node: ast.Call, scopes: tuple[Scope, ...]) -> str | None:
        """``"{}/{}".format(a, b)``, ``"/".join([...])``, ``MODELS.get("k")``, ``s.strip()``."""
        if func.attr == "format":
            template = self.resolve(func.value, scopes)
            args = [self.resolve(arg, scopes) for arg in node.args]
            if template is None or None in args or node.keywords:
                return None
            if len(template) + sum(len(a or "") for a in args) > MAX_FOLD:
                return None
            try:
                return template.format(*args)
            except (IndexError, KeyError, ValueError, AttributeError):
                return None
        if func.attr == "join" and len(node.args) == 1:
            separator = self.resolve(func.value, scopes)
            items = self.container(node.args[0], scopes)
            if separator is None or not isinstance(items, tuple):
                return None
            if not all(isinstance(item, str) for item in items):
                return None
            joined = separator.join(str(item) for item in items)
            return joined if len(joined) <= MAX_FOLD else None
        if func.attr in _STRING_METHODS and not node.args:
            text = self.resolve(func.value, scopes)
            return None if text is None else getattr(str, func.attr)(text)
        if func.attr == "get" and node.args:
            mapping = self.container(func.value, scopes)
            if isinstance(mapping, dict):
                key = self.resolve(node.args[0], scopes)
                item = mapping.get(key) if key is not None else None
                if isinstance(item, str):
                    return item
                return self.resolve(node.args[1], scopes) if len(node.args) > 1 else None
        return None

    def container(self, node: ast.expr, scopes: tuple[Scope, ...] = ()) -> Container | None:
        """The literal list, tuple, set or dict ``node`` holds, or None when not known."""
        if not self.budget.enter():
            return None
        try:
            return self._container(node, scopes)
        finally:
            self.budget.depth -= 1

    def _container(self, node: ast.expr, scopes: tuple[Scope, ...]) -> Container | None:
        match node:
            case ast.List(elts=elts) | ast.Tuple(elts=elts) | ast.Set(elts=elts):
                if len(elts) > MAX_ITEMS or any(isinstance(e, ast.Starred) for e in elts):
                    return None
                return tuple(self.item(element, scopes) for element in elts)
            case ast.Dict(keys=keys, values=values):
                return self._mapping(keys, values, scopes)
            case ast.Name(id=name):
                found = self._held(name, scopes)
                return found if isinstance(found, tuple | dict) else None
            case ast.Attribute(attr=attr):
                found = self._held(dotted(node), scopes) or self.attributes.get(attr)
                return found if isinstance(found, tuple | dict) else None
            case ast.BinOp(left=left, op=ast.Add(), right=right):
                a, b = self.container(left, scopes), self.container(right, scopes)
                if isinstance(a, tuple) and isinstance(b, tuple) and len(a) + len(b) <= MAX_ITEMS:
                    return a + b
                return None
            case ast.Call():
                return self._call_container(node, scopes)
            case ast.Subscript(value=value, slice=key) if not isinstance(key, ast.Slice):
                found = self._item(value, key, scopes)
                return found if isinstance(found, tuple | dict) else None
        return None

    def _call_container(self, node: ast.Call, scopes: tuple[Scope, ...]) -> Container | None:
        """``list(X)``, ``D.items()``, ``field(default_factory=lambda: [...])``."""
        func = node.func
        last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if last not in _CONTAINER_CALLS:
            return None  # most calls: nothing to follow, said before any other work
        factory = _default_factory(node)
        if factory is not None:
            return self.container(factory, scopes)
        if dotted(func) in _SAME_SEQUENCE and len(node.args) == 1:
            found = self.container(node.args[0], scopes)
            return tuple(found) if isinstance(found, dict) else found
        if isinstance(func, ast.Attribute) and not node.args:
            return _view(self.container(func.value, scopes), func.attr)
        if dotted(func) == "enumerate" and len(node.args) == 1:
            found = self.container(node.args[0], scopes)
            items = tuple(found) if isinstance(found, dict) else found
            return None if items is None else tuple((str(k), v) for k, v in enumerate(items))
        return None

    def _mapping(
        self, keys: list[ast.expr | None], values: list[ast.expr], scopes: tuple[Scope, ...]
    ) -> Container | None:
        if len(keys) > MAX_ITEMS:
            return None
        mapping: dict[str, Item] = {}
        for key, value in zip(keys, values, strict=True):
            name = self.resolve(key, scopes) if key is not None else None
            if name is None:
                return None  # a ** spread or a computed key: the dict is not known
            mapping[name] = self.item(value, scopes)
        return mapping

    def item(self, node: ast.expr, scopes: tuple[Scope, ...] = ()) -> Item:
        """A string, a literal container, the choices of a lookup, or None."""
        if isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict):
            return self.container(node, scopes)
        if isinstance(node, ast.IfExp):
            picks = self.arms(node, scopes)
            return Choices(picks) if picks else None
        value = self.resolve(node, scopes)
        if value is not None:
            return value
        held = self.container(node, scopes)
        if held is None and isinstance(node, ast.Subscript):
            picks = self.choices(node, scopes)
            return Choices(picks) if picks else None
        return held

    def _item(self, value: ast.expr, key: ast.expr, scopes: tuple[Scope, ...]) -> Item:
        """``MODELS["chat"]`` or ``PAIRS[0]``: an element picked by a constant key."""
        found = self.container(value, scopes)
        if isinstance(found, dict):
            name = self.resolve(key, scopes)
            return found.get(name) if name is not None else None
        index = _integer(key)
        if isinstance(found, tuple) and index is not None and -len(found) <= index < len(found):
            return found[index]
        return None

    def choices(self, node: ast.expr, scopes: tuple[Scope, ...] = ()) -> tuple[str, ...]:
        """The strings ``node`` can hold: its one value, both arms of a conditional expression,
        or the values of a literal dict or list it picks from with a key that is not known
        (``MODELS[name]``)."""
        if isinstance(node, ast.IfExp):
            return self.arms(node, scopes)
        value = self.resolve(node, scopes)
        if value is not None:
            return (value,)
        if isinstance(node, ast.Name):
            held = self._held(node.id, scopes)
            return held.values if isinstance(held, Choices) else ()
        if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
            found = self.container(node.value, scopes)
            items = found.values() if isinstance(found, dict) else found or ()
            return tuple(dict.fromkeys(item for item in items if isinstance(item, str)))
        return ()

    def arms(self, node: ast.expr, scopes: tuple[Scope, ...] = ()) -> tuple[str, ...]:
        """``X if flag else "org/name"``: the strings either arm holds (a flag read at run time
        picks one, so both are candidates); any other expression's one value, if known."""
        if not isinstance(node, ast.IfExp):
            value = self.resolve(node, scopes)
            return () if value is None else (value,)
        if not self.budget.enter():
            return ()
        try:
            picks = (*self.arms(node.body, scopes), *self.arms(node.orelse, scopes))
        finally:
            self.budget.depth -= 1
        return tuple(dict.fromkeys(picks))

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

    def env_name(self, node: ast.expr) -> str | None:
        """``os.getenv("NAME", default)``: the variable's name, when ``node`` reads one."""
        if isinstance(node, ast.BoolOp):
            return next(filter(None, (self.env_name(value) for value in node.values)), None)
        if not isinstance(node, ast.Call) or not node.args:
            return None
        last = dotted(node.func).rsplit(".", 1)[-1]
        first = node.args[0]
        if (last in _ENV_GETTERS or _is_env_helper(last, node)) and isinstance(first, ast.Constant):
            return str(first.value) if isinstance(first.value, str) else None
        return None


def source(node: ast.expr, limit: int = 200) -> str:
    """The code of an expression, for a note: shortened, and never a recursion error."""
    try:
        text = ast.unparse(node)
    except RecursionError:
        return "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _integer(node: ast.expr) -> int | None:
    match node:
        case ast.Constant(value=int() as number) if not isinstance(number, bool):
            return number
        case ast.UnaryOp(op=ast.USub(), operand=ast.Constant(value=int() as number)):
            return -number
    return None


def _is_env_helper(name: str, call: ast.Call) -> bool:
    """A project's own ``env_or_default("NAME", "value")`` helper: named for the environment,
    asked for an upper-case variable, given a default."""
    first = call.args[0] if call.args else None
    return (
        "env" in name.lower()
        and isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and first.value.isupper()
    )


def _view(found: Container | None, method: str) -> Container | None:
    """``D.keys()``, ``D.values()``, ``D.items()`` of a literal dict."""
    if not isinstance(found, dict):
        return None
    if method == "keys":
        return tuple(found)
    if method == "values":
        return tuple(found.values())
    if method == "items":
        return tuple((key, value) for key, value in found.items())
    return None


def _default_factory(call: ast.Call) -> ast.expr | None:
    """``field(default_factory=lambda: [...])``: the literal the factory returns."""
    if dotted(call.func).rsplit(".", 1)[-1] not in _FIELD_CALLS:
        return None
    for keyword in call.keywords:
        if keyword.arg in ("default_factory", "default") and isinstance(keyword.value, ast.Lambda):
            return keyword.value.body
        if keyword.arg == "default":
            return keyword.value
    return None
