"""Fuzz target: ``aibom.lock`` reading. Any bytes give a lockfile or a LockfileError."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from aibom.resolve import lockfile

_DIR = tempfile.mkdtemp(prefix="aibom-fuzz-")
_PATH = os.path.join(_DIR, "aibom.lock")


def test_one_input(data: bytes) -> None:
    with open(_PATH, "wb") as handle:
        handle.write(data)
    with contextlib.suppress(lockfile.LockfileError):
        lockfile.read(Path(_PATH))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
