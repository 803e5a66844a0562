"""Run the detectors over a tree: read each claimed file once, filter on bytes, then parse.

Speed comes from doing little per file: a file no detector claims is never opened; a claimed
file is read once, bounded, and handed only to detectors whose byte trigger matches it.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from aibom.discover.base import Detector, Sink, SourceFile, Tree
from aibom.discover.localmodels import merge_local_models
from aibom.discover.registry import DETECTORS
from aibom.discover.walk import list_files
from aibom.ids import WEIGHT_SUFFIXES
from aibom.model import Discovery, LocalModel, ModelRef, ScanStats, Skipped, UnresolvedRef

DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024
_BINARY_PROBE = 8192
DOCS_DETECTOR = "docs"
Progress = Callable[[int, int], None]


def find_refs(
    root: Path,
    *,
    include_docs: bool = False,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> Discovery:
    """Every model reference in the tree at ``root`` (or in the ``only`` files of it)."""
    files = list_files(root)
    tree = Tree(root, frozenset(files), _folders(files))
    selected = files if only is None else sorted(set(only) & tree.files)
    detectors = [d for name, d in DETECTORS.items() if include_docs or name != DOCS_DETECTOR]
    collected = _Collected()
    for index, path in enumerate(selected):
        claiming = [d for d in detectors if d.claims(path)]
        if claiming:
            _scan_file(tree, path, claiming, max_file_bytes, collected)
        if progress is not None and index % 500 == 0:
            progress(index, len(selected))
    return Discovery(
        refs=tuple(collected.refs),
        local_models=merge_local_models(collected.local_models),
        unresolved=tuple(collected.unresolved),
        skipped=tuple(sorted(collected.skipped, key=lambda s: s.path)),
        stats=ScanStats(
            files_seen=len(selected),
            files_read=collected.files_read,
            bytes_read=collected.bytes_read,
            per_detector=tuple(sorted(collected.per_detector.items())),
        ),
    )


class _Collected:
    def __init__(self) -> None:
        self.refs: list[ModelRef] = []
        self.unresolved: list[UnresolvedRef] = []
        self.local_models: list[LocalModel] = []
        self.skipped: list[Skipped] = []
        self.per_detector: Counter[str] = Counter()
        self.files_read = 0
        self.bytes_read = 0

    def absorb(self, sink: Sink) -> None:
        self.refs.extend(sink.refs)
        self.unresolved.extend(sink.unresolved)
        self.local_models.extend(sink.local_models)
        self.skipped.extend(sink.skipped)
        self.per_detector[sink.detector] += len(sink.refs)


def _folders(files: list[str]) -> frozenset[str]:
    folders: set[str] = set()
    for path in files:
        parent = posixpath.dirname(path)
        while parent and parent not in folders:
            folders.add(parent)
            parent = posixpath.dirname(parent)
    return frozenset(folders)


def _scan_file(
    tree: Tree, path: str, claiming: list[Detector], max_bytes: int, collected: _Collected
) -> None:
    data = b""
    if not path.lower().endswith(WEIGHT_SUFFIXES):  # weights: detectors read only the header
        read = _read(tree.root / path, max_bytes)
        if isinstance(read, str):
            collected.skipped.append(Skipped(path, read))
            return
        data = read
        collected.files_read += 1
        collected.bytes_read += len(data)
    source = SourceFile(path, data, tree)
    for detector in claiming:
        if data and detector.trigger is not None and not detector.trigger.search(data):
            continue
        sink = Sink(source, detector.name)
        try:
            detector.detect(sink)
        except RecursionError:
            sink.skip(f"too deeply nested for the {detector.name} detector")
        collected.absorb(sink)


def _read(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or the reason it was not read."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if len(data) > max_bytes:
        return f"larger than {max_bytes} bytes"
    if b"\0" in data[:_BINARY_PROBE]:
        return "binary"
    return data
