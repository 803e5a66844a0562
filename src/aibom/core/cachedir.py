"""Where aibom keeps what it can recompute: file hashes, the parsed license database."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path


def cache_dir() -> Path:
    """``$AIBOM_CACHE_DIR``, else ``$XDG_CACHE_HOME/aibom``, else ``~/.cache/aibom``."""
    if directory := os.environ.get("AIBOM_CACHE_DIR"):
        return Path(directory)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "aibom"
    return Path.home() / ".cache" / "aibom"


def derived_json(kind: str, sources: Sequence[Path], build: Callable[[], object]) -> object:
    """``build()``, or what it returned the last time the ``sources`` were as they are now.

    For data derived from shipped files (a parsed YAML table): the result is kept as JSON in
    the cache folder under a key of the sources' paths, sizes and modification times. A cache
    that cannot be read or written only costs the time of building again.
    """
    state = hashlib.sha256(kind.encode())
    try:
        for source in sources:
            status = source.stat()
            state.update(f"{source.resolve()}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    except OSError:
        return build()
    target = cache_dir() / f"{kind}-{state.hexdigest()[:32]}.json"
    with contextlib.suppress(OSError, ValueError):
        return json.loads(target.read_text(encoding="utf-8"))
    # Dates (a YAML ``2024-07-23``) become text: the value is the same on every later run.
    text = json.dumps(build(), default=str)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)
    return json.loads(text)
