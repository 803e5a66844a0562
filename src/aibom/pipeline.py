"""The whole scan as one function: discover, then (as later stages land) resolve, license, evaluate.

Each stage takes and returns plain data; the CLI only parses arguments and renders the report.
"""

from __future__ import annotations

from pathlib import Path

from aibom import licenses
from aibom.components import build_components, mentions_of, outputs_of
from aibom.discover.engine import DEFAULT_MAX_FILE_BYTES, Progress, find_refs
from aibom.model import Report


def scan(
    root: Path,
    *,
    include_docs: bool = False,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    progress: Progress | None = None,
) -> Report:
    """Scan the tree at ``root`` and return its report (discover, then the license stage)."""
    root = Path(root)
    discovery = find_refs(
        root, include_docs=include_docs, max_file_bytes=max_file_bytes, progress=progress
    )
    return Report(
        project=root.resolve().name or str(root),
        root=str(root),
        components=licenses.apply(build_components(discovery)),
        outputs=outputs_of(discovery),
        mentions=mentions_of(discovery),
        unresolved=tuple(sorted(discovery.unresolved, key=lambda u: u.evidence)),
        skipped=discovery.skipped,
        stats=discovery.stats,
    )
