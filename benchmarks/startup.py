"""aibom's own start-up cost: ``aibom --version`` and the hook on one file, above a bare Python.

Run: ``.venv/bin/python benchmarks/startup.py [--runs 20]``. Each command runs in a new process,
as a shell or pre-commit starts it; the best of ``--runs`` is compared with ``python -c pass``
(the interpreter's own start-up), and the difference is aibom's time (target: under 60 ms).
Also prints how many modules the import of the CLI loads. Not part of the tests.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 60.0
_FILE = 'from transformers import AutoModel\n\nAutoModel.from_pretrained("acme/one")\n'


def best_of(command: list[str], runs: int, cwd: Path | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    python = sys.executable
    bare = best_of([python, "-c", "pass"], args.runs)
    with tempfile.TemporaryDirectory() as temp:
        Path(temp, "app.py").write_text(_FILE)
        rows = {
            "aibom --version": best_of([python, "-m", "aibom", "--version"], args.runs),
            "aibom hook app.py": best_of(
                [python, "-m", "aibom", "hook", "app.py", "--policy", "enterprise"],
                args.runs,
                Path(temp),
            ),
        }
    count = subprocess.run(
        [python, "-c", "import sys, aibom.cli; print(len(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"python -c pass          {bare * 1000:6.1f} ms")
    for name, seconds in rows.items():
        own = (seconds - bare) * 1000
        verdict = "ok" if own <= TARGET_MS else "over"
        print(f"{name:23} {seconds * 1000:6.1f} ms   own {own:6.1f} ms ({verdict}, target <= 60)")
    print(f"modules loaded by importing the CLI: {count}")


if __name__ == "__main__":
    main()
