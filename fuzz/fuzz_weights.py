"""Fuzz target: safetensors, GGUF and ONNX header readers, each on the same bytes."""

from __future__ import annotations

import contextlib
import io
import sys

import atheris

with atheris.instrument_imports():
    from aibom.weights import gguf, onnx, safetensors

_READERS = (
    (safetensors.parse_header, safetensors.SafetensorsError),
    (gguf.parse_header, gguf.GGUFError),
    (onnx.parse_metadata, onnx.OnnxError),
)


def test_one_input(data: bytes) -> None:
    for parse, error in _READERS:
        with contextlib.suppress(error):
            parse(io.BytesIO(data), len(data))  # type: ignore[operator]


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
