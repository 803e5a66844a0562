"""Check a hand-edited ``aibom.lock`` like the policy file: every problem, each with its line.

The lockfile lives in the repository and is edited by people and tools; a value of the wrong
type must be an error a person can fix (``aibom.lock:12: models.huggingface:gpt2.commit: not a
40-character commit``), never a crash, and a short commit or a non-hex sha256 must not be taken
as a pin. Duplicate keys and aliases are refused (see :mod:`aibom.core.yamllines`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from aibom.core.text import suggest
from aibom.core.yamllines import KeyPath, Located, dotted

VERSION = 1
ECOSYSTEMS = ("huggingface", "ollama", "local-file")
MAX_FILES_PER_MODEL = 100_000
MAX_TEXT = 4096

_COMMIT = re.compile(r"[0-9a-f]{40}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_OLLAMA_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")

Check = Callable[[object], str | None]  # None when the value is right, else what is wrong


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return f"must be text, not {_kind(value)}"
    return None if len(value) <= MAX_TEXT else f"longer than {MAX_TEXT} characters"


def _pattern(regex: re.Pattern[str], what: str) -> Check:
    def check(value: object) -> str | None:
        problem = _text(value)
        if problem is None and not regex.fullmatch(str(value)):
            return f"not {what}: {str(value)[:80]!r}"
        return problem

    return check


def _boolean(value: object) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {_kind(value)}"


def _size(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return f"must be a size in bytes (a whole number), not {value!r}"[:120]
    return None


def _relative_path(value: object) -> str | None:
    problem = _text(value)
    if problem is None:
        text = str(value)
        if not text or text.startswith("/") or ".." in text.split("/") or "\0" in text:
            return f"not a relative path inside the model: {text[:80]!r}"
    return problem


ENTRY_FIELDS: dict[str, Check] = {
    "commit": _text,  # checked by ecosystem below
    "requested": _text,
    "resolved_at": _pattern(_TIMESTAMP, "an ISO 8601 time (2025-01-31T12:00:00Z)"),
    "gated": _boolean,
    "card_license": _text,
    "card_license_name": _text,
    "card_license_link": _text,
    "license_text_sha256": _pattern(_SHA256, "a sha256 (64 lower-case hex digits)"),
}
FILE_FIELDS: dict[str, Check] = {
    "path": _relative_path,
    "size": _size,
    "sha256": _pattern(_SHA256, "a sha256 (64 lower-case hex digits)"),
    "git_oid": _pattern(_COMMIT, "a git blob id (40 lower-case hex digits)"),
}
_COMMIT_BY_ECOSYSTEM: dict[str, Check] = {
    "huggingface": _pattern(_COMMIT, "a 40-character commit (lower-case hex)"),
    "ollama": _pattern(_OLLAMA_DIGEST, "an Ollama manifest digest (sha256:<64 hex digits>)"),
    "local-file": _text,
}


def check(located: Located) -> list[tuple[int, str]]:
    """Every problem in the document, as (line, message), in document order."""
    problems = list(located.problems)
    data = located.data
    if problems:
        return problems
    if not isinstance(data, dict):
        return [(1, "not an aibom lockfile (a mapping with version and models)")]
    problems.extend(_unknown(located, (), data, {"version", "models"}))
    if data.get("version") != VERSION:
        problems.append((located.line(("version",)), f"version: must be {VERSION}"))
    models = data.get("models", {})
    if models is None:
        models = {}
    if not isinstance(models, dict):
        return [*problems, (located.line(("models",)), "models: must be a mapping")]
    for key, body in models.items():
        problems.extend(_entry(located, str(key), body))
    return sorted(problems, key=lambda problem: problem[0])


def _entry(located: Located, key: str, body: object) -> Iterator[tuple[int, str]]:
    path: KeyPath = ("models", key)
    ecosystem, colon, name = key.partition(":")
    if not colon or ecosystem not in ECOSYSTEMS or not name:
        yield (
            located.line(path),
            f"{dotted(path)}: key must be <ecosystem>:<name>, with "
            + (f"ecosystem one of {', '.join(ECOSYSTEMS)}"),
        )
        return
    if not isinstance(body, dict):
        yield located.line(path), f"{dotted(path)}: must be a mapping"
        return
    yield from _unknown(located, path, body, {*ENTRY_FIELDS, "files", "base_models"})
    fields = {**ENTRY_FIELDS, "commit": _COMMIT_BY_ECOSYSTEM[ecosystem]}
    yield from _fields(located, path, body, fields)
    yield from _strings(located, (*path, "base_models"), body.get("base_models"))
    files = body.get("files")
    if files is None:
        return
    if not isinstance(files, list) or len(files) > MAX_FILES_PER_MODEL:
        yield located.line((*path, "files")), f"{dotted((*path, 'files'))}: must be a list"
        return
    for index, item in enumerate(files):
        where = (*path, "files", index)
        if not isinstance(item, dict) or "path" not in item:
            yield located.line(where), f"{dotted(where)}: must be a mapping with a path"
            continue
        yield from _unknown(located, where, item, set(FILE_FIELDS))
        yield from _fields(located, where, item, FILE_FIELDS)


def _fields(
    located: Located, path: KeyPath, body: dict[Any, Any], fields: dict[str, Check]
) -> Iterator[tuple[int, str]]:
    for name, check_value in fields.items():
        if name in body and body[name] is not None:
            problem = check_value(body[name])
            if problem:
                yield located.line((*path, name)), f"{dotted((*path, name))}: {problem}"


def _strings(located: Located, path: KeyPath, value: object) -> Iterator[tuple[int, str]]:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        yield located.line(path), f"{dotted(path)}: must be a list of model ids"


def _unknown(
    located: Located, path: KeyPath, body: dict[Any, Any], known: set[str]
) -> Iterator[tuple[int, str]]:
    for key in body:
        if str(key) not in known:
            where = (*path, str(key))
            yield located.line(where), f"{dotted(where)}: unknown key{suggest(str(key), known)}"


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
