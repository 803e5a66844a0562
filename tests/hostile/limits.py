"""Run ``aibom scan`` in a child process with an address-space limit and a deadline."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MEMORY_LIMIT = 1 << 30  # bytes of address space: 1 GiB, the interpreter and its imports included
DEADLINE = 60.0  # seconds: far above a bounded scan, far below an unbounded one


@dataclass(frozen=True)
class Limited:
    """A scan run under limits: its exit code, wall time, JSON report and stderr."""

    code: int
    seconds: float
    report: dict[str, Any]
    stderr: str


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def scan_limited(root: Path) -> Limited:
    """``aibom scan ROOT -f json`` under :data:`MEMORY_LIMIT` and :data:`DEADLINE`."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-I", "-m", "aibom", "scan", str(root), "-f", "json"],
        preexec_fn=_limit,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    seconds = time.perf_counter() - start
    report = json.loads(done.stdout) if done.returncode in (0, 1) else {}
    return Limited(done.returncode, seconds, report, done.stderr)


def component_names(report: dict[str, Any]) -> list[str]:
    return sorted(component["name"] for component in report["components"])


def skipped(report: dict[str, Any]) -> dict[str, str]:
    return {entry["path"]: entry["reason"] for entry in report["skipped"]}
