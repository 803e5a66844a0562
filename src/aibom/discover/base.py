"""The detector protocol, and the per-file collector every detector writes its sightings into."""

from __future__ import annotations

import bisect
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from aibom.core.ids import Classified, LocalPath, Slot, classify, classify_hinted
from aibom.core.model import (
    Confidence,
    Ecosystem,
    Evidence,
    LocalModel,
    ModelRef,
    Role,
    Skipped,
    UnresolvedRef,
)

SNIPPET_MAX = 160
# A file naming more models than this is data, not code: the rest of it is not read, and -v
# says so. It bounds a detector's work on a hostile file, whatever the detector.
MAX_REFS_PER_FILE = 2000
# First folders of a relative path where projects keep the models they load (``models/X``):
# such a folder, absent from the tree, is a model the deployment provides, not an output.
MODEL_STORES = frozenset(
    "models model weights pretrained pretrained_models pretrained_weights base_models "
    "hf_models llms".split()
)


class Saturated(Exception):
    """Raised by a :class:`Sink` that holds :data:`MAX_REFS_PER_FILE` references."""


@dataclass(frozen=True)
class Tree:
    """The scanned tree: its root, and optionally the known set of its files (relative, POSIX).

    Without a file set, questions are answered from the filesystem, so that files can be
    scanned while the walk is still listing the rest of the tree.
    """

    root: Path
    files: frozenset[str] | None = None
    dirs: frozenset[str] | None = None

    def exists(self, path: str) -> bool:
        """Whether the tree-relative ``path`` is a file or folder inside the tree."""
        if path in ("", ".") or path.startswith("../") or path == "..":
            return False
        if self.files is not None:
            return path in self.files or path in (self.dirs or ())
        return os.path.lexists(os.path.join(self.root, path))

    def holds(self, path: str) -> bool:
        """Whether ``path`` (tree-relative), its links followed, is still inside the tree."""
        root = os.path.realpath(self.root)
        target = os.path.realpath(os.path.join(root, path))
        return target.startswith(root + os.sep)

    def files_in(self, folder: str) -> list[str]:
        """The tree-relative paths of the files directly in ``folder``, sorted."""
        if self.files is not None:
            return sorted(f for f in self.files if posixpath.dirname(f) == folder)
        try:
            entries = list(os.scandir(os.path.join(self.root, folder)))
        except OSError:
            return []
        return sorted(posixpath.join(folder, e.name) for e in entries if e.is_file())

    def locate(self, path: str, base_dir: str) -> str | None:
        """The tree-relative path that ``path`` (as written in a file in ``base_dir``) names."""
        cleaned = path.replace("\\", "/")
        candidates = [posixpath.normpath(posixpath.join(base_dir, cleaned))]
        if not cleaned.startswith(("./", "../")):
            candidates.append(posixpath.normpath(cleaned.lstrip("/")))
        for candidate in candidates:
            if self.exists(candidate):
                return candidate
        return None


@dataclass(frozen=True)
class SourceFile:
    """One file handed to a detector: its tree-relative path and its bytes (already bounded)."""

    path: str
    data: bytes
    tree: Tree

    @property
    def directory(self) -> str:
        return posixpath.dirname(self.path)

    def text(self) -> str:
        """The content as text; raises UnicodeDecodeError for files that are not UTF-8."""
        return self.data.decode("utf-8-sig")


@dataclass
class Sink:
    """Collects what detectors find in one file, turning candidate strings into references."""

    source: SourceFile
    detector: str
    refs: list[ModelRef] = field(default_factory=list)
    unresolved: list[UnresolvedRef] = field(default_factory=list)
    local_models: list[LocalModel] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def evidence(
        self, line: int, column: int, snippet: str, confidence: Confidence = Confidence.HIGH
    ) -> Evidence:
        if len(snippet) > 2 * SNIPPET_MAX:
            # A window around the column: a whole 100 KB line per reference would make a file
            # with many references on one line cost quadratic time.
            start = max(0, min(column - 1 - SNIPPET_MAX // 2, len(snippet) - 2 * SNIPPET_MAX))
            snippet = snippet[start : start + 2 * SNIPPET_MAX]
        snippet = " ".join(snippet.split())
        if len(snippet) > SNIPPET_MAX:
            snippet = snippet[: SNIPPET_MAX - 1] + "\u2026"
        return Evidence(self.source.path, line, column, snippet, self.detector, confidence)

    def add(
        self,
        value: str,
        slot: Slot,
        evidence: Evidence,
        *,
        revision: str | None = None,
        provider: str | None = None,
        role: Role = Role.DEPENDENCY,
        hint: str | None = None,
    ) -> bool:
        """Classify ``value`` and record it; False when it is not a model identifier.

        ``provider`` is who a client call talks to (it decides); ``hint`` is who a key or
        section name says serves the value (:func:`classify_hinted` weighs it).
        """
        if len(self.refs) >= MAX_REFS_PER_FILE:
            raise Saturated
        hinted = hint and provider is None and slot in (Slot.GENERIC, Slot.API)
        found = classify_hinted(value, hint) if hint and hinted else classify(value, slot, provider)
        if found is None and role is Role.OUTPUT and slot is Slot.GENERIC:
            found = classify(value, Slot.HF)  # a name the project gives what it produces
        if found is None:
            return False
        if isinstance(found, LocalPath):
            return self._add_local(value, found, evidence, role)
        self._add_classified(value, found, evidence, revision, role)
        return True

    def _add_classified(
        self, value: str, found: Classified, evidence: Evidence, revision: str | None, role: Role
    ) -> None:
        if found.confidence is not Confidence.HIGH and evidence.confidence is Confidence.HIGH:
            evidence = Evidence(
                evidence.path,
                evidence.line,
                evidence.column,
                evidence.snippet,
                evidence.detector,
                found.confidence,
            )
        self.refs.append(
            ModelRef(
                raw=value.strip(),
                name=found.name,
                ecosystem=found.ecosystem,
                evidence=evidence,
                revision=revision or found.revision,
                provider=found.provider,
                role=role,
            )
        )

    def _add_local(self, value: str, found: LocalPath, evidence: Evidence, role: Role) -> bool:
        """A path in the tree is a reference. Absent from it, a weight file or a folder in a
        model store (``models/Qwen2.5-7B``) is one the deployment provides; a path that leaves
        the tree (``../models/x.bin``, ``/mnt/x``) names nothing this scan can see."""
        located = self.source.tree.locate(found.path, self.source.directory)
        if located is None:
            cleaned = _clean_path(found.path)
            if cleaned.startswith(("/", "~", "../")) or re.match(r"[A-Za-z]:/", cleaned):
                return False
            if not found.is_weight_file and not _in_model_store(cleaned):
                return False  # a folder outside the tree: produced at run time or out of reach
        name = located or _clean_path(found.path)
        self.refs.append(ModelRef(value.strip(), name, Ecosystem.LOCAL_FILE, evidence, role=role))
        return True

    def add_unresolved(self, expression: str, evidence: Evidence) -> None:
        """A model argument that is not a constant: kept, with low confidence, never guessed."""
        low = Evidence(
            evidence.path,
            evidence.line,
            evidence.column,
            evidence.snippet,
            evidence.detector,
            Confidence.LOW,
        )
        self.unresolved.append(UnresolvedRef(expression, low))

    def skip(self, reason: str) -> None:
        self.skipped.append(Skipped(self.source.path, reason))

    def text(self) -> str | None:
        """The file as text, or None (noted as skipped) when it is not UTF-8."""
        try:
            return self.source.text()
        except UnicodeDecodeError:
            self.skip("not UTF-8")
            return None


def _in_model_store(path: str) -> bool:
    """``models/Llama-2-7b``: a folder in a model store, named like a model (a digit in it)."""
    parts = path.split("/")
    return (
        len(parts) >= 2 and parts[0].lower() in MODEL_STORES and any(c.isdigit() for c in parts[-1])
    )


def _clean_path(path: str) -> str:
    cleaned = path.replace("\\", "/")
    return posixpath.normpath(cleaned) if not cleaned.startswith("~") else cleaned


class Detector(Protocol):
    """A plug-in that finds model references in the files it claims.

    ``claims`` decides by the file's base name alone (cheap: called once per distinct name).
    ``trigger`` is searched in the file's bytes, ASCII-lower-cased once for all detectors, before
    ``detect`` parses anything, so most files cost one regex scan: write it in lower case and
    without ``(?i)``, which makes ``re`` several times slower. A detector with no trigger parses
    every file it claims.
    """

    @property
    def name(self) -> str: ...

    @property
    def trigger(self) -> re.Pattern[bytes] | None: ...

    def claims(self, name: str) -> bool: ...

    def detect(self, sink: Sink) -> None: ...


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (for one lookup; many use :class:`Lines`)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class Lines:
    """Line and column of many offsets in one text: its newlines found once, then searched.

    Counting newlines from the start for each of many values costs quadratic time.
    """

    def __init__(self, text: str) -> None:
        self._newlines = [match.start() for match in re.finditer("\n", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1
