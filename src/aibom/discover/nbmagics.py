"""IPython's input syntax in notebook cells, translated to plain Python and shell commands.

IPython rewrites a cell before running it: ``!cmd`` and ``x = !cmd`` run a shell command,
``%magic args`` and ``x = %magic args`` call a line magic, ``obj?`` asks for help, and a first
line ``%%magic`` hands the whole cell to a cell magic. This module does the same rewrite for
reading, one output line per input line (so line numbers survive): shell commands are
collected for the shell reader; the Python a magic runs is kept (``%time m = load(...)``,
the body of ``%%capture``); everything else becomes ``pass`` or an unknown value (``...``) at
the same indentation, so the surrounding block still parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Cell magics whose body is Python run as it is.
PYTHON_CELL_MAGICS = frozenset(
    "capture time timeit prun memit mprun debug tensorboard autosave".split()
)
SHELL_CELL_MAGICS = frozenset({"bash", "sh", "system", "shell"})
SHELLS = frozenset({"bash", "sh", "zsh"})
# Line magics whose argument is a Python statement they run (after their own options).
_STATEMENT_MAGICS = frozenset({"time", "timeit", "prun", "memit", "mprun", "debug"})
_COMMAND_MAGICS = frozenset({"sx", "system"})
_TARGET = re.compile(r"[\w.\[\]'\", ]+")
_MAGIC = re.compile(r"^%(\w+)\s*(.*)$", re.DOTALL)
_OPTIONS = re.compile(r"^(?:-\w+(?:\s+\d+)?\s+)*")
_HELP = re.compile(r"^\?{0,2}[\w.]+\?{0,2}$")
_TRIPLE = re.compile(r'"""|\'\'\'')


@dataclass
class Translated:
    """A cell as Python lines (as many as the input) and the shell commands it runs."""

    python: list[str]
    commands: list[tuple[int, str]] = field(default_factory=list)  # first line index, text


def translate_cell(lines: list[str]) -> Translated:
    """Translate one cell's lines; a cell magic decides how its body is read."""
    head = lines[0].strip() if lines else ""
    if not head.startswith("%%"):
        return translate_lines(lines)
    name, _, args = head[2:].partition(" ")
    words = args.split()
    body = lines[1:]
    if name in PYTHON_CELL_MAGICS:
        inner = translate_lines(body)
        return Translated(["", *inner.python], [(k + 1, c) for k, c in inner.commands])
    blank = [""] * len(lines)
    if name in SHELL_CELL_MAGICS or (name == "script" and words and words[0] in SHELLS):
        return Translated(blank, [(1, "\n".join(body))] if body else [])
    if name == "writefile" and words:
        target = words[-1]
        if target.endswith(".py"):
            inner = translate_lines(body)
            return Translated(["", *inner.python], [(k + 1, c) for k, c in inner.commands])
        if target.endswith(".sh"):
            return Translated(blank, [(1, "\n".join(body))] if body else [])
    return Translated(blank)  # HTML, JavaScript, SQL, another language: not Python


def translate_lines(lines: list[str]) -> Translated:
    """Line magics, shell escapes and help requests in Python lines."""
    out = Translated(list(lines))
    in_string = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if in_string or not _special(stripped):
            in_string ^= len(_TRIPLE.findall(line)) % 2 == 1
            i += 1
            continue
        end, text = _continued(lines, i)
        indent = line[: len(line) - len(stripped)]
        out.python[i] = indent + _replacement(text.lstrip(), out, i)
        for k in range(i + 1, end + 1):
            out.python[k] = ""
        i = end + 1
    return out


def _special(stripped: str) -> bool:
    return (
        stripped.startswith(("!", "%", "?"))
        or bool(_HELP.match(stripped) and "?" in stripped)
        or _assignment(stripped) is not None
    )


def _assignment(text: str) -> tuple[str, str, str] | None:
    """``x = !cmd``, ``x = !!cmd`` or ``x = %magic``: (target, ``!``/``!!``/``%``, the rest).

    Read by position, not by a pattern: a lazy target before ``\\s*=`` backtracks
    quadratically on a long run of blanks.
    """
    equals = text.find("=")
    if equals <= 0 or text[equals - 1] in "!<>=:+-*/%&|^@":
        return None
    target = text[:equals].rstrip()
    rest = text[equals + 1 :].lstrip()
    if not target or not _TARGET.fullmatch(target) or not rest.startswith(("!", "%")):
        return None
    kind = "!!" if rest.startswith("!!") else rest[0]
    return target, kind, rest[len(kind) :].lstrip()


def _continued(lines: list[str], i: int) -> tuple[int, str]:
    """A magic or shell line and the lines a trailing backslash joins to it."""
    text, end = lines[i], i
    while text.rstrip().endswith("\\") and end + 1 < len(lines):
        end += 1
        text = text.rstrip()[:-1] + " " + lines[end].strip()
    return end, text


def _replacement(text: str, out: Translated, index: int) -> str:
    """The Python that stands for one (joined) special line."""
    if text.startswith("!"):
        out.commands.append((index, text.lstrip("!")))
        return "pass"
    assigned = _assignment(text)
    if assigned is not None and not text.startswith(("%", "?")):
        target, kind, rest = assigned
        if kind.startswith("!"):
            out.commands.append((index, rest))
        else:
            magic = _MAGIC.match("%" + rest)
            if magic is not None and magic[1] in _COMMAND_MAGICS:
                out.commands.append((index, magic[2]))
        return f"{target} = ..."
    magic = _MAGIC.match(text)
    if magic is None:
        return "pass"  # a help request (obj?, ?obj) or a bare %
    name, argument = magic.groups()
    if name in _STATEMENT_MAGICS:
        statement = _OPTIONS.sub("", argument, count=1).strip()
        return statement or "pass"
    if name in _COMMAND_MAGICS:
        out.commands.append((index, argument))
    return "pass"
