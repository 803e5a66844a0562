"""Fuzz target: policy checking. Any text gives a list of problems, never an exception."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from aibom.policy import validate_text


def test_one_input(data: bytes) -> None:
    problems = validate_text(data.decode("utf-8", "replace"))
    if not all(isinstance(problem, str) for problem in problems):
        raise AssertionError(problems)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
