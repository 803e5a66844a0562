"""Write outputs atomically: render everything first, then rename temp files into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from aibom.errors import OutputError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the whole new one."""
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise OutputError(f"{path}: cannot write: folder {directory} does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        Path(temp).chmod(_mode_for(path))  # mkstemp makes 0600; an output is an ordinary file
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _mode_for(path: Path) -> int:
    """The file's current mode when it exists, else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_writable(path: Path) -> None:
    """Fail before the scan when an output can clearly not be written."""
    directory = path.parent if str(path.parent) else Path()
    if path.is_dir():
        raise OutputError(f"{path}: cannot write: it is a folder")
    if not directory.is_dir():
        raise OutputError(f"{path}: cannot write: folder {directory} does not exist")
    if not os.access(directory, os.W_OK):
        raise OutputError(f"{path}: cannot write: folder {directory} is not writable")
