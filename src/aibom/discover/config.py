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

from aibom.core import yamlsafe
from aibom.core.ids import Slot, hf_id
from aibom.core.model import Confidence, Role
from aibom.discover import jsonc
from aibom.discover.base import Lines, Sink
from aibom.discover.keys import (
    CHILD_KEYS,
    PROVIDER_KEYS,
    PROVIDER_NAMES,
    combine_hints,
    dataset_repo_keys,
    key_provider,
    key_role,
    list_role,
)
from aibom.discover.shell import scan_args, scan_commands

NAME = "config"
TRIGGER = re.compile(
    rb"model|hf://|hf\.co/|huggingface|ollama|llm|tokenizer|teacher|vae|rerank|judge|adapter|"
    rb"repo_?id|storageuri|encoder|init_from|pretrained|checkpoint"
)
_YAML = (".yaml", ".yml")
_SKIPPED_NAMES = frozenset(
    {
        "package-lock.json",
        "composer.lock",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "Pipfile.lock",
        "tsconfig.json",
        "tokenizer.json",
        "vocab.json",
        "merges.txt",
        "special_tokens_map.json",
        "tokenizer_config.json",
        "generation_config.json",
        "adapter_config.json",
        "preprocessor_config.json",
        "model_index.json",
        ".eslintrc.json",
    }
)
_MODEL_CONFIG_KEYS = frozenset({"architectures", "model_type", "_name_or_path"})
_COMMAND_KEYS = frozenset({"command", "args", "entrypoint", "run", "script", "cmd"})
# An infrastructure template's parameter: ``{"type": "string", "defaultValue": "gpt-4o"}``
# (ARM) or ``{"default": ...}`` holds the value of the key it sits under.
_DEFAULT_KEYS = ("defaultValue", "default")
_AZURE_SCHEMA = "schema.management.azure.com"
_HUB_URL = re.compile(r"^(?:(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/|hf://)", re.I)
_SCALAR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class _Found:
    key: str
    value: str
    line: int
    column: int
    role: Role
    provider: str | None = None  # from a sibling key such as ``provider: ollama``


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
        text = sink.text()
        if text is None:
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
    sink.add(found.value, Slot.GENERIC, evidence, role=found.role, hint=found.provider)


def _provider_hint(pairs: dict[str, object]) -> str | None:
    """``provider: ollama`` or ``api_type: azure`` beside a model key says who serves it."""
    for key in sorted(PROVIDER_KEYS):
        value = pairs.get(key)
        if isinstance(value, str) and value.lower() in PROVIDER_NAMES:
            return PROVIDER_NAMES[value.lower()]
    return None


def _key_hint(key: str, sibling: str | None, section: str | None) -> str | None:
    """Who serves a value: a sibling ``provider:`` key, else the key's own name
    (``AZURE_OPENAI_MODEL``), else the nearest enclosing section that names a provider."""
    return sibling or combine_hints(key, section)


def _is_hub_url(value: object) -> bool:
    """A Hub model URL or ``hf://`` URI: a reference under any key (datasets, Spaces and
    docs pages are left to :func:`hf_id`, which refuses them)."""
    return isinstance(value, str) and bool(_HUB_URL.match(value)) and hf_id(value) is not None


def _skipped_keys(pairs: dict[str, object]) -> frozenset[str]:
    """Keys whose values are names the config gives, not models it uses."""
    skipped = {k for k in PROVIDER_KEYS if str(pairs.get(k, "")).lower() in PROVIDER_NAMES}
    skipped.update(dataset_repo_keys(set(pairs)))
    if "litellm_params" in pairs:
        skipped.add("model_name")  # LiteLLM: the alias clients ask for
    return frozenset(skipped)


def _env_entry(pairs: dict[str, object]) -> tuple[str, Role] | None:
    """``{name: EMBEDDING_MODEL, value: BAAI/bge-m3}``: a Kubernetes or ECS env entry."""
    name, value = pairs.get("name"), pairs.get("value")
    if isinstance(name, str) and isinstance(value, str):
        role = key_role(name)
        if role is not None:
            return name, role
    return None


def _snippet(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


# YAML: composed nodes carry their own line numbers.


def _scan_yaml(text: str, sink: Sink) -> None:
    lines = text.splitlines()
    try:
        documents = yamlsafe.compose_all(text)
        for document in documents:  # a "billion laughs" document is refused, not walked
            yamlsafe.check_expansion(document)
    except yamlsafe.LOAD_ERRORS as exc:
        sink.skip(f"not parsable as YAML: {str(exc).splitlines()[0]}")
        return
    for document in documents:
        if document is not None:
            for found in _yaml_nodes(document, sink, None, None):
                _record(sink, found, _snippet(lines, found.line))


def _yaml_nodes(
    node: yaml.Node, sink: Sink, parent_role: Role | None, section: str | None
) -> Iterator[_Found]:
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _yaml_nodes(item, sink, parent_role, section)
        return
    if isinstance(node, yaml.ScalarNode):
        if parent_role is not None or _is_hub_url(node.value):
            yield _scalar(node, parent_role or Role.DEPENDENCY, "", section)
        return
    if isinstance(node, yaml.MappingNode):
        yield from _yaml_mapping(node, sink, parent_role, section)


def _yaml_mapping(
    node: yaml.MappingNode, sink: Sink, parent_role: Role | None, section: str | None
) -> Iterator[_Found]:
    pairs = {str(k.value): v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    scalars = {k: v.value for k, v in pairs.items() if isinstance(v, yaml.ScalarNode)}
    sibling, skipped = _provider_hint(scalars), _skipped_keys({**pairs, **scalars})
    env = _yaml_env(pairs.get("env"))
    entry = _env_entry(scalars)
    if entry is not None and isinstance(pairs["value"], yaml.ScalarNode):
        yield _scalar(pairs["value"], entry[1], entry[0], _key_hint(entry[0], sibling, section))
    for key, value in pairs.items():
        if key.lower() in _COMMAND_KEYS:
            _yaml_command(value, sink, env)
            continue
        if key in skipped:
            continue
        role = key_role(key)
        if role is None and parent_role is not None and key.lower() in CHILD_KEYS:
            role = parent_role
        hint = _key_hint(key, sibling, section)
        if isinstance(value, yaml.ScalarNode):
            if role is not None or _is_hub_url(value.value):
                yield _scalar(value, role or Role.DEPENDENCY, key, hint)
        elif isinstance(value, yaml.SequenceNode) and role is None:
            yield from _yaml_nodes(value, sink, list_role(key), hint)
        else:
            yield from _yaml_nodes(value, sink, role, hint)


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


def _scalar(node: yaml.ScalarNode, role: Role, key: str, hint: str | None) -> _Found:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return _Found(key, str(node.value), line, column, role, hint)


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
            args = [
                (_expand(str(n.value), env), n.start_mark.line + 1, _value_column(n)) for n in items
            ]
            scan_args(args, sink)
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


# JSON and TOML: parse, then find each value's line in the text.


def _load_json(text: str) -> Any:
    """JSON, or JSON with comments and trailing commas (ARM templates, VS Code and
    devcontainer settings) read as the JSON it holds."""
    try:
        return json.loads(text)
    except ValueError:
        cleaned = jsonc.strip(text)
        if cleaned == text:
            raise
        return json.loads(cleaned)


def _scan_parsed(text: str, sink: Sink, load: Any) -> None:
    try:
        data = load(text)
    except (ValueError, tomllib.TOMLDecodeError, RecursionError) as exc:
        sink.skip(f"not parsable: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
        return
    if isinstance(data, dict) and _MODEL_CONFIG_KEYS.intersection(data):
        return  # a model folder's own config.json: the weights detector reads those
    lines = text.splitlines()
    locator = _Locator(text)
    azure = isinstance(data, dict) and _AZURE_SCHEMA in str(data.get("$schema", ""))
    for key, value, role, hint in _walk_data(data, None, "azure" if azure else None):
        line, column = locator.locate(key, value)
        _record(sink, _Found(key, value, line, column, role, hint), _snippet(lines, line))


_Item = tuple[str, str, Role, str | None]  # key, value, role, provider hint


def _walk_data(data: Any, parent_role: Role | None, section: str | None) -> Iterator[_Item]:
    if isinstance(data, dict):
        yield from _walk_mapping(data, parent_role, section)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, str) and (parent_role is not None or _is_hub_url(item)):
                yield "", item, parent_role or Role.DEPENDENCY, section
            elif isinstance(item, dict | list):
                yield from _walk_data(item, parent_role, section)


def _walk_mapping(
    data: dict[Any, Any], parent_role: Role | None, section: str | None
) -> Iterator[_Item]:
    pairs = {str(k): v for k, v in data.items()}
    sibling, skipped = _provider_hint(pairs), _skipped_keys(pairs)
    entry = _env_entry(pairs)
    if entry is not None:
        yield entry[0], str(pairs["value"]), entry[1], _key_hint(entry[0], sibling, section)
    for key, value in pairs.items():
        if key in skipped:
            continue
        role = key_role(key)
        if role is None and parent_role is not None and key.lower() in CHILD_KEYS:
            role = parent_role
        hint = _key_hint(key, sibling, section)
        if isinstance(value, str) and (role is not None or _is_hub_url(value)):
            yield key, value, role or Role.DEPENDENCY, hint
        elif isinstance(value, dict) and role is not None and (found := _template_default(value)):
            yield *found, role, hint
        elif isinstance(value, list) and role is None:
            yield from _walk_data(value, list_role(key), hint)
        elif isinstance(value, dict | list):
            yield from _walk_data(value, role, hint)


def _template_default(value: dict[Any, Any]) -> tuple[str, str] | None:
    """``(key, default)`` of a template parameter (ARM ``defaultValue``), or None."""
    for key in _DEFAULT_KEYS:
        if isinstance(value.get(key), str):
            return key, str(value[key])
    return None


class _Locator:
    """Where each value of a parsed document is written, searching on from the last hit.

    Searches are budgeted: each reads up to the rest of the text, so a document of values
    written differently from their parse (escaped, say) would cost quadratic time; once the
    budget is spent, the values left are placed on line 1.
    """

    SEARCH_WORK = 16  # characters searched, at most, per character of the text

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = Lines(text)
        self.cursor = 0
        self.work = self.SEARCH_WORK * max(len(text), 4096)

    def locate(self, key: str, value: str) -> tuple[int, int]:
        if self.work < 0:
            return 1, 1
        pattern = re.compile(
            (rf"[\"']?{re.escape(key)}[\"']?\s*[:=]\s*" if key else "")
            + rf"([\"']){re.escape(value)}\1"
        )
        match = pattern.search(self.text, self.cursor)
        self.work -= (match.end() if match else len(self.text)) - self.cursor
        if match is None:
            match = pattern.search(self.text)
            self.work -= match.end() if match else len(self.text)
        if match is None:
            offset = self.text.find(value)
            self.work -= len(self.text)
            return self.lines.line_col(offset) if offset >= 0 else (1, 1)
        self.cursor = match.end()
        return self.lines.line_col(match.start(1) + 1)


# dotenv: KEY=VALUE lines.

# The value is taken greedily and trimmed after: a lazy value before ``\\s*$`` backtracks
# quadratically on a long run of blanks.
_DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*)")


def _scan_dotenv(text: str, sink: Sink) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DOTENV_LINE.match(line)
        if match is None or line.lstrip().startswith("#"):
            continue
        key, value = match.groups()
        role = key_role(key)
        value = value.split(" #", 1)[0].strip().strip("'\"").strip()
        if role is not None and value:
            found = _Found(key, value, number, match.start(2) + 1, role, key_provider(key))
            _record(sink, found, line)


DETECTOR = ConfigDetector()
