"""Where aibom keeps what it can recompute: file hashes, the parsed license database."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$AIBOM_CACHE_DIR``, else ``$XDG_CACHE_HOME/aibom``, else ``~/.cache/aibom``."""
    if directory := os.environ.get("AIBOM_CACHE_DIR"):
        return Path(directory)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "aibom"
    return Path.home() / ".cache" / "aibom"
