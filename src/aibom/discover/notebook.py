"""Notebook detector: code cells as Python, ``!`` and ``%%bash`` lines as shell commands.

All code cells are read as one module, in order, so a constant set in one cell is followed into
the cells that use it. Lines are reported as lines of the ``.ipynb`` file itself (nbformat writes
one source line per JSON line), so a report points at the real place; the snippet names the cell.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from aibom.discover.base import Sink
from aibom.discover.python import TRIGGER as PYTHON_TRIGGER
from aibom.discover.python import scan_python
from aibom.discover.shell import scan_commands

NAME = "notebook"
_SOURCE_KEY = re.compile(r'"source"\s*:\s*(\[)?')
_SHELL_CELL = re.compile(r"^%%(?:bash|sh|script\s+(?:bash|sh))\b")


@dataclass(frozen=True)
class _Line:
    cell: int
    file_line: int
    text: str


class NotebookDetector:
    """Claims ``*.ipynb``."""

    name = NAME
    trigger = PYTHON_TRIGGER

    def claims(self, path: str) -> bool:
        return path.endswith(".ipynb")

    def detect(self, sink: Sink) -> None:
        try:
            raw = sink.source.text()
            notebook = json.loads(raw)
            cells = notebook.get("cells") if isinstance(notebook, dict) else None
        except (UnicodeDecodeError, ValueError, RecursionError):
            sink.skip("not a readable notebook (invalid JSON)")
            return
        if not isinstance(cells, list):
            sink.skip("not a notebook: no cells")
            return
        code = _code_lines(raw, cells)
        python_lines: list[str] = []
        for line in code:
            if _is_shell(line.text):
                scan_commands(line.text.lstrip().lstrip("!"), sink, line.file_line)
                python_lines.append("")
            elif line.text.lstrip().startswith(("%", "?")) or line.text.rstrip().endswith("?"):
                python_lines.append("")
            else:
                python_lines.append(line.text)
        scan_python("\n".join(python_lines), sink, lambda n: _map(code, n))


def _is_shell(text: str) -> bool:
    return text.lstrip().startswith("!")


def _map(code: list[_Line], lineno: int) -> tuple[int, str]:
    line = code[lineno - 1] if 0 < lineno <= len(code) else code[-1]
    return line.file_line, f"[cell {line.cell + 1}] "


def _code_lines(raw: str, cells: list[object]) -> list[_Line]:
    """Every line of every code cell, with the line of the ``.ipynb`` file it is written on."""
    starts = [(m.start(), m.group(1) is not None) for m in _SOURCE_KEY.finditer(raw)]
    aligned = len(starts) == len(cells)
    lines: list[_Line] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        parts = source if isinstance(source, list) else [source]
        text = "".join(p for p in parts if isinstance(p, str))
        shell_cell = bool(_SHELL_CELL.match(text))
        first = raw.count("\n", 0, starts[index][0]) + 1 if aligned else 0
        one_per_line = aligned and starts[index][1]
        for number, line in enumerate(text.split("\n")):
            file_line = first + 1 + number if one_per_line else (first or number + 1)
            body = ("!" + line) if shell_cell and number > 0 else ("" if shell_cell else line)
            lines.append(_Line(index, file_line, body))
    return lines


DETECTOR = NotebookDetector()
