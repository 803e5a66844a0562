"""The one way aibom reads YAML: PyYAML's safe loader, with libyaml's parser when present.

The safe loader builds only plain data (no tag constructs an object). What it does not bound is
aliases: ``&a [*b, *b]`` nested a few dozen times is a 300-byte document whose graph is tiny but
whose expansion (and any walk that follows every alias) is astronomically large. So documents
from strangers are read with :func:`compose_document` or :func:`load_untrusted`, which refuse a
document whose expansion exceeds a bound (ordinary anchors, such as compose files' ``<<:
*defaults``, stay far below it).
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError
# What a malformed or hostile document can raise from the loader besides YAMLError.
LOAD_ERRORS: tuple[type[BaseException], ...] = (
    yaml.YAMLError,
    RecursionError,
    TypeError,
    ValueError,
    OverflowError,
)
MAX_NODES = 200_000  # nodes in one document: far above any real config, far below a bomb


class AliasError(yaml.YAMLError):
    """A document that reuses a node (an alias), where a tree was expected."""


def load(text: str) -> object:
    """Plain data from one trusted document (aibom's own shipped data)."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - the safe loader


def dump(document: object) -> str:
    """Block-style YAML of plain data: keys sorted, Unicode kept, lines up to 100 columns."""
    dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(document, Dumper=dumper, sort_keys=True, allow_unicode=True, width=100)


def compose_all(text: str) -> list[yaml.Node]:
    """The node graphs of every document in ``text``, with their line marks; not constructed."""
    return [node for node in yaml.compose_all(text, Loader=SafeLoader) if node is not None]


def compose_document(text: str) -> tuple[yaml.Node | None, object]:
    """The node graph of one untrusted document and the plain data built from it.

    Raises AliasError when the document, aliases expanded, would exceed MAX_NODES nodes, before
    anything is built from it; other errors as :data:`LOAD_ERRORS`.
    """
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        check_expansion(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def load_untrusted(text: str) -> object:
    """Plain data from one untrusted document; see :func:`compose_document`."""
    return compose_document(text)[1]


def check_expansion(node: yaml.Node, max_nodes: int = MAX_NODES) -> None:
    """AliasError when the document, every alias expanded, would exceed ``max_nodes`` nodes, or
    when an alias refers to a node that contains it (a cycle).

    Sizes are summed over the graph once per distinct node, so the check itself is linear in
    the document however large its expansion would be.
    """
    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if children_done:
            open_nodes.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(current))
            if total > max_nodes:
                line = current.start_mark.line + 1
                raise AliasError(f"line {line}: expands to more than {max_nodes} nodes")
            size[key] = total
        elif key in open_nodes:
            raise AliasError(f"line {current.start_mark.line + 1}: an alias inside itself")
        elif key not in size:
            open_nodes.add(key)
            stack.append((current, True))
            stack.extend((child, False) for child in _children(current))


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value
