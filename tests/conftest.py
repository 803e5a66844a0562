"""Shared test helpers: write small trees of real files and run detectors on them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aibom.core.model import ModelRef
from aibom.discover.base import Detector, Sink, SourceFile, Tree

Files = dict[str, str | bytes]


def write_tree(root: Path, files: Files) -> None:
    """Create ``files`` (relative path -> text or bytes) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def run_detector(detector: Detector, root: Path, path: str, files: Files | None = None) -> Sink:
    """Run one detector on one file of a tree written from ``files``."""
    write_tree(root, files or {})
    names = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    dirs = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())
    data = (root / path).read_bytes()
    sink = Sink(SourceFile(path, data, Tree(root, names, dirs)), detector.name)
    detector.detect(sink)
    return sink


def names(refs: list[ModelRef]) -> set[str]:
    """``ecosystem:name`` for each reference (``api-service:provider/name`` for hosted models)."""
    return {
        f"{r.ecosystem}:{r.provider}/{r.name}"
        if r.ecosystem == "api-service"
        else f"{r.ecosystem}:{r.name}"
        for r in refs
    }


@pytest.fixture
def detect(tmp_path: Path) -> Callable[[Detector, str, str | bytes], Sink]:
    """``detect(detector, "file.py", content)``: run a detector on a one-file tree."""

    def run(detector: Detector, path: str, content: str | bytes) -> Sink:
        return run_detector(detector, tmp_path, path, {path: content})

    return run


# The corpus cases are fixtures (repositories to scan), not tests to collect.
collect_ignore_glob = ["corpus/cases/*"]
