"""Shell word splitting that never fails and remembers where every character came from.

Values must be reported at the line and column they are written on, even inside quotes, after a
backslash continuation or inside ``sh -c "..."``, so each word keeps the offset of each of its
characters in the logical line. ``shlex`` cannot do that.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

_OPS = frozenset(";&|()<>")
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True, slots=True)
class Word:
    """One shell word, unquoted, with the offset in the logical line of each of its characters."""

    text: str
    pos: tuple[int, ...]
    literal: bool = False  # single-quoted: no expansion
    op: bool = False  # an operator or redirection, not a word


def tokenize(line: str, start: int = 0, *, script: bool = False) -> list[Word]:
    """POSIX-like word splitting that never fails: an unclosed quote runs to the end of line.

    A ``script`` (the string ``sh -c`` runs, a YAML block of commands) may hold several lines:
    a newline then ends a command, as ``;`` does, and a backslash before one joins the lines.
    """
    words: list[Word] = []
    chars: list[str] = []
    pos: list[int] = []
    literal = False

    def flush() -> None:
        nonlocal literal
        if pos:
            words.append(Word("".join(chars), tuple(pos), literal))
        chars.clear()
        pos.clear()
        literal = False

    i, n = start, len(line)
    while i < n:
        c = line[i]
        if c == "\n" and script:
            flush()
            words.append(Word("\n", (i,), op=True))
            i += 1
        elif c in " \t\r\n":
            flush()
            i += 1
        elif c == "#" and not pos:
            newline = line.find("\n", i)
            i = n if newline < 0 else newline  # a comment runs to the end of its line
        elif c == "\\" and script and line.startswith("\n", i + 1):
            i += 2  # a continued line
        elif c == "\\":
            if i + 1 < n:  # a backslash ending the line escapes nothing
                chars.append(line[i + 1])
                pos.append(i + 1)
            i += 2
        elif c in "'\"" and line.find(c, i + 1) < 0:
            i += 1  # an unbalanced quote: read the rest as if it were not there
        elif c == "'":
            end = line.index("'", i + 1)
            chars.extend(line[i + 1 : end])
            pos.extend(range(i + 1, end))
            literal, i = True, end + 1
        elif c == '"':
            i = _double_quoted(line, i + 1, chars, pos)
        elif line.startswith(("$(", "`", "{{"), i):
            end = _span_end(line, i)
            chars.extend(line[i:end])
            pos.extend(range(i, end))
            i = end
        elif c in _OPS:
            flush()
            i = _operator(line, i, words)
        else:
            chars.append(c)
            pos.append(i)
            i += 1
    flush()
    return words


def _double_quoted(line: str, i: int, chars: list[str], pos: list[int]) -> int:
    n = len(line)
    while i < n and line[i] != '"':
        if line.startswith(("$(", "`"), i):
            end = _span_end(line, i)
            chars.extend(line[i:end])
            pos.extend(range(i, end))
            i = end
            continue
        if line[i] == "\\" and i + 1 < n and line[i + 1] in '"\\$`':
            i += 1
        chars.append(line[i])
        pos.append(i)
        i += 1
    return i + 1


def _span_end(line: str, i: int) -> int:
    """End of a command substitution or template expression starting at ``i``."""
    n = len(line)
    if line[i] != "$":
        close = "}}" if line[i] == "{" else "`"
        end = line.find(close, i + len(close))
        return n if end < 0 else end + len(close)
    depth = 0
    for k in range(i + 1, n):
        depth += {"(": 1, ")": -1}.get(line[k], 0)
        if depth == 0:
            return k + 1
    return n


def _operator(line: str, i: int, words: list[Word]) -> int:
    c, j = line[i], i + 1
    if c in "&|;<>" and line[j : j + 1] == c:
        j += 1
    if c in "<>" and line[j : j + 1] in ("&", "-"):
        j += 1
    last = words[-1] if words else None
    if c in "<>" and last and not last.op and last.text.isdigit() and last.pos[-1] == i - 1:
        words.pop()  # 2>&1: the descriptor number belongs to the redirection
    words.append(Word(line[i:j], (i,), op=True))
    return j


def subwords(word: Word) -> list[Word]:
    """The words of a command held in one word (``sh -c "..."``), positions kept."""
    words = tokenize(word.text, script=True)
    return [replace(w, pos=tuple(word.pos[p] for p in w.pos)) for w in words]


def exec_form(line: str, at: int) -> list[Word] | None:
    """The words of a Dockerfile JSON-array instruction; None for the shell form."""
    rest = line[at:].strip()
    if not rest.startswith("["):
        return None
    try:
        items = json.loads(rest)
    except ValueError:
        return None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return None
    words = []
    for match, item in zip(_JSON_STRING.finditer(line, at), items, strict=False):
        first, last = match.start(1), max(match.end(1) - 1, match.start(1))
        words.append(Word(item, tuple(min(first + k, last) for k in range(len(item)))))
    return words


def positionals(words: list[Word], start: int, value_flags: frozenset[str]) -> list[int]:
    found, k = [], start
    while k < len(words):
        text = words[k].text
        if text.startswith("-") and len(text) > 1:
            k += 1 if text in value_flags else 0
        else:
            found.append(k)
        k += 1
    return found
