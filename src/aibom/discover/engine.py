"""Run the detectors over a tree: read each claimed file once, filter on bytes, then parse.

Speed comes from doing little per file: a file no detector claims is never opened; a claimed
file is read once, bounded, and handed only to detectors whose byte trigger matches it.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from aibom.core.ids import WEIGHT_SUFFIXES
from aibom.core.model import (
    Discovery,
    LocalModel,
    ModelRef,
    Progress,
    ScanStats,
    Skipped,
    UnresolvedRef,
)
from aibom.core.safeio import open_in_tree
from aibom.discover.base import MAX_REFS_PER_FILE, Detector, Saturated, Sink, SourceFile, Tree
from aibom.discover.localmodels import merge_local_models
from aibom.discover.registry import DETECTORS
from aibom.discover.walk import given_files, iter_files

DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024
_CHUNK = 256
_DIGITS = re.compile(r"\d+")
_PARALLEL_THRESHOLD = 2048  # files: below this, starting worker processes costs more than it saves
_BINARY_PROBE = 8192
_CLAIM_CACHE = 4096  # file-name shapes whose claiming detectors are remembered
DOCS_DETECTOR = "docs"
_Job = tuple[str, tuple[str, ...]]  # a file and the names of the detectors that claim it


def find_refs(
    root: Path,
    *,
    include_docs: bool = False,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Discovery:
    """Every model reference in the tree at ``root`` (or in the ``only`` files of it).

    Files are scanned while the walk is still listing the tree, on several processes when
    the tree is large: reading and parsing is CPU work and the GIL would serialise threads.
    """
    tree = Tree(root)
    # Given files (a pre-commit hook's), the tree is not walked: each is checked on its own.
    unread: list[Skipped] = []
    paths = iter_files(root, unread) if only is None else given_files(root, only)
    counter = _Counter(paths)
    jobs = _claim(counter, include_docs)
    collected = _run(tree, jobs, max_file_bytes, progress, workers)
    collected.skipped.extend(unread)
    return Discovery(
        refs=tuple(collected.refs),
        local_models=merge_local_models(collected.local_models),
        unresolved=tuple(collected.unresolved),
        skipped=tuple(sorted(collected.skipped, key=lambda s: s.path)),
        stats=ScanStats(
            files_seen=counter.count,
            files_read=collected.files_read,
            bytes_read=collected.bytes_read,
            per_detector=tuple(sorted(collected.per_detector.items())),
        ),
    )


class _Counter:
    """Counts the paths that pass through it."""

    def __init__(self, paths: Iterable[str]) -> None:
        self._paths = iter(paths)
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for path in self._paths:
            self.count += 1
            yield path


def _claim(paths: Iterable[str], include_docs: bool) -> Iterator[_Job]:
    """Pair each file with the detectors that claim it by name; unclaimed files drop out."""
    detectors = [(n, d) for n, d in DETECTORS.items() if include_docs or n != DOCS_DETECTOR]
    by_name: dict[str, tuple[str, ...]] = {}
    for path in paths:
        base = path[path.rfind("/") + 1 :]
        shape = _DIGITS.sub("0", base)  # m1.py and m2.py are claimed alike
        claiming = by_name.get(shape)
        if claiming is None:
            if len(by_name) >= _CLAIM_CACHE:  # a tree of unique names must not grow memory
                by_name.clear()
            claiming = by_name[shape] = tuple(n for n, d in detectors if d.claims(base))
        if claiming:
            yield path, claiming


def _chunks(jobs: Iterable[_Job]) -> Iterator[list[_Job]]:
    chunk: list[_Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run(
    tree: Tree,
    jobs: Iterable[_Job],
    max_bytes: int,
    progress: Progress | None,
    workers: int | None,
) -> _Collected:
    """Scan the jobs; a large tree goes to a pool of processes fed as the walk proceeds."""
    chunks = _chunks(jobs)
    head = list(itertools.islice(chunks, _PARALLEL_THRESHOLD // _CHUNK))
    small = len(head) < _PARALLEL_THRESHOLD // _CHUNK
    count = 1 if small else workers if workers is not None else _default_workers()
    collected = _Collected()
    done = 0
    if count <= 1:
        for chunk in itertools.chain(head, chunks):
            collected.merge(_scan_chunk(tree, chunk, max_bytes))
            done += len(chunk)
            if progress is not None:
                progress(done)
        return collected
    import multiprocessing  # only a large tree is scanned on several processes

    context = multiprocessing.get_context("fork")
    with context.Pool(count, initializer=_init_worker, initargs=(tree, max_bytes)) as pool:
        for part in pool.imap(_scan_chunk_in_worker, itertools.chain(head, chunks)):
            collected.merge(part)
            done += part.jobs
            if progress is not None:
                progress(done)
    return collected


def _default_workers() -> int:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 8)


_worker_state: list[tuple[Tree, int]] = []  # set once in each worker process


def _init_worker(tree: Tree, max_bytes: int) -> None:
    # Ctrl-C and SIGTERM are the parent's to handle (exit 130, 143); workers are ended with
    # the pool, quietly: the parent's SIGTERM handler, inherited by fork, would raise here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker_state[:] = [(tree, max_bytes)]


def _scan_chunk_in_worker(jobs: list[_Job]) -> _Collected:
    ((tree, max_bytes),) = _worker_state
    return _scan_chunk(tree, jobs, max_bytes)


def _scan_chunk(tree: Tree, jobs: list[_Job], max_bytes: int) -> _Collected:
    collected = _Collected()
    collected.jobs = len(jobs)
    root = os.path.realpath(tree.root) + "/"  # resolved: links are checked against it
    for path, names in jobs:
        _scan_file(tree, root, path, [DETECTORS[n] for n in names], max_bytes, collected)
    return collected


class _Collected:
    def __init__(self) -> None:
        self.refs: list[ModelRef] = []
        self.unresolved: list[UnresolvedRef] = []
        self.local_models: list[LocalModel] = []
        self.skipped: list[Skipped] = []
        self.per_detector: Counter[str] = Counter()
        self.files_read = 0
        self.bytes_read = 0
        self.jobs = 0

    def merge(self, other: _Collected) -> None:
        self.refs.extend(other.refs)
        self.unresolved.extend(other.unresolved)
        self.local_models.extend(other.local_models)
        self.skipped.extend(other.skipped)
        self.per_detector.update(other.per_detector)
        self.files_read += other.files_read
        self.bytes_read += other.bytes_read

    def absorb(self, sink: Sink) -> None:
        self.refs.extend(sink.refs)
        self.unresolved.extend(sink.unresolved)
        self.local_models.extend(sink.local_models)
        self.skipped.extend(sink.skipped)
        self.per_detector[sink.detector] += len(sink.refs)


def _scan_file(
    tree: Tree,
    root: str,
    path: str,
    claiming: list[Detector],
    max_bytes: int,
    collected: _Collected,
) -> None:
    data = b""
    if not path.lower().endswith(WEIGHT_SUFFIXES):  # weights: detectors read only the header
        read = _read(root, path, max_bytes)
        if read is None:
            return  # tracked by git but deleted from the work tree: nothing to scan
        if isinstance(read, str):
            collected.skipped.append(Skipped(path, read))
            return
        data = read
        collected.files_read += 1
        collected.bytes_read += len(data)
    folded = data.lower()  # triggers are written in lower case: one fold serves them all
    source: SourceFile | None = None
    for detector in claiming:
        if data and detector.trigger is not None and not detector.trigger.search(folded):
            continue
        source = source or SourceFile(path, data, tree)
        sink = Sink(source, detector.name)
        try:
            detector.detect(sink)
        except RecursionError:
            sink.skip(f"too deeply nested for the {detector.name} detector")
        except Saturated:
            sink.skip(
                f"names more than {MAX_REFS_PER_FILE} models: the rest was not read "
                f"by the {detector.name} detector"
            )
        collected.absorb(sink)


def _read(root: str, path: str, max_bytes: int) -> bytes | str | None:
    """The file's bytes, the reason it was not read, or None when it no longer exists.

    ``os.read`` of the file's own size: a buffered ``read(max_bytes)`` would allocate the
    whole cap for every small file, which dominated the scan of large trees.
    """
    try:
        # Regular files only, non-blocking, no link out of the tree: whatever the index says.
        fd, info = open_in_tree(root, path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"not read: {exc.strerror or exc}"
    try:
        size = info.st_size
        if size > max_bytes:
            return f"larger than {max_bytes} bytes"
        data = os.read(fd, size + 1)
        if len(data) > size:  # grew while we read: read what the cap allows
            data += os.read(fd, max_bytes - len(data) + 1)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        return f"larger than {max_bytes} bytes"
    if b"\0" in data[:_BINARY_PROBE]:
        return "binary"
    return data
