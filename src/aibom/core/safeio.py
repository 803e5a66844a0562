"""Open and read files from untrusted trees: regular files only, never blocking, always bounded.

A path in a scanned repository (or named on the command line) may be a FIFO, which blocks an
ordinary ``open`` until a writer comes; a device such as ``/dev/zero`` or ``/dev/urandom``, which
never ends; or a link out of the tree. Every open here is ``O_NONBLOCK`` (a FIFO opens at once and
is then refused), is checked with ``fstat`` on the descriptor actually opened (no race between a
check and the open), and every read has a byte limit.
"""

from __future__ import annotations

import errno
import io
import os
import stat

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class TooLarge(OSError):
    """A file over the byte limit of what reads it."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words a user understands."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def open_fd(path: str | os.PathLike[str], *, follow_links: bool = True) -> int:
    """A descriptor of ``path`` opened for reading; OSError unless it is a regular file.

    ``follow_links=False`` refuses a link (``O_NOFOLLOW``): for paths inside a scanned tree that
    the caller has not already checked to stay inside it.
    """
    try:
        fd = os.open(path, _FLAGS | (0 if follow_links else _NOFOLLOW))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise OSError(errno.ELOOP, "a symbolic link, not a regular file", str(path)) from None
        if exc.errno == errno.EISDIR:
            raise OSError(errno.EISDIR, "a folder, not a regular file", str(path)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"{kind_of(mode)}, not a regular file", str(path))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_in_tree(root: str, relative: str) -> tuple[int, os.stat_result]:
    """A descriptor and status of the regular file ``relative`` under ``root`` (a resolved
    folder path ending in ``/``).

    The last component is opened ``O_NOFOLLOW``: a link there is followed only when its target
    stays inside ``root``, so a tracked file replaced by a link to ``/dev/urandom`` or to a
    file elsewhere on the machine is refused, not read. FIFOs and devices are refused after a
    non-blocking open. Regular files never block, so the descriptor is left non-blocking.
    """
    path = root + relative
    try:
        fd = os.open(path, _FLAGS | _NOFOLLOW)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        target = os.path.realpath(path)
        if not target.startswith(root):
            raise OSError(errno.ELOOP, "a link out of the scanned tree", path) from None
        fd = os.open(target, _FLAGS | _NOFOLLOW)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, f"{kind_of(info.st_mode)}, not a regular file", path)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def open_regular(path: str | os.PathLike[str], *, follow_links: bool = True) -> io.FileIO:
    """:func:`open_fd` as an unbuffered binary file object."""
    return open(open_fd(path, follow_links=follow_links), "rb", buffering=0)


def open_buffered(path: str | os.PathLike[str], *, follow_links: bool = True) -> io.BufferedReader:
    """:func:`open_fd` as a buffered binary file object, for parsers that read small fields."""
    return io.BufferedReader(open_regular(path, follow_links=follow_links))


def read_bounded(
    path: str | os.PathLike[str], max_bytes: int, *, follow_links: bool = True
) -> bytes:
    """The whole file, or TooLarge when it holds more than ``max_bytes``."""
    with open_regular(path, follow_links=follow_links) as handle:
        data = read_up_to(handle, max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(errno.EFBIG, f"larger than {max_bytes} bytes", str(path))
    return data


def read_up_to(handle: io.FileIO, limit: int) -> bytes:
    """At most ``limit`` bytes, reading until the end or the limit (short reads continue)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def reason(exc: OSError) -> str:
    """The part of an OSError a user needs: ``a FIFO, not a regular file``, ``No such file``."""
    return str(exc.strerror or exc)
