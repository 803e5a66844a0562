"""The detector protocol and the per-file collector that every detector writes its sightings into."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from aibom.ids import Classified, LocalPath, Slot, classify
from aibom.model import (
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


@dataclass(frozen=True)
class Tree:
    """The scanned tree: its root and the set of files (relative, POSIX) the walk found."""

    root: Path
    files: frozenset[str]
    dirs: frozenset[str]

    def locate(self, path: str, base_dir: str) -> str | None:
        """The tree-relative path that ``path`` (as written in a file in ``base_dir``) names."""
        cleaned = path.replace("\\", "/")
        candidates = [posixpath.normpath(posixpath.join(base_dir, cleaned))]
        if not cleaned.startswith(("./", "../")):
            candidates.append(posixpath.normpath(cleaned.lstrip("/")))
        for candidate in candidates:
            if candidate in self.files or candidate in self.dirs:
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
    ) -> bool:
        """Classify ``value`` and record it; False when it is not a model identifier."""
        found = classify(value, slot, provider)
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
                evidence.path, evidence.line, evidence.column, evidence.snippet,
                evidence.detector, found.confidence,
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
        """A path: a weight file is always a reference; a folder only when the tree holds it."""
        located = self.source.tree.locate(found.path, self.source.directory)
        if located is None and not found.is_weight_file:
            return False  # a folder outside the tree: produced at run time or out of reach
        name = located or _clean_path(found.path)
        self.refs.append(ModelRef(value.strip(), name, Ecosystem.LOCAL_FILE, evidence, role=role))
        return True

    def add_unresolved(self, expression: str, evidence: Evidence) -> None:
        """A model argument that is not a constant: kept, with low confidence, never guessed."""
        low = Evidence(
            evidence.path, evidence.line, evidence.column, evidence.snippet, evidence.detector,
            Confidence.LOW,
        )
        self.unresolved.append(UnresolvedRef(expression, low))

    def skip(self, reason: str) -> None:
        self.skipped.append(Skipped(self.source.path, reason))


def _clean_path(path: str) -> str:
    cleaned = path.replace("\\", "/")
    return posixpath.normpath(cleaned) if not cleaned.startswith("~") else cleaned


class Detector(Protocol):
    """A plug-in that finds model references in the files it claims.

    ``claims`` decides by name alone (cheap, called for every file); ``trigger`` is searched in
    the raw bytes before ``detect`` parses anything, so most files cost one regex scan. A
    detector with no trigger parses every file it claims.
    """

    @property
    def name(self) -> str: ...

    @property
    def trigger(self) -> re.Pattern[bytes] | None: ...

    def claims(self, path: str) -> bool: ...

    def detect(self, sink: Sink) -> None: ...


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
