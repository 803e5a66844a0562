"""Fuzz target: reading a saved aibom JSON report (``aibom report``, ``aibom diff``)."""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    from aibom.render import json_report


def test_one_input(data: bytes) -> None:
    with contextlib.suppress(json_report.ReportFileError):
        json_report.parse(data.decode("utf-8", "replace"))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
