"""Notebook detector: code cells as Python, shell escapes and shell cells as shell commands.

Each code cell is translated the way IPython rewrites it before running (:mod:`nbmagics`), and
the cells are read as one module, in order, so a constant set in one cell is followed into the
cells that use it; a cell that does not parse loses only itself (:mod:`pyparse`), and ``-v``
says which lines were not read. Shell commands see the notebook's constants, as IPython
expands ``{name}`` and ``$name`` in them. Lines are reported as lines of the ``.ipynb`` file
itself (nbformat writes one source line per JSON line); the snippet names the cell. A notebook
whose JSON is broken is still read from the ``source`` fields that can be decoded.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

from aibom.discover.base import Sink
from aibom.discover.nbmagics import translate_cell
from aibom.discover.python import TRIGGER as PYTHON_TRIGGER
from aibom.discover.python import scan_python
from aibom.discover.shell import scan_commands

NAME = "notebook"
_SOURCE_KEY = re.compile(r'"source"\s*:\s*(\[)?')
_CELL_TYPE = re.compile(r'"cell_type"\s*:\s*"(\w+)"')
_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_INTERPOLATED = re.compile(r"\{(\w+)\}|\$(\w+)|\$\{(\w+)\}")
MAX_CELLS = 10_000


@dataclass(frozen=True)
class _Line:
    cell: int
    file_line: int
    text: str


@dataclass(frozen=True)
class _Cell:
    index: int
    parts: tuple[str, ...]  # the strings of its source
    offsets: tuple[int, ...]  # where each is written in the raw text; empty when not known


class NotebookDetector:
    """Claims ``*.ipynb``."""

    name = NAME
    trigger = PYTHON_TRIGGER

    def claims(self, path: str) -> bool:
        return path.endswith(".ipynb")

    def detect(self, sink: Sink) -> None:
        try:
            raw = sink.source.text()
        except UnicodeDecodeError:
            sink.skip("not a readable notebook (not UTF-8)")
            return
        cells = _cells(raw, sink)
        if cells is None:
            return
        lines: list[_Line] = []
        breaks: set[int] = set()
        python: list[str] = []
        commands: list[tuple[list[int], str]] = []  # the file line of each row, command
        newlines = [m.start() for m in re.finditer("\n", raw)] if cells else []
        for cell in cells:
            cell_lines = _cell_lines(newlines, cell)
            translated = translate_cell([line.text for line in cell_lines])
            breaks.add(len(lines) + 1)
            lines.extend(cell_lines)
            python.extend(translated.python)
            commands.extend(
                ([line.file_line for line in cell_lines[k : k + text.count("\n") + 1]], text)
                for k, text in translated.commands
            )
        if not lines:
            return
        constants = scan_python(
            "\n".join(python), sink, lambda n: _map(lines, n), frozenset(breaks)
        )
        for row_lines, command in commands:
            scan_commands(_interpolate(command, constants), sink, row_lines[0], 0, row_lines)


def _cells(raw: str, sink: Sink) -> list[_Cell] | None:
    """The code cells, from the JSON; from the decodable ``source`` fields when it is broken."""
    starts = [(m.start(), m.group(1) is not None) for m in _SOURCE_KEY.finditer(raw)]
    try:
        notebook = json.loads(raw)
    except (ValueError, RecursionError):
        found = _salvaged(raw, starts)
        if not found:
            sink.skip("not a readable notebook (invalid JSON)")
            return None
        sink.skip("partly read: invalid JSON; code cells read from their source fields")
        return found
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        sink.skip("not a notebook: no cells")
        return None
    aligned = len(starts) == len(cells)
    if len(cells) > MAX_CELLS:
        sink.skip(f"partly read: the cells after the first {MAX_CELLS} were not read")
    found = []
    for index, cell in enumerate(cells[:MAX_CELLS]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        parts = tuple(
            p for p in (source if isinstance(source, list) else [source]) if isinstance(p, str)
        )
        offsets: tuple[int, ...] = ()
        if aligned:
            written, at = _source_strings(
                raw, raw.index(":", starts[index][0]) + 1, starts[index][1]
            )
            offsets = at if tuple(written) == parts else ()
        found.append(_Cell(index, parts, offsets))
    return found


def _salvaged(raw: str, starts: list[tuple[int, bool]]) -> list[_Cell]:
    """Code cells of a notebook whose JSON does not parse: each ``source`` whose strings decode,
    when the nearest ``cell_type`` before it says code."""
    found = []
    for index, (start, is_list) in enumerate(starts[:MAX_CELLS]):
        kinds = _CELL_TYPE.findall(raw, max(0, start - 4096), start)
        if kinds and kinds[-1] != "code":
            continue
        parts, offsets = _source_strings(raw, raw.index(":", start) + 1, is_list)
        if parts:
            found.append(_Cell(index, tuple(parts), offsets))
    return found


def _source_strings(raw: str, at: int, is_list: bool) -> tuple[list[str], tuple[int, ...]]:
    """The strings of a ``source`` value starting at ``at`` (one string, or a list's strings up
    to its ``]``; reading stops at anything else, the rest of a broken file), and where each
    is written."""
    parts: list[str] = []
    offsets: list[int] = []
    at = raw.index("[", at) + 1 if is_list else at
    while len(parts) < 100_000:
        while at < len(raw) and raw[at] in " \t\r\n":
            at += 1
        match = _JSON_STRING.match(raw, at)
        if match is None:
            break
        try:
            parts.append(json.loads(match.group()))
        except ValueError:
            break
        offsets.append(match.start())
        at = match.end()
        while at < len(raw) and raw[at] in " \t\r\n":
            at += 1
        if not is_list or raw[at : at + 1] != ",":
            break
        at += 1
    return parts, tuple(offsets)


def _cell_lines(newlines: list[int], cell: _Cell) -> list[_Line]:
    """Every line of a code cell, with the line of the ``.ipynb`` file it is written on: the
    line of the source string it starts in (``newlines``: the file's newline offsets, searched,
    not recounted). A string holding several lines keeps them all on its own file line, and
    where strings cannot be placed, the cell's lines count from the top, within the file."""
    total = len(newlines) + 1
    if len(cell.offsets) == len(cell.parts):
        places = [bisect.bisect_left(newlines, offset) + 1 for offset in cell.offsets]
    else:
        places = []
    lines: list[_Line] = []
    text: list[str] = []
    line_of_text: int | None = None
    for k, part in enumerate(cell.parts):
        place = places[k] if places else None
        pieces = part.split("\n")
        for j, piece in enumerate(pieces):
            ends_part = j == len(pieces) - 1
            if line_of_text is None and (piece or not ends_part):
                # A line starts in this string (an empty end after "\n" starts in the next).
                line_of_text = place if place is not None else min(len(lines) + 1, total)
            text.append(piece)
            if not ends_part:
                lines.append(_Line(cell.index, line_of_text or 1, "".join(text)))
                text, line_of_text = [], None
    last = places[-1] if places else min(len(lines) + 1, total)
    lines.append(_Line(cell.index, line_of_text or last, "".join(text)))
    return lines


def _map(lines: list[_Line], lineno: int) -> tuple[int, str]:
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else lines[-1]
    return line.file_line, f"[cell {line.cell + 1}] "


def _interpolate(command: str, constants: dict[str, str]) -> str:
    """IPython's ``{name}`` and ``$name`` in a shell command, for the notebook's constants."""

    def value(match: re.Match[str]) -> str:
        name = match[1] or match[2] or match[3]
        return constants.get(name, match.group())

    return _INTERPOLATED.sub(value, command) if constants else command


DETECTOR = NotebookDetector()
