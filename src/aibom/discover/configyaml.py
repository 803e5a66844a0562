"""YAML configs: model keys found on the composed nodes (which carry their own lines), and the
command lines compose files, Kubernetes manifests and CI workflows embed, read by the shell
reader with a container's ``env:`` expanded."""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from aibom.core import yamlsafe
from aibom.core.model import Role
from aibom.discover.base import Sink
from aibom.discover.configvalues import (
    REPO_KEYS,
    Found,
    env_entry,
    is_model_url,
    key_hint,
    provider_hint,
    record,
    registry_repo,
    skipped_keys,
    snippet,
)
from aibom.discover.keys import CHILD_KEYS, key_provider, key_role, list_role
from aibom.discover.shell import scan_args, scan_commands

_COMMAND_KEYS = frozenset({"command", "args", "entrypoint", "run", "script", "cmd"})
# A container's program and its arguments, written under two keys: compose, Kubernetes.
_CONTAINER_COMMANDS = (("entrypoint", "command"), ("command", "args"))
_SCALAR_TAG = "tag:yaml.org,2002:str"


def scan_yaml(text: str, sink: Sink) -> None:
    lines = text.splitlines()
    try:
        documents = yamlsafe.compose_all(text)
        for document in documents:  # a "billion laughs" document is refused, not walked
            yamlsafe.check_expansion(document)
    except yamlsafe.LOAD_ERRORS as exc:
        sink.skip(
            f"not parsable as YAML: {str(exc).splitlines()[0]}; "
            "its key: value lines were read one by one"
        )
        _scan_lines(lines, sink)
        return
    for document in documents:
        if document is not None:
            for found in _yaml_nodes(document, sink, None, None):
                record(sink, found, snippet(lines, found.line))


# ``key: value`` on one line, as a template (Helm, Jinja) still writes most of its YAML; greedy,
# trimmed after (a lazy value before a trailing-blank anchor backtracks quadratically).
_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?[\"']?([A-Za-z_][\w.-]*)[\"']?[ \t]*:[ \t]+(.*)")


def _scan_lines(lines: list[str], sink: Sink) -> None:
    """A file that does not parse as YAML (a Helm template, a broken document): its plain
    ``key: value`` lines under model keys, and Hub URLs, each read on its own."""
    for number, line in enumerate(lines, start=1):
        match = _LINE.match(line)
        if match is None:
            continue
        key, value = match[1], match[2].split(" #", 1)[0].strip().strip("\"'")
        if not value or "{{" in value or value[0] in "&*[{|>":
            continue
        role = key_role(key)
        if role is not None or is_model_url(value):
            column = match.start(2) + 1 + int(match[2][:1] in "\"'")
            found = Found(key, value, number, column, role or Role.DEPENDENCY, key_provider(key))
            record(sink, found, line)


def _yaml_nodes(
    node: yaml.Node, sink: Sink, parent_role: Role | None, section: str | None
) -> Iterator[Found]:
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _yaml_nodes(item, sink, parent_role, section)
        return
    if isinstance(node, yaml.ScalarNode):
        if parent_role is not None or is_model_url(node.value):
            yield _scalar(node, parent_role or Role.DEPENDENCY, "", section)
        return
    if isinstance(node, yaml.MappingNode):
        yield from _yaml_mapping(node, sink, parent_role, section)


def _yaml_mapping(
    node: yaml.MappingNode, sink: Sink, parent_role: Role | None, section: str | None
) -> Iterator[Found]:
    pairs = {str(k.value): v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    scalars = {k: v.value for k, v in pairs.items() if isinstance(v, yaml.ScalarNode)}
    sibling, skipped = provider_hint(scalars), skipped_keys({**pairs, **scalars})
    env = _yaml_env(pairs.get("env"))
    entry = env_entry(scalars)
    if entry is not None and isinstance(pairs["value"], yaml.ScalarNode):
        yield _scalar(pairs["value"], entry[1], entry[0], key_hint(entry[0], sibling, section))
    commands = _yaml_commands(node, pairs, sink, env)
    repo = registry_repo(_plain(pairs)) if any(k in scalars for k in REPO_KEYS) else None
    for key, value in pairs.items():
        if key in commands:
            continue
        if key in skipped:
            continue
        role = key_role(key) if key != repo else Role.DEPENDENCY
        if role is None and parent_role is not None and key.lower() in CHILD_KEYS:
            role = parent_role
        hint = key_hint(key, sibling, section)
        if isinstance(value, yaml.ScalarNode):
            if role is not None or is_model_url(value.value):
                yield _scalar(value, role or Role.DEPENDENCY, key, hint)
        elif isinstance(value, yaml.SequenceNode) and role is None:
            yield from _yaml_nodes(value, sink, list_role(key), hint)
        else:
            yield from _yaml_nodes(value, sink, role, hint)


def _yaml_commands(
    node: yaml.MappingNode, pairs: dict[str, yaml.Node], sink: Sink, env: dict[str, str]
) -> frozenset[str]:
    """Read a mapping's command keys; their names. A container runs compose's ``entrypoint``
    with ``command`` as its arguments, and Kubernetes' ``command`` with ``args`` (so
    ``[sh, -c]`` and ``["ollama pull x"]`` make one command line), the first possibly merged
    in from an anchor (``<<: *defaults``)."""
    keys = {key.lower(): key for key in pairs if key.lower() in _COMMAND_KEYS}
    if not keys:
        return frozenset()
    merged = _merged(node)
    joined: set[str] = set()
    for first, second in _CONTAINER_COMMANDS:
        head = pairs[keys[first]] if first in keys else merged.get(first)
        tail = pairs[keys[second]] if second in keys else None
        head_args, tail_args = _argv(head, sink, env), _argv(tail, sink, env)
        if head_args and tail_args and second not in joined:
            scan_args([*head_args, *tail_args], sink)
            joined.update((first, second))
    for name, key in keys.items():
        if name not in joined:
            _yaml_command(pairs[key], sink, env)
    return frozenset(keys.values())


def _merged(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    """The pairs a mapping takes from ``<<:`` (one anchored mapping, or a list of them)."""
    found: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "<<":
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for source in reversed(sources):  # the first listed wins
                if isinstance(source, yaml.MappingNode):
                    found.update(
                        (str(k.value).lower(), v)
                        for k, v in source.value
                        if isinstance(k, yaml.ScalarNode)
                    )
    return found


def _argv(node: yaml.Node | None, sink: Sink, env: dict[str, str]) -> list[tuple[str, int, int]]:
    """A command as argument words at their places: a list of scalars, or one word alone
    (``entrypoint: /bin/sh``); nothing for anything else."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _SCALAR_TAG and not node.style:
        text = str(node.value)
        return [] if not text or any(c.isspace() for c in text) else [_arg(node, sink, env)]
    if isinstance(node, yaml.SequenceNode) and node.value:
        items = [n for n in node.value if isinstance(n, yaml.ScalarNode)]
        return [_arg(n, sink, env) for n in items] if len(items) == len(node.value) else []
    return []


def _arg(node: yaml.ScalarNode, sink: Sink, env: dict[str, str]) -> tuple[str, int, int]:
    """An argument's text and where it starts: a ``|`` block's on the line after its sign."""
    text = _expand(str(node.value), env)
    if node.style in ("|", ">"):
        first = node.start_mark.line + 1
        return text, first + 1, _indent(sink, first) + 1
    return text, node.start_mark.line + 1, _value_column(node)


def _plain(pairs: dict[str, yaml.Node]) -> dict[str, object]:
    """A mapping's scalars, and its lists of scalars as lists, as plain values."""
    values: dict[str, object] = {}
    for key, node in pairs.items():
        if isinstance(node, yaml.ScalarNode):
            values[key] = str(node.value)
        elif isinstance(node, yaml.SequenceNode):
            values[key] = [str(n.value) for n in node.value if isinstance(n, yaml.ScalarNode)]
    return values


def _yaml_env(node: yaml.Node | None) -> dict[str, str]:
    """A container's ``env:`` list as a dict, for ``$(VAR)`` in its args (Kubernetes expands)."""
    env: dict[str, str] = {}
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                pairs = {
                    str(k.value): v.value
                    for k, v in item.value
                    if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
                }
                if isinstance(pairs.get("name"), str) and isinstance(pairs.get("value"), str):
                    env[pairs["name"]] = pairs["value"]
    return env


def _scalar(node: yaml.ScalarNode, role: Role, key: str, hint: str | None) -> Found:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return Found(key, str(node.value), line, column, role, hint)


_K8S_VAR = re.compile(r"\$\((\w+)\)")


def _yaml_command(node: yaml.Node, sink: Sink, env: dict[str, str]) -> None:
    """``command: vllm serve X`` or ``args: ["--model", "X"]``: hand the command line over."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _SCALAR_TAG:
        text = _expand(str(node.value), env)
        if node.style in ("|", ">"):  # a block: its lines start on the next line, indented
            first = node.start_mark.line + 1
            scan_commands(text, sink, first + 1, _indent(sink, first))
        else:
            scan_commands(text, sink, node.start_mark.line + 1, _value_column(node) - 1)
    elif isinstance(node, yaml.SequenceNode):
        items = [n for n in node.value if isinstance(n, yaml.ScalarNode)]
        if items and len(items) == len(node.value):
            scan_args([_arg(n, sink, env) for n in items], sink)
        else:
            for item in node.value:
                _yaml_command(item, sink, env)


def _value_column(node: yaml.ScalarNode) -> int:
    """The 1-based column of a scalar's first character, after any opening quote."""
    return node.start_mark.column + 1 + int(node.style in ("'", '"'))


def _indent(sink: Sink, line_index: int) -> int:
    lines = sink.source.data.split(b"\n", line_index + 1)
    if line_index >= len(lines):
        return 0
    line = lines[line_index]
    return len(line) - len(line.lstrip(b" "))


def _expand(text: str, env: dict[str, str]) -> str:
    return _K8S_VAR.sub(lambda m: env.get(m.group(1), m.group(0)), text) if env else text
