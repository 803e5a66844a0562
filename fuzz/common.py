"""What every fuzz target shares: a detector run on bytes, and the invariants of its result."""

from __future__ import annotations

import contextlib
from pathlib import Path

from aibom.discover.base import Saturated, Sink, SourceFile, Tree

TREE = Tree(Path("/nonexistent-aibom-fuzz-tree"), frozenset(), frozenset())


def run_detector(detector: object, path: str, data: bytes) -> Sink:
    """Run ``detector`` on ``data`` as the engine would; check what it reports."""
    sink = Sink(SourceFile(path, data, TREE), detector.name)  # type: ignore[attr-defined]
    with contextlib.suppress(Saturated, RecursionError):  # the engine notes both
        detector.detect(sink)  # type: ignore[attr-defined]
    check(sink)
    return sink


def check(sink: Sink) -> None:
    """Every piece of evidence points inside the file; every name is a non-empty string."""
    text = sink.source.data.decode("utf-8", "replace")
    lines = max(1, text.count("\n") + 1, len(text.splitlines()) + 1)
    for ref in sink.refs:
        expect(1 <= ref.evidence.line <= lines, ref)
        expect(ref.evidence.column >= 1, ref)
        expect(bool(ref.name) and isinstance(ref.name, str), ref)
    for note in sink.skipped:
        expect(bool(note.reason), note)


def expect(holds: bool, what: object) -> None:
    """Fail the input (the fuzzer saves it) when an invariant does not hold."""
    if not holds:
        raise AssertionError(what)
