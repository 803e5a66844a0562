"""Fuzz the model-card reader (YAML front matter of a README)."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from common import run_detector

    from aibom.discover.card import DETECTOR


def test_one_input(data: bytes) -> None:
    # Most inputs are given the fence the reader looks for, so the YAML itself is exercised.
    body = data[1:] if data[:1] == b"!" else b"---\n" + data
    run_detector(DETECTOR, "models/m/README.md", body)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
