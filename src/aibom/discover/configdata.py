"""JSON, TOML and dotenv configs: parsed, walked for model keys, and each value located in the
text for its evidence (a bounded number of searches)."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from typing import Any

from aibom.core.model import Role
from aibom.discover import jsonc
from aibom.discover.base import Lines, Sink
from aibom.discover.configvalues import (
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

_MODEL_CONFIG_KEYS = frozenset({"architectures", "model_type", "_name_or_path"})
# An infrastructure template's parameter: ``{"type": "string", "defaultValue": "gpt-4o"}``
# (ARM) or ``{"default": ...}`` holds the value of the key it sits under.
_DEFAULT_KEYS = ("defaultValue", "default")
_AZURE_SCHEMA = "schema.management.azure.com"


def load_json(text: str) -> Any:
    """JSON, or JSON with comments and trailing commas (ARM templates, VS Code and
    devcontainer settings) read as the JSON it holds."""
    try:
        return json.loads(text)
    except ValueError:
        cleaned = jsonc.strip(text)
        if cleaned == text:
            raise
        return json.loads(cleaned)


def scan_parsed(text: str, sink: Sink, load: Any) -> None:
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
        record(sink, Found(key, value, line, column, role, hint), snippet(lines, line))


_Item = tuple[str, str, Role, str | None]  # key, value, role, provider hint


def _walk_data(data: Any, parent_role: Role | None, section: str | None) -> Iterator[_Item]:
    if isinstance(data, dict):
        yield from _walk_mapping(data, parent_role, section)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, str) and (parent_role is not None or is_model_url(item)):
                yield "", item, parent_role or Role.DEPENDENCY, section
            elif isinstance(item, dict | list):
                yield from _walk_data(item, parent_role, section)


def _walk_mapping(
    data: dict[Any, Any], parent_role: Role | None, section: str | None
) -> Iterator[_Item]:
    pairs = {str(k): v for k, v in data.items()}
    sibling, skipped = provider_hint(pairs), skipped_keys(pairs)
    entry = env_entry(pairs)
    if entry is not None:
        yield entry[0], str(pairs["value"]), entry[1], key_hint(entry[0], sibling, section)
    repo = registry_repo(pairs)
    for key, value in pairs.items():
        if key in skipped:
            continue
        role = key_role(key) if key != repo else Role.DEPENDENCY
        if role is None and parent_role is not None and key.lower() in CHILD_KEYS:
            role = parent_role
        hint = key_hint(key, sibling, section)
        if isinstance(value, str) and (role is not None or is_model_url(value)):
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


def scan_dotenv(text: str, sink: Sink) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DOTENV_LINE.match(line)
        if match is None or line.lstrip().startswith("#"):
            continue
        key, value = match.groups()
        role = key_role(key)
        value = value.split(" #", 1)[0].strip().strip("'\"").strip()
        if role is not None and value:
            found = Found(key, value, number, match.start(2) + 1, role, key_provider(key))
            record(sink, found, line)
