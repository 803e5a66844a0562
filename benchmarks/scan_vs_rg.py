"""How long ``aibom scan`` takes, and how much memory, against ``rg`` on the same tree.

Run: ``.venv/bin/python benchmarks/scan_vs_rg.py [--files 50000] [--tree DIR] [--runs 3]``.
For a synthetic tree (or the one given) it times, best of several warm runs, ``rg -l -i
'from_pretrained|model'`` and ``aibom scan`` twice: on the plain folder, and on the same folder
made a git repository (git-aware walk). It prints each time, the ratio to rg (target: at most
2x) and aibom's peak resident memory (target: flat in the number of files). Not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_tree import GIT_ENV, generate

TARGET_RATIO = 2.0
RG_PATTERN = "from_pretrained|model"


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time of one run and the child's peak resident memory in KiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def best_of(command: list[str], runs: int) -> tuple[float, int]:
    """The fastest wall time of ``runs`` warm runs, and the largest peak memory seen."""
    results = [timed(command) for _ in range(runs)]
    return min(t for t, _ in results), max(m for _, m in results)


def make_git(tree: Path) -> None:
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "tree"]):
        subprocess.run(["git", *args], cwd=tree, env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--tree", type=Path, help="scan this tree instead of a synthetic one")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rg = shutil.which("rg")
    if rg is None:
        sys.exit("rg (ripgrep) is needed for this benchmark")
    with tempfile.TemporaryDirectory() as temp:
        tree = args.tree or Path(temp) / "tree"
        if args.tree is None:
            models = generate(tree, args.files)
            print(f"tree: {args.files} files, {models} referencing a model")
        report = str(Path(temp) / "report.json")
        aibom = [sys.executable, "-m", "aibom", "scan", str(tree), "-q", "-f", "json", "-o", report]
        rg_command = [rg, "-l", "-i", "--no-messages", RG_PATTERN, str(tree)]
        best_of(rg_command, 1)  # warm the page cache
        rows = []
        for mode in ("folder", "git"):
            if mode == "git":
                if (tree / ".git").exists():
                    continue
                make_git(tree)
            rg_time, _ = best_of(rg_command, args.runs)
            aibom_time, memory = best_of(aibom, args.runs)
            rows.append((mode, rg_time, aibom_time, memory))
        if args.tree is None:
            shutil.rmtree(tree / ".git", ignore_errors=True)
    for mode, rg_time, aibom_time, memory in rows:
        ratio = aibom_time / rg_time
        print(
            f"{mode:6}  rg {rg_time:6.3f} s   aibom {aibom_time:6.3f} s   "
            f"ratio {ratio:4.2f}x (target <= {TARGET_RATIO:g}x)   peak {memory / 1024:5.1f} MiB"
        )


if __name__ == "__main__":
    main()
