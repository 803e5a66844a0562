"""How long ``aibom scan`` takes against ``rg`` searching the same tree for the trigger words.

Run: ``.venv/bin/python benchmarks/scan_vs_rg.py [--files 50000] [--tree DIR]``. Prints the best
of several warm runs for each and the ratio (the target is at most 3x). Not part of the tests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_tree import generate

TRIGGERS = r"(?i)model|pretrained|ollama|huggingface|hf://|llm|_download|pipeline"


def best_of(command: list[str], runs: int) -> float:
    """The fastest wall time of ``runs`` runs (warm cache)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


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
        aibom = [
            sys.executable,
            "-m",
            "aibom",
            "scan",
            str(tree),
            "-q",
            "-f",
            "json",
            "-o",
            str(Path(temp) / "report.json"),
        ]
        rg_command = [rg, "-l", "--no-messages", "-e", TRIGGERS, str(tree)]
        best_of(rg_command, 1)  # warm the page cache
        rg_time = best_of(rg_command, args.runs)
        aibom_time = best_of(aibom, args.runs)
    print(f"rg:    {rg_time:.3f} s")
    print(f"aibom: {aibom_time:.3f} s")
    print(f"ratio: {aibom_time / rg_time:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
