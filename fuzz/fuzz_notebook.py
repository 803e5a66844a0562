"""Fuzz the notebook reader (JSON, IPython magics, cells as Python and shell)."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from common import run_detector

    from aibom.discover.notebook import DETECTOR


def test_one_input(data: bytes) -> None:
    run_detector(DETECTOR, "nb.ipynb", data)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
