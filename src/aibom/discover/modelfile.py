"""Modelfile detector: the base model (``FROM``) and adapters (``ADAPTER``) of an Ollama model.

Syntax as Ollama's parser reads it (ollama/ollama ``parser/parser.go``, ``docs/modelfile.md``):
one ``INSTRUCTION arguments`` per line, instructions case-insensitive, ``#`` comments at the start
of a line, and a value that opens with a double quote (or three) running on, across lines,
until it closes. ``FROM`` names a model (``llama3.2:3b``, ``hf.co/org/repo:Q4_K_M``) or a GGUF
file or Safetensors folder given as a path, absolute or relative to the Modelfile.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re

from aibom.core.ids import WEIGHT_SUFFIXES, Slot
from aibom.core.model import Evidence
from aibom.discover.base import Detector, Sink

NAME = "modelfile"
TRIGGER = re.compile(rb"(?im)^[ \t]*(?:from|adapter)[ \t]")
# Greedy to the end of the line, trailing blanks stripped after: a lazy value followed by
# ``[ \t]*$`` backtracks quadratically on a long line of blanks.
_INSTRUCTION = re.compile(r"[ \t]*([A-Za-z]+)[ \t]+(\S.*)")
_REGISTRY = "registry.ollama.ai/"
_NOT_MODELFILES = (
    ".py",
    ".go",
    ".rs",
    ".ts",
    ".js",
    ".java",
    ".md",
    ".rst",
    ".json",
    ".yaml",
    ".yml",
)


def is_modelfile(path: str) -> bool:
    """``Modelfile``, ``Modelfile.dev``, ``chat.modelfile``: the names Ollama users give them."""
    base = posixpath.basename(path).lower()
    if base.startswith("modelfile.") and base.endswith(_NOT_MODELFILES):
        return False  # modelfile.py is code about Modelfiles
    return base == "modelfile" or base.startswith("modelfile.") or base.endswith(".modelfile")


def _closed(value: str) -> bool:
    """Whether a one-line value is complete: parser.go ``unquote`` succeeds on it. An open value
    closes on the first later line that ends with its quote (the trimmed buffer then does)."""
    if value.startswith('"""'):
        return len(value) >= 6 and value.endswith('"""')
    if value.startswith('"'):
        return len(value) >= 2 and value.endswith('"')
    return True


def scan_modelfile(text: str, sink: Sink, first_line: int = 1, column_offset: int = 0) -> None:
    """Record a Modelfile's ``FROM`` and ``ADAPTER`` values; lines count from ``first_line``."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    i = 0
    while i < len(lines):
        row, match = i, _INSTRUCTION.match(lines[i])
        i += 1
        if match is None:
            continue
        value = match[2].rstrip(" \t")
        if not _closed(value):  # TEMPLATE, SYSTEM, LICENSE text: skipped, never read
            quote = value[:3] if value.startswith('"""') else '"'
            while i < len(lines) and not lines[i].rstrip().endswith(quote):
                i += 1
            i += 1
            continue
        instruction = match[1].lower()
        if instruction not in ("from", "adapter"):
            continue
        quote = 3 if value.startswith('"""') else int(value.startswith('"'))
        name = value[quote : len(value) - quote].strip() if quote else value.split()[0]
        column = match.start(2) + quote + 1 + column_offset
        evidence = sink.evidence(first_line + row, column, lines[row])
        if name:
            _reference(sink, name, evidence, adapter=instruction == "adapter")


def _reference(sink: Sink, name: str, evidence: Evidence, adapter: bool) -> None:
    tree, folder = sink.source.tree, sink.source.directory
    if "*" in name:  # split GGUF shards named by a wildcard
        pattern = posixpath.normpath(posixpath.join(folder, name))
        parent = posixpath.dirname(pattern)
        shards = [f for f in tree.files_in(parent) if fnmatch.fnmatchcase(f, pattern)]
        for shard in shards:
            sink.add(shard, Slot.LOCAL_PATH, evidence)
        if not shards:
            sink.add_unresolved(name, evidence)
        return
    if adapter or _is_path(name) or tree.locate(name, folder) is not None:
        sink.add(name, Slot.LOCAL_PATH, evidence)
        return
    if name.lower().startswith(_REGISTRY):
        name = name[len(_REGISTRY) :]
    sink.add(name, Slot.OLLAMA, evidence)


def _is_path(name: str) -> bool:
    return (
        name.startswith((".", "/", "~", "\\"))
        or bool(re.match(r"[A-Za-z]:[\\/]", name))
        or name.lower().endswith(WEIGHT_SUFFIXES)
    )


class ModelfileDetector:
    """Claims Ollama Modelfiles by name."""

    name = NAME
    trigger: re.Pattern[bytes] | None = TRIGGER

    def claims(self, path: str) -> bool:
        return is_modelfile(path)

    def detect(self, sink: Sink) -> None:
        text = sink.text()
        if text is None:
            return
        scan_modelfile(text, sink)


DETECTOR: Detector = ModelfileDetector()
