"""Fuzz the Ollama Modelfile reader."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from common import expect, run_detector

    from aibom.discover.modelfile import DETECTOR


def test_one_input(data: bytes) -> None:
    sink = run_detector(DETECTOR, "Modelfile", data)
    lines = sink.source.data.decode("utf-8", "replace").split("\n")
    for ref in sink.refs:  # only FROM and ADAPTER lines name models
        written = lines[ref.evidence.line - 1].lstrip().lower()
        expect(written.startswith(("from", "adapter")), ref)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
