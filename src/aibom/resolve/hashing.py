"""Streamed sha256 of local files, and a persistent cache that makes unchanged files free."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from aibom.core.cachedir import cache_dir
from aibom.core.model import Messages
from aibom.core.safeio import open_regular, read_up_to

# 1 MiB reads into one reusable buffer: measured fastest on a 2 GiB file (64 KiB to 16 MiB tried;
# see benchmarks/hash_vs_sha256sum.py). hashlib releases the GIL while it hashes a buffer this big.
CHUNK = 1 << 20
PROGRESS_MIN = 256 << 20  # files at least this big report progress
PROGRESS_STEP = 256 << 20  # ...every this many bytes
MAX_ENTRIES = 100_000
MAX_CACHE_BYTES = 64 << 20
CACHE_VERSION = 1
# A file modified this close to when it was hashed may change again within the same mtime tick
# without its mtime moving (coarse timestamps; git calls this "racy clean"): not cached.
RACY_NS = 2_000_000_000
_MiB = 1 << 20
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class Digest(NamedTuple):
    """A file's size and the sha256 of its content (hex)."""

    size: int
    sha256: str


def sha256_file(path: Path, *, progress: Messages | None = None, label: str | None = None) -> str:
    """The hex sha256 of the file at ``path``, read in fixed chunks (memory does not grow)."""
    return _digest(path, progress, label or str(path))[0].sha256


def _digest(path: Path, progress: Messages | None, label: str) -> tuple[Digest, os.stat_result]:
    """The digest and the file's status when it was opened; OSError when the file is not a regular
    file or changed while it was read (the hash would be of no version of it)."""
    with open_regular(path) as file:
        before = os.fstat(file.fileno())
        sha = hashlib.sha256()
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        total = before.st_size
        report = progress if progress is not None and total >= PROGRESS_MIN else None
        done, reported = 0, -PROGRESS_STEP
        while count := file.readinto(buffer):
            sha.update(view[:count])
            done += count
            if report is not None and done - reported >= PROGRESS_STEP:
                report(f"hashing {label}: {done // _MiB} of {total // _MiB} MiB")
                reported = done
        if report is not None and reported != done:
            report(f"hashing {label}: {done // _MiB} of {total // _MiB} MiB")
        after = os.fstat(file.fileno())
    if _key(after) != _key(before) or done != before.st_size:
        raise OSError(errno.EAGAIN, "changed while being hashed", str(path))
    return Digest(done, sha.hexdigest()), before


def _key(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_size, status.st_mtime_ns, status.st_ino)


def default_cache_path() -> Path:
    """``$AIBOM_CACHE_DIR/hashes.json``, else under ``$XDG_CACHE_HOME/aibom``, else ``~/.cache``."""
    return cache_dir() / "hashes.json"


class HashCache:
    """Resolved path -> sha256, valid while size, mtime_ns and inode are unchanged.

    Loaded on first use; ``save()`` writes it atomically, only when something changed. Entries
    are kept in the order they were hashed and the oldest go first beyond ``max_entries``. A
    corrupt or unreadable cache is an empty one; an unwritable one is simply not persisted.
    """

    def __init__(self, path: Path | None = None, *, max_entries: int = MAX_ENTRIES) -> None:
        self.path = path if path is not None else default_cache_path()
        self.max_entries = max_entries
        # Raw JSON values, checked when looked up: loading a full cache stays one json.loads.
        self._entries: dict[str, object] | None = None
        self._dirty = False

    def sha256(self, path: Path, progress: Messages | None = None, label: str | None = None) -> str:
        """The sha256 of ``path``, from the cache when the file is unchanged."""
        return self.digest(path, progress, label).sha256

    def digest(
        self, path: Path, progress: Messages | None = None, label: str | None = None
    ) -> Digest:
        """Size and sha256 of ``path``; OSError when it is missing, unreadable or not a file."""
        try:
            real = path.resolve()
        except RuntimeError as exc:  # Python 3.11 reports a symlink loop this way
            raise OSError(errno.ELOOP, "symbolic link loop", str(path)) from exc
        status = real.stat()
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        entries = self._load()
        key = str(real)
        entry = _entry(entries.get(key))
        if entry is not None and entry[:3] == _key(status):
            return Digest(status.st_size, entry[3])
        started = time.time_ns()
        digest, opened = _digest(real, progress, label or str(path))
        if opened.st_mtime_ns < started - RACY_NS:
            entries.pop(key, None)  # re-inserted last: the order is the age
            entries[key] = [*_key(opened), digest.sha256]
            self._dirty = True
            if digest.size >= PROGRESS_MIN:
                self.save()  # minutes of hashing are worth a write now, not only at the end
        return digest

    def save(self) -> None:
        """Write the cache (temp file, then rename) if it changed; never raises for I/O."""
        if not self._dirty or self._entries is None:
            return
        valid = {key: value for key, value in self._entries.items() if _entry(value)}
        items = list(valid.items())
        kept = dict(items[max(0, len(items) - self.max_entries) :])  # the newest
        self._entries = kept
        data = json.dumps({"version": CACHE_VERSION, "entries": kept}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".hashes-", suffix=".tmp", dir=self.path.parent)
            try:
                with open(fd, "wb") as out:
                    out.write(data.encode())
                os.replace(temp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            pass  # a cache that cannot be written only costs time on the next scan
        self._dirty = False

    def __enter__(self) -> HashCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.save()

    def _load(self) -> dict[str, object]:
        if self._entries is None:
            self._entries = _read(self.path)
        return self._entries


def _read(path: Path) -> dict[str, object]:
    """The entries of the cache file; empty when it is missing, unreadable or malformed."""
    try:
        with open_regular(path) as file:
            data = read_up_to(file, MAX_CACHE_BYTES + 1)
        document = json.loads(data) if len(data) <= MAX_CACHE_BYTES else None
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(document, dict) or document.get("version") != CACHE_VERSION:
        return {}
    entries = document.get("entries")
    return entries if isinstance(entries, dict) else {}


def _entry(value: object) -> tuple[int, int, int, str] | None:
    """Size, mtime_ns, inode and sha256 of a well-formed entry."""
    if not (isinstance(value, list) and len(value) == 4):
        return None
    size, mtime, inode, sha = value
    if type(size) is int and type(mtime) is int and type(inode) is int and isinstance(sha, str):
        return (size, mtime, inode, sha) if _SHA256_HEX.fullmatch(sha) else None
    return None
