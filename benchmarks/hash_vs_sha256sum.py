"""How fast aibom hashes a multi-GB weight file, against ``sha256sum``, and what a rescan costs.

Run: ``.venv/bin/python benchmarks/hash_vs_sha256sum.py [--file PATH] [--gib 2] [--runs 3]``.
Prints, for the same file (page cache warm, best of several runs): the throughput of
``sha256sum`` and of aibom's ``sha256_file`` and their ratio (target at least 0.9x); the peak
memory of a process hashing a 64 MiB and the big file (target: independent of size); and a cold
against a warm rescan through the hash cache (target at least 20x). Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aibom.resolve.hashing import MAX_ENTRIES, HashCache, sha256_file

MiB = 1 << 20
BLOCK = 16 * MiB
OLD_NS = 1_600_000_000 * 10**9
PEAK_SCRIPT = """
import resource, sys
from pathlib import Path
from aibom.resolve.hashing import sha256_file
if sys.argv[1] != "-":
    sha256_file(Path(sys.argv[1]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_file(path: Path, size: int) -> None:
    """``size`` bytes of incompressible data, one 16 MiB block at a time (never all in memory)."""
    block = bytearray(os.urandom(BLOCK))
    with open(path, "wb") as out:
        for index in range(0, size, BLOCK):
            block[:8] = index.to_bytes(8, "little")  # no two blocks alike
            out.write(block[: min(BLOCK, size - index)])
    os.utime(path, ns=(OLD_NS, OLD_NS))  # an old file, as weights are: cacheable at once


def best_of(runs: int, work: Callable[[], str]) -> tuple[float, str]:
    """The fastest wall time of ``runs`` runs, and the result (all runs must agree)."""
    times, results = [], set()
    for _ in range(runs):
        start = time.perf_counter()
        results.add(work())
        times.append(time.perf_counter() - start)
    assert len(results) == 1, results
    return min(times), results.pop()


def sha256sum(tool: str, path: Path) -> str:
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
    return out.split()[0]


def peak_rss_kib(path: Path | None) -> int:
    """Peak RSS (KiB) of a fresh interpreter that hashes ``path`` (None: that only imports)."""
    argument = str(path) if path is not None else "-"
    command = [sys.executable, "-c", PEAK_SCRIPT, argument]
    return int(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def throughput(path: Path, runs: int) -> None:
    tool = shutil.which("sha256sum")
    if tool is None:
        sys.exit("sha256sum is needed for this benchmark")
    size_mib = path.stat().st_size / MiB
    sha256_file(path)  # read the file once so both start with the page cache warm
    theirs, digest = best_of(runs, lambda: sha256sum(tool, path))
    ours, mine = best_of(runs, lambda: sha256_file(path))
    assert mine == digest, (mine, digest)
    print(f"sha256sum         {size_mib / theirs:8.0f} MiB/s  ({theirs:.2f} s)")
    print(f"aibom sha256_file {size_mib / ours:8.0f} MiB/s  ({ours:.2f} s)")
    print(f"ratio             {theirs / ours:8.2f}x  (target >= 0.9x)")


def memory(path: Path, folder: Path) -> None:
    small = folder / "small.bin"
    write_file(small, 64 * MiB)
    base, peak_small, peak_big = peak_rss_kib(None), peak_rss_kib(small), peak_rss_kib(path)
    small.unlink()
    big_mib = path.stat().st_size // MiB
    rows = [
        ("peak RSS, interpreter only", base),
        ("peak RSS, hashing 64 MiB", peak_small),
        (f"peak RSS, hashing {big_mib} MiB", peak_big),
    ]
    for label, kib in rows:
        print(f"{label:<32}{kib / 1024:8.1f} MiB")
    print(f"{'growth, 64 MiB to the big file':<32}{(peak_big - peak_small) / 1024:+8.1f} MiB")


def rescan(path: Path, folder: Path, runs: int) -> None:
    """Cold: an empty cache hashes the file. Warm: a new cache object (as a new process would
    have) loads the saved cache and finds the file unchanged."""
    store = folder / "cache" / "hashes.json"

    def cold() -> str:
        store.unlink(missing_ok=True)
        with HashCache(store) as cache:
            return cache.sha256(path)

    cold_time, digest = best_of(runs, cold)
    warm_time, again = best_of(max(runs, 5), lambda: HashCache(store).sha256(path))
    assert again == digest
    fill(store, MAX_ENTRIES - 1)
    full_time, again = best_of(max(runs, 5), lambda: HashCache(store).sha256(path))
    assert again == digest
    print(f"rescan, cold cache              {cold_time * 1000:10.2f} ms")
    print(f"rescan, warm cache              {warm_time * 1000:10.3f} ms")
    print(f"ratio                           {cold_time / warm_time:10.0f}x  (target >= 20x)")
    print(f"rescan, warm, {MAX_ENTRIES} entries  {full_time * 1000:10.3f} ms  (worst case)")
    print(f"ratio                           {cold_time / full_time:10.0f}x")


def fill(store: Path, count: int) -> None:
    """Pad the saved cache with ``count`` other files' entries, as a full cache would hold."""
    document = json.loads(store.read_text())
    for index in range(count):
        name = f"/home/user/projects/p{index % 100}/models/model-{index:06d}.safetensors"
        document["entries"][name] = [1 << 30, OLD_NS + index, 10**6 + index, f"{index:064x}"]
    store.write_text(json.dumps(document, separators=(",", ":")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, help="hash this file instead of a generated one")
    parser.add_argument("--gib", type=float, default=2.0, help="size of the generated file")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="where to write the generated file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as temp:
        folder = Path(temp)
        path = args.file
        if path is None:
            path = folder / "weights.bin"
            start = time.perf_counter()
            write_file(path, int(args.gib * 1024) * MiB)
            print(f"wrote {args.gib:g} GiB in {time.perf_counter() - start:.1f} s: {path}")
        throughput(path, args.runs)
        memory(path, folder)
        rescan(path, folder, args.runs)


if __name__ == "__main__":
    main()
