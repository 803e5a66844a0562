"""Fuzz target: reading a saved aibom JSON report (``aibom report``, ``aibom diff``)."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from aibom.render import json_report


def test_one_input(data: bytes) -> None:
    try:
        json_report.parse(data.decode("utf-8", "replace"))
    except json_report.ReportFileError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
