"""Config detector: model ids under model-ish keys in YAML, JSON, TOML and ``.env`` files.

Also reads the command lines that compose files, Kubernetes manifests and CI workflows embed
(``command:``, ``args:``, ``run:``) through the shell detector's parser, so ``--model X`` in a
container spec counts like it does in a script.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from aibom.discover.base import Sink, line_col
from aibom.discover.keys import key_role
from aibom.discover.shell import scan_commands
from aibom.ids import Slot
from aibom.model import Confidence, Role

NAME = "config"
TRIGGER = re.compile(
    rb"model|hf://|hf\.co/|huggingface|ollama|llm|tokenizer|teacher|vae|rerank|judge|adapter|"
    rb"repo_?id|storageuri|encoder|init_from|pretrained|checkpoint"
)
_YAML = (".yaml", ".yml")
_SKIPPED_NAMES = frozenset(
    {"package-lock.json", "composer.lock", "yarn.lock", "pnpm-lock.yaml", "poetry.lock",
     "Pipfile.lock", "tsconfig.json", "tokenizer.json", "vocab.json", "merges.txt",
     "special_tokens_map.json", "tokenizer_config.json", "config.json", "generation_config.json",
     "adapter_config.json", "preprocessor_config.json", "model_index.json", ".eslintrc.json"}
)
_COMMAND_KEYS = frozenset({"command", "args", "entrypoint", "run", "script", "cmd"})
_CHILD_KEYS = frozenset({"name", "id", "path", "repo", "repo_id", "name_or_path", "model_id",
                         "pretrained", "uri", "source"})
_SCALAR_TAG = "tag:yaml.org,2002:str"
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class _Found:
    key: str
    value: str
    line: int
    column: int
    role: Role


class ConfigDetector:
    """Claims YAML, JSON, TOML and dotenv files (model folders' own JSON is the weights')."""

    name = NAME
    trigger = TRIGGER

    def claims(self, path: str) -> bool:
        base = path.rsplit("/", 1)[-1]
        if base in _SKIPPED_NAMES:
            return False
        return (
            base.endswith((*_YAML, ".json", ".toml", ".env"))
            or base.startswith(".env")
            or base in ("OAI_CONFIG_LIST", "env", "dotenv")
        )

    def detect(self, sink: Sink) -> None:
        try:
            text = sink.source.text()
        except UnicodeDecodeError:
            sink.skip("not UTF-8")
            return
        base = sink.source.path.rsplit("/", 1)[-1]
        if base.endswith(_YAML):
            _scan_yaml(text, sink)
        elif base.endswith(".json") or base == "OAI_CONFIG_LIST":
            _scan_parsed(text, sink, _load_json)
        elif base.endswith(".toml"):
            _scan_parsed(text, sink, tomllib.loads)
        else:
            _scan_dotenv(text, sink)


def _record(sink: Sink, found: _Found, snippet: str) -> None:
    confidence = Confidence.HIGH if found.key != "model" else Confidence.MEDIUM
    evidence = sink.evidence(found.line, found.column, snippet, confidence)
    sink.add(found.value, Slot.GENERIC, evidence, role=found.role)


def _snippet(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


# YAML: composed nodes carry their own line numbers.


def _scan_yaml(text: str, sink: Sink) -> None:
    lines = text.splitlines()
    try:
        documents = list(yaml.compose_all(text, Loader=_SafeLoader))
    except yaml.YAMLError as exc:
        sink.skip(f"not parsable as YAML: {str(exc).splitlines()[0]}")
        return
    for document in documents:
        if document is not None:
            for found in _yaml_nodes(document, sink, None):
                _record(sink, found, _snippet(lines, found.line))


def _yaml_nodes(node: yaml.Node, sink: Sink, parent_role: Role | None) -> Iterator[_Found]:
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _yaml_nodes(item, sink, parent_role)
        return
    if isinstance(node, yaml.ScalarNode):
        if parent_role is not None or _is_hf_uri(node.value):
            yield _scalar(node, parent_role or Role.DEPENDENCY, "")
        return
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        if key.lower() in _COMMAND_KEYS:
            _yaml_command(value, sink)
            continue
        role = key_role(key)
        if role is None and parent_role is not None and key.lower() in _CHILD_KEYS:
            role = parent_role
        if isinstance(value, yaml.ScalarNode):
            if role is not None or _is_hf_uri(value.value):
                yield _scalar(value, role or Role.DEPENDENCY, key)
        elif isinstance(value, yaml.SequenceNode) and role is not None:
            yield from _yaml_nodes(value, sink, role)
        else:
            yield from _yaml_nodes(value, sink, role)


def _scalar(node: yaml.ScalarNode, role: Role, key: str) -> _Found:
    return _Found(key, str(node.value), node.start_mark.line + 1, node.start_mark.column + 1, role)


def _is_hf_uri(value: object) -> bool:
    return isinstance(value, str) and value.startswith("hf://")


def _yaml_command(node: yaml.Node, sink: Sink) -> None:
    """``command: vllm serve X`` or ``args: ["--model", "X"]``: hand the command line over."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _SCALAR_TAG:
        block = node.style in ("|", ">")
        scan_commands(str(node.value), sink, node.start_mark.line + 1 + int(block))
    elif isinstance(node, yaml.SequenceNode):
        items = [n for n in node.value if isinstance(n, yaml.ScalarNode)]
        if len(items) == len(node.value) and len(items) > 1 and not _multi_line(items):
            words = [_quote(str(n.value)) for n in items]
            scan_commands(" ".join(words), sink, items[0].start_mark.line + 1)
        else:
            for item in node.value:
                _yaml_command(item, sink)


def _multi_line(items: list[yaml.ScalarNode]) -> bool:
    return items[0].start_mark.line != items[-1].start_mark.line


def _quote(word: str) -> str:
    return "'" + word.replace("'", "'\"'\"'") + "'" if re.search(r"[\s'\"$`\\;&|]", word) else word


# JSON and TOML: parse, then find each value's line in the text.


def _load_json(text: str) -> Any:
    return json.loads(text)


def _scan_parsed(text: str, sink: Sink, load: Any) -> None:
    try:
        data = load(text)
    except (ValueError, tomllib.TOMLDecodeError, RecursionError) as exc:
        sink.skip(f"not parsable: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
        return
    lines = text.splitlines()
    cursor = 0
    for key, value, role in _walk_data(data, None):
        line, column, cursor = _locate(text, key, value, cursor)
        _record(sink, _Found(key, value, line, column, role), _snippet(lines, line))


def _walk_data(data: Any, parent_role: Role | None) -> Iterator[tuple[str, str, Role]]:
    if isinstance(data, dict):
        for key, value in data.items():
            role = key_role(str(key))
            if role is None and parent_role is not None and str(key).lower() in _CHILD_KEYS:
                role = parent_role
            if isinstance(value, str) and (role is not None or _is_hf_uri(value)):
                yield str(key), value, role or Role.DEPENDENCY
            elif isinstance(value, dict | list):
                yield from _walk_data(value, role)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, str) and parent_role is not None:
                yield "", item, parent_role
            elif isinstance(item, dict | list):
                yield from _walk_data(item, parent_role)


def _locate(text: str, key: str, value: str, cursor: int) -> tuple[int, int, int]:
    """Line and column of ``value`` (after ``key``), searching on from the last hit."""
    pattern = re.compile(
        (rf"[\"']?{re.escape(key)}[\"']?\s*[:=]\s*" if key else "")
        + rf"([\"']){re.escape(value)}\1"
    )
    match = pattern.search(text, cursor) or pattern.search(text)
    if match is None:
        offset = text.find(value)
        if offset < 0:
            return 1, 1, cursor
        return (*line_col(text, offset), cursor)
    offset = match.start(1) + 1
    return (*line_col(text, offset), match.end())


# dotenv: KEY=VALUE lines.

_DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$")


def _scan_dotenv(text: str, sink: Sink) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DOTENV_LINE.match(line)
        if match is None or line.lstrip().startswith("#"):
            continue
        key, value = match.groups()
        role = key_role(key)
        value = value.split(" #", 1)[0].strip().strip("'\"")
        if role is not None and value:
            _record(sink, _Found(key, value, number, match.start(2) + 1, role), line)


DETECTOR = ConfigDetector()
