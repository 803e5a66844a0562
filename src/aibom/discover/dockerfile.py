"""Dockerfile instructions as command lines and assignments, read with the shell reader."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aibom.discover.shellwords import Word, exec_form, tokenize

if TYPE_CHECKING:
    from aibom.discover.shell import Scanner

_INSTRUCTION = re.compile(r"[ \t]*([A-Za-z]+)(?:[ \t]+|$)")


def read_dockerfile(reader: Scanner) -> None:
    """The instructions of a Dockerfile: ENV and ARG set variables, ADD may fetch a model, RUN,
    CMD and ENTRYPOINT are command lines (exec-form CMD gives ENTRYPOINT its arguments)."""
    entrypoint: list[Word] = []
    i, end = 0, len(reader.lines)
    while i < end:
        logical, i = reader.join(i, end, docker=True)
        match = _INSTRUCTION.match(logical)
        if match is None:
            continue
        instruction, at = match.group(1).upper(), match.end()
        if instruction == "FROM":
            entrypoint = []  # a new stage; its image name is not a model
        elif instruction in ("ENV", "ARG"):
            _env(reader, logical, at, legacy=instruction == "ENV")
        elif instruction == "ADD":
            reader.urls(tokenize(logical, at), set())
        elif instruction in ("RUN", "CMD", "ENTRYPOINT"):
            words = exec_form(logical, at)
            if words is None:
                words = tokenize(logical, at)
                while instruction == "RUN" and words and words[0].text.startswith("--"):
                    words = words[1:]  # RUN --mount=... options
                reader.line(words)
                i = reader.heredoc(words, i, end, shell_body=True)
                entrypoint = [] if instruction == "ENTRYPOINT" else entrypoint
                continue
            if instruction == "ENTRYPOINT":
                entrypoint = words
            elif instruction == "CMD":
                words = entrypoint + words  # exec-form CMD supplies ENTRYPOINT's arguments
            reader.command(words)


def _env(reader: Scanner, logical: str, at: int, legacy: bool) -> None:
    words = tokenize(logical, at)
    if legacy and len(words) > 1 and "=" not in words[0].text:
        value = words[1]  # legacy ``ENV KEY value``: the value is the rest of the line
        if len(words) > 2:
            text = logical[value.pos[0] :].rstrip()
            value = Word(text, tuple(range(value.pos[0], value.pos[0] + len(text))))
        reader.set(words[0].text, value, 0)
        return
    for word in words:
        reader.assign(word, 0)
