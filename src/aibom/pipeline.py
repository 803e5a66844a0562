"""The whole scan as one function: discover, then (as later stages land) resolve, license, evaluate.

Each stage takes and returns plain data; the CLI only parses arguments and renders the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aibom import licenses
from aibom.core.model import Report
from aibom.discover.components import build_components, mentions_of, outputs_of
from aibom.discover.engine import DEFAULT_MAX_FILE_BYTES, Progress, find_refs
from aibom.resolve import lockfile
from aibom.resolve.stage import ResolveOptions, lock_problems, resolve


def scan(
    root: Path,
    *,
    include_docs: bool = False,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    progress: Progress | None = None,
    resolve_options: ResolveOptions | None = None,
    locked: bool = False,
    only: Iterable[str] | None = None,
) -> Report:
    """Scan the tree at ``root``: discover, resolve (pin), license; the report of it all.

    ``locked``: compare every reference with ``aibom.lock`` and list what is missing or drifted.
    """
    root = Path(root)
    discovery = find_refs(
        root,
        include_docs=include_docs,
        max_file_bytes=max_file_bytes,
        progress=progress,
        only=only,
    )
    options = resolve_options or ResolveOptions()
    if options.lock is None:
        options.lock = lockfile.read(root / lockfile.LOCK_NAME)
    components = resolve(build_components(discovery), root, options)
    return Report(
        project=root.resolve().name or str(root),
        root=str(root),
        components=licenses.apply(components),
        outputs=outputs_of(discovery),
        mentions=mentions_of(discovery),
        unresolved=tuple(sorted(discovery.unresolved, key=lambda u: u.evidence)),
        skipped=discovery.skipped,
        stats=discovery.stats,
        lock_problems=tuple(lock_problems(components, options.lock)) if locked else (),
        hub_calls=options.hub_calls.value,
    )
