"""Streamed sha256 and the hash cache, on real files in temp dirs."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from aibom.resolve import hashing
from aibom.resolve.hashing import CHUNK, HashCache, default_cache_path, sha256_file

OLD_NS = 1_600_000_000 * 10**9  # a mtime well outside the "racy" window


def write_old(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, ns=(OLD_NS, OLD_NS))
    return path


def overwrite_in_place(path: Path, data: bytes) -> None:
    """New bytes in the same inode, with size and mtime restored: only a read can tell."""
    before = path.stat()
    assert len(data) == before.st_size
    with open(path, "r+b") as file:
        file.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- sha256_file ---------------------------------------------------------------------------------


def test_file_larger_than_the_buffer_matches_hashlib_and_sha256sum(tmp_path: Path) -> None:
    data = os.urandom(3 * CHUNK + 12_345)
    path = tmp_path / "weights.bin"
    path.write_bytes(data)
    assert sha256_file(path) == sha(data)
    tool = shutil.which("sha256sum")
    if tool is None:
        pytest.skip("sha256sum is not installed")
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
    assert sha256_file(path) == out.split()[0]


def test_a_file_of_exactly_one_buffer_and_an_empty_file(tmp_path: Path) -> None:
    exact = tmp_path / "exact.bin"
    exact.write_bytes(b"\x5a" * CHUNK)
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    assert sha256_file(exact) == sha(b"\x5a" * CHUNK)
    assert sha256_file(empty) == sha(b"")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "model.gguf"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        sha256_file(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        HashCache(tmp_path / "cache" / "hashes.json").sha256(fifo)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="not a regular file"):
        sha256_file(tmp_path)
    with pytest.raises(OSError, match="not a regular file"):
        HashCache(tmp_path / "cache" / "hashes.json").sha256(tmp_path)


def test_progress_for_big_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hashing, "PROGRESS_MIN", 2 * CHUNK)
    monkeypatch.setattr(hashing, "PROGRESS_STEP", 3 * CHUNK)
    big = tmp_path / "big.bin"
    big.write_bytes(b"\1" * (5 * CHUNK))
    small = tmp_path / "small.bin"
    small.write_bytes(b"\1" * CHUNK)
    seen: list[str] = []
    sha256_file(big, progress=seen.append, label="models/big.bin")
    sha256_file(small, progress=seen.append)
    assert seen == [
        "hashing models/big.bin: 1 of 5 MiB",
        "hashing models/big.bin: 4 of 5 MiB",
        "hashing models/big.bin: 5 of 5 MiB",  # the end is always reported
    ]


def test_a_file_that_grows_while_hashed_gives_no_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hashing, "PROGRESS_MIN", 0)
    path = tmp_path / "growing.bin"
    path.write_bytes(b"\0" * (3 * CHUNK))

    def append(_: str) -> None:
        with open(path, "ab") as file:
            file.write(b"more")

    with pytest.raises(OSError, match="changed while being hashed") as caught:
        sha256_file(path, progress=append)
    assert caught.value.errno == errno.EAGAIN


# --- HashCache: hits, misses -------------------------------------------------------------------


def test_a_hit_does_not_read_the_file(tmp_path: Path) -> None:
    path = write_old(tmp_path / "model.safetensors", b"A" * (CHUNK + 7))
    cache = HashCache(tmp_path / "cache" / "hashes.json")
    first = cache.sha256(path)
    assert first == sha(b"A" * (CHUNK + 7))
    overwrite_in_place(path, b"B" * (CHUNK + 7))
    assert cache.sha256(path) == first  # same size, mtime and inode: the file was not read
    assert sha256_file(path) == sha(b"B" * (CHUNK + 7))


def test_a_new_inode_misses(tmp_path: Path) -> None:
    path = write_old(tmp_path / "model.bin", b"one!")
    cache = HashCache(tmp_path / "hashes.json")
    assert cache.sha256(path) == sha(b"one!")
    replacement = write_old(tmp_path / "model.bin.new", b"two!")  # same size, same mtime
    os.replace(replacement, path)
    assert cache.sha256(path) == sha(b"two!")


def test_a_new_mtime_or_size_misses(tmp_path: Path) -> None:
    path = write_old(tmp_path / "model.bin", b"one!")
    cache = HashCache(tmp_path / "hashes.json")
    cache.sha256(path)
    overwrite_in_place(path, b"two!")
    os.utime(path, ns=(OLD_NS, OLD_NS + 1))
    assert cache.sha256(path) == sha(b"two!")
    with open(path, "ab") as file:
        file.write(b"+")
    os.utime(path, ns=(OLD_NS, OLD_NS + 1))
    assert cache.digest(path) == (5, sha(b"two!+"))


def test_a_freshly_written_file_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(b"one!")  # mtime now: it may change again within the same tick
    cache = HashCache(tmp_path / "hashes.json")
    cache.sha256(path)
    overwrite_in_place(path, b"two!")
    assert cache.sha256(path) == sha(b"two!")
    cache.save()
    assert not (tmp_path / "hashes.json").exists()  # nothing worth keeping, nothing written


def test_a_symlink_shares_the_entry_of_its_target(tmp_path: Path) -> None:
    target = write_old(tmp_path / "blobs" / "abc", b"weights")
    link = tmp_path / "snapshot" / "model.bin"
    link.parent.mkdir()
    link.symlink_to(target)
    cache = HashCache(tmp_path / "hashes.json")
    cache.sha256(target)
    overwrite_in_place(target, b"WEIGHTS")
    assert cache.sha256(link) == sha(b"weights")


def test_a_symlink_loop_is_an_os_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(OSError):
        HashCache(tmp_path / "hashes.json").sha256(loop)


# --- HashCache: persistence --------------------------------------------------------------------


def test_persisted_and_not_rewritten_when_unchanged(tmp_path: Path) -> None:
    path = write_old(tmp_path / "model.bin", b"x" * 100)
    store = tmp_path / "cache" / "hashes.json"
    with HashCache(store) as cache:
        cache.sha256(path)
    written = store.stat()
    overwrite_in_place(path, b"y" * 100)
    again = HashCache(store)
    assert again.sha256(path) == sha(b"x" * 100)  # from the file on disk
    again.save()
    assert store.stat().st_ino == written.st_ino  # an atomic write would be a new inode
    assert [p.name for p in store.parent.iterdir()] == ["hashes.json"]  # no temp file left


def test_cache_file_format(tmp_path: Path) -> None:
    path = write_old(tmp_path / "model.bin", b"x" * 100)
    store = tmp_path / "hashes.json"
    cache = HashCache(store)
    cache.sha256(path)
    cache.save()
    status = path.stat()
    document = json.loads(store.read_text())
    assert document == {
        "version": 1,
        "entries": {str(path.resolve()): [100, status.st_mtime_ns, status.st_ino, sha(b"x" * 100)]},
    }


def test_loaded_lazily(tmp_path: Path) -> None:
    store = tmp_path / "hashes.json"
    cache = HashCache(store)
    path = write_old(tmp_path / "model.bin", b"abc")
    status = path.stat()
    entry = [3, status.st_mtime_ns, status.st_ino, "e" * 64]
    store.write_text(json.dumps({"version": 1, "entries": {str(path.resolve()): entry}}))
    assert cache.sha256(path) == "e" * 64  # read at first use, not when constructed


def test_oldest_entries_are_evicted(tmp_path: Path) -> None:
    store = tmp_path / "hashes.json"
    paths = [write_old(tmp_path / f"m{i}.bin", bytes([i]) * 10) for i in range(3)]
    cache = HashCache(store, max_entries=2)
    for path in paths:
        cache.sha256(path)
    cache.save()
    kept = json.loads(store.read_text())["entries"]
    assert list(kept) == [str(p.resolve()) for p in paths[1:]]


def test_a_rehashed_file_becomes_the_newest(tmp_path: Path) -> None:
    store = tmp_path / "hashes.json"
    first, second = (write_old(tmp_path / f"m{i}.bin", bytes([i]) * 10) for i in range(2))
    cache = HashCache(store, max_entries=2)
    cache.sha256(first)
    cache.sha256(second)
    overwrite_in_place(first, b"z" * 10)
    os.utime(first, ns=(OLD_NS, OLD_NS + 5))
    cache.sha256(first)
    cache.save()
    assert list(json.loads(store.read_text())["entries"]) == [
        str(second.resolve()),
        str(first.resolve()),
    ]


def test_hashing_a_big_file_saves_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hashing, "PROGRESS_MIN", CHUNK)
    store = tmp_path / "hashes.json"
    cache = HashCache(store)
    cache.sha256(write_old(tmp_path / "small.bin", b"s"))
    assert not store.exists()
    cache.sha256(write_old(tmp_path / "big.bin", b"b" * CHUNK))
    assert len(json.loads(store.read_text())["entries"]) == 2


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xffnot json",
        b"",
        b"[]",
        b'{"version": 1, "entries": []}',
        b'{"version": 2, "entries": {}}',
        b'{"version": 1}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=["binary", "empty", "list", "entries-list", "other-version", "no-entries", "deep"],
)
def test_a_corrupt_cache_is_an_empty_cache(tmp_path: Path, content: bytes) -> None:
    store = tmp_path / "hashes.json"
    store.write_bytes(content)
    path = write_old(tmp_path / "model.bin", b"abc")
    cache = HashCache(store)
    assert cache.sha256(path) == sha(b"abc")
    cache.save()
    assert list(json.loads(store.read_text())["entries"]) == [str(path.resolve())]


def test_malformed_entries_are_dropped_one_by_one(tmp_path: Path) -> None:
    store = tmp_path / "hashes.json"
    good = write_old(tmp_path / "good.bin", b"good")
    bad = write_old(tmp_path / "bad.bin", b"bad!")
    status, bad_status = good.stat(), bad.stat()
    entries = {
        str(good.resolve()): [4, status.st_mtime_ns, status.st_ino, "a" * 64],
        str(bad.resolve()): [4, bad_status.st_mtime_ns, bad_status.st_ino, "A" * 64],
        "/x": [1, 2, "3", "b" * 64],
        "/y": [1, 2, 3],
        "/z": {"sha256": "c" * 64},
        "/w": [True, 2, 3, "d" * 64],
    }
    store.write_text(json.dumps({"version": 1, "entries": entries}))
    cache = HashCache(store)
    assert cache.sha256(good) == "a" * 64  # the valid entry is used
    assert cache.sha256(bad) == sha(b"bad!")  # the upper-case digest was not


def test_an_oversized_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hashing, "MAX_CACHE_BYTES", 64)
    store = tmp_path / "hashes.json"
    path = write_old(tmp_path / "model.bin", b"abc")
    status = path.stat()
    entry = [3, status.st_mtime_ns, status.st_ino, "e" * 64]
    store.write_text(json.dumps({"version": 1, "entries": {str(path.resolve()): entry}}))
    assert HashCache(store).sha256(path) == sha(b"abc")


def test_an_unreadable_cache_is_an_empty_cache(tmp_path: Path) -> None:
    store = tmp_path / "hashes.json"
    store.mkdir()  # reading a directory fails with IsADirectoryError, even as root
    path = write_old(tmp_path / "model.bin", b"abc")
    cache = HashCache(store)
    assert cache.sha256(path) == sha(b"abc")
    cache.save()  # os.replace onto a directory fails: kept in memory only
    assert store.is_dir()


def test_an_unwritable_cache_dir_works_without_persisting(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    path = write_old(tmp_path / "model.bin", b"abc")
    cache = HashCache(blocker / "aibom" / "hashes.json")
    assert cache.sha256(path) == sha(b"abc")
    cache.save()
    overwrite_in_place(path, b"xyz")
    assert cache.sha256(path) == sha(b"abc")  # still cached in memory
    assert blocker.read_text() == "a file where the cache folder should be"


def test_default_cache_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("AIBOM_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert default_cache_path() == tmp_path / "home" / ".cache" / "aibom" / "hashes.json"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "aibom" / "hashes.json"
    monkeypatch.setenv("AIBOM_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_path() == tmp_path / "mine" / "hashes.json"
    assert HashCache().path == tmp_path / "mine" / "hashes.json"
