"""Fuzz the shell word splitter, and the shell reader on the same bytes."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from common import expect, run_detector

    from aibom.discover.shell import DETECTOR
    from aibom.discover.shellwords import subwords, tokenize


def test_one_input(data: bytes) -> None:
    line = data.decode("utf-8", "replace")
    for word in tokenize(line):
        if word.op:
            expect(line[word.pos[0] :].startswith(word.text), line)
            continue
        expect(len(word.pos) == len(word.text), line)
        for char, at in zip(word.text, word.pos, strict=True):
            expect(line[at] == char, line)
        for inner in subwords(word):
            expect(all(0 <= at < len(line) for at in inner.pos), line)
    run_detector(DETECTOR, "run.sh", data)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
