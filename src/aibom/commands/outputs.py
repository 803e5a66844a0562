"""Write outputs so that a failed run changes nothing, and only regular files are ever replaced.

Every output is rendered and encoded before the first byte is written; then each regular file is
written to a temporary file beside it, and only when all of them (and any in-place outputs) are
written are the temporary files renamed over their targets. A reader sees the old files or all
the new ones.

Renaming is for regular files only. Renaming over ``/dev/null`` as root replaces the device with
a file; so a path naming a character device or FIFO (``/dev/stdout``, ``/dev/null``, a pipe) is
written in place, and a folder, block device or socket is refused. A path the user did not name
(``aibom.lock`` inside a scanned repository) must be a regular file or absent: a hostile link
there is never followed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from aibom.core.errors import AibomError, OutputError
from aibom.core.safeio import kind_of


class TargetKind(Enum):
    """How an output reaches its path."""

    REPLACE = "replace"  # a regular file, or none yet: temp file and rename
    IN_PLACE = "in-place"  # a character device or FIFO: opened and written, never replaced


@dataclass(frozen=True)
class Target:
    """Where one output goes: the path as given, the file written, and how."""

    path: Path
    real: Path
    kind: TargetKind
    identity: tuple[int, int] | None  # (device, inode) of an existing target


def check_target(path: Path, *, follow_links: bool = True) -> Target:
    """Check before the scan that ``path`` can take an output; OutputError saying why not.

    ``follow_links``: a link the user named (``/dev/stdout`` is one) is followed to what it
    names; a link in a scanned tree is not, and stops the write.
    """
    try:
        info = path.stat() if follow_links else path.lstat()
    except FileNotFoundError:
        if os.path.lexists(path):
            raise OutputError(f"{path}: cannot write: a link to nothing") from None
        _check_folder(path, path)
        return Target(path, path, TargetKind.REPLACE, None)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    identity = (info.st_dev, info.st_ino)
    mode = info.st_mode
    if stat.S_ISREG(mode):
        real = Path(os.path.realpath(path)) if follow_links else path
        _check_folder(path, real)
        return Target(path, real, TargetKind.REPLACE, identity)
    if follow_links and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        return Target(path, path, TargetKind.IN_PLACE, identity)
    raise OutputError(f"{path}: cannot write: it is {kind_of(mode)}, not a regular file")


def check_distinct(targets: Sequence[Target]) -> None:
    """Two outputs naming the same file would lose one of them: a usage error."""
    seen: dict[object, Path] = {}
    for target in targets:
        if target.kind is not TargetKind.REPLACE:
            continue  # a device or pipe takes each output in turn; nothing is replaced
        key: object = target.identity or Path.cwd() / target.real
        if key in seen:
            raise AibomError(f"{target.path}: named by two outputs (also as {seen[key]})")
        seen[key] = target.path


def write_outputs(outputs: Sequence[tuple[Target, str]]) -> None:
    """Write every output, or none: see the module docstring for the order."""
    encoded = [(target, _encode(target, text)) for target, text in outputs]
    staged: list[tuple[str, Target]] = []
    try:
        for target, data in encoded:
            if target.kind is TargetKind.REPLACE:
                staged.append((_stage(target, data), target))
        for target, data in encoded:
            if target.kind is TargetKind.IN_PLACE:
                _write_in_place(target, data)
        # The renames are the commit: Ctrl-C or SIGTERM waits until all are done.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            for temp, target in staged:
                os.replace(temp, target.real)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    except OSError as exc:
        failed = getattr(exc, "aibom_target", None) or (staged[-1][1].path if staged else "")
        raise OutputError(f"{failed}: cannot write: {exc.strerror or exc}") from None
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def write_atomic(path: Path, text: str, *, follow_links: bool = True) -> None:
    """Write one output: ``path`` shows the old content or the whole new one."""
    write_outputs([(check_target(path, follow_links=follow_links), text)])


def check_writable(path: Path) -> Target:
    """Fail before the scan when an output can clearly not be written (see :func:`check_target`)."""
    target = check_target(path)
    if target.kind is TargetKind.REPLACE:
        directory = target.real.parent
        if not os.access(directory, os.W_OK):
            raise OutputError(f"{path}: cannot write: folder {directory} is not writable")
    return target


def _encode(target: Target, text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a renderer let an undecodable file name through
        raise RuntimeError(f"{target.path}: output is not valid UTF-8: {exc}") from exc


def _stage(target: Target, data: bytes) -> str:
    """A temporary file beside the target holding ``data``, with the target's mode."""
    try:
        fd, temp = tempfile.mkstemp(
            prefix=f".{target.real.name}.", suffix=".tmp", dir=target.real.parent
        )
    except OSError as exc:
        exc.aibom_target = target.path  # type: ignore[attr-defined]
        raise
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(_mode_for(target.real))  # mkstemp makes 0600; outputs are ordinary files
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        exc.aibom_target = target.path  # type: ignore[attr-defined]
        raise
    return temp


def _write_in_place(target: Target, data: bytes) -> None:
    """Write to a device or FIFO without creating, truncating or blocking on it."""
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(target.real, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO nobody reads: writing would block for ever
            exc.strerror = "a FIFO with no reader"
        exc.aibom_target = target.path  # type: ignore[attr-defined]
        raise
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != target.identity:
            raise OSError(errno.ESTALE, "it changed since it was checked")
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        exc.aibom_target = target.path  # type: ignore[attr-defined]
        raise
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    """The file's current mode when it exists, else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _check_folder(path: Path, real: Path) -> None:
    directory = real.parent
    if not directory.is_dir():
        shown = path.parent if str(path.parent) else Path()
        raise OutputError(f"{path}: cannot write: folder {shown} does not exist")
