"""Read untrusted YAML keeping the line of every key and item, so errors can say where."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from aibom.core.yamlsafe import SafeLoader

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """Plain data from a YAML document, the 1-based line of each key path, and the problems that
    plain data would hide (duplicate keys, aliases)."""

    data: object
    lines: dict[KeyPath, int] = field(default_factory=dict)
    problems: tuple[tuple[int, str], ...] = ()

    def line(self, path: KeyPath) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


class _Loader(SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, with dates left as text: a bad date then gets an error with its line
    instead of an exception from ``datetime``."""


def _text(loader: _Loader, node: yaml.Node) -> str:
    return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _text)


def read(text: str) -> Located:
    """Parse one YAML document with the safe loader; raises yaml.YAMLError on bad syntax or on
    a document too deep or too large to build."""
    try:
        return _read(text)
    except (RecursionError, ValueError, OverflowError) as exc:
        raise yaml.YAMLError(f"cannot be read: {type(exc).__name__}") from exc


def _read(text: str) -> Located:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, {(): 1})
        lines: dict[KeyPath, int] = {(): node.start_mark.line + 1}
        problems: list[tuple[int, str]] = []
        _walk(node, (), lines, problems, set())
        if any("aliases" in message for _, message in problems):
            return Located(None, lines, tuple(problems))  # not expanded: checks would be too
        return Located(loader.construct_document(node), lines, tuple(problems))
    finally:
        loader.dispose()


def _walk(
    node: yaml.Node,
    path: KeyPath,
    lines: dict[KeyPath, int],
    problems: list[tuple[int, str]],
    seen: set[int],
) -> None:
    if id(node) in seen:
        # An alias: the node was reached before. Refused rather than expanded (no "billion laughs").
        line = lines.get(path, node.start_mark.line + 1)
        problems.append((line, f"{dotted(path)}: aliases are not supported"))
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = key_node.start_mark.line + 1
            if key in keys:
                problems.append((line, f"{dotted((*path, key))}: duplicate key"))
            keys.add(key)
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, problems, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), lines, problems, seen)


def dotted(path: KeyPath) -> str:
    """``rules.user-threshold.severity``, ``waivers[0].expires``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(document)"
