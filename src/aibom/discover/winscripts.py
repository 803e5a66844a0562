"""Windows scripts: batch files (``.bat``, ``.cmd``) and PowerShell (``.ps1``, ``.psm1``).

Each line is split into words the way its shell would (double quotes group, batch ``^`` and
PowerShell backtick escape and continue lines, comments dropped), variables this file sets are
expanded (batch ``%NAME%`` and ``!NAME!``, PowerShell ``$Name``, ``${Name}``, ``$env:NAME``),
and the words go to the shell detector's reader: the same program rules, model flags, Hub URLs
and download wrappers (``call %DL_HF% dir file org/repo``) as in a POSIX script. A PowerShell
command inside a batch line (``PowerShell -Command "..."``) is a word holding a command line:
its Hub URLs are read like any other.
"""

from __future__ import annotations

import posixpath
import re

from aibom.discover.base import Detector, Sink
from aibom.discover.shell import TRIGGER, Scanner
from aibom.discover.shellwords import Word

NAME = "windows-script"
_BATCH = (".bat", ".cmd")
_POWERSHELL = (".ps1", ".psm1")
_BATCH_COMMENT = re.compile(r"^\s*@?(?:rem(?:\s|$)|::)", re.IGNORECASE)
# Values are taken greedily and trimmed after: a lazy value before ``\\s*$`` backtracks
# quadratically on a long run of blanks.
_BATCH_SET = re.compile(r'^\s*@?set\s+(?:/[a-z]\s+)?("?)([\w.-]+)=(.*)', re.IGNORECASE)
_BATCH_VAR = re.compile(r"%(\w+)%|!(\w+)!")
_BATCH_PREFIX = re.compile(r"^\s*@?(?:call\s+|start\s+(?:\"[^\"]*\"\s+)?)?", re.IGNORECASE)
_PS_ASSIGN = re.compile(r"^\s*\$(?:env:)?(\w+)\s*=\s*(.+)", re.IGNORECASE)
_PS_VAR = re.compile(r"\$\{(\w+)\}|\$env:(\w+)|\$\((?:\$)?(\w+)\)|\$(\w+)", re.IGNORECASE)
_MAX_LINE = 64 * 1024  # characters: a longer line is data


class WindowsScriptDetector:
    """Claims batch files and PowerShell scripts."""

    name = NAME
    trigger = TRIGGER

    def claims(self, path: str) -> bool:
        return path.lower().endswith((*_BATCH, *_POWERSHELL))

    def detect(self, sink: Sink) -> None:
        text = sink.text()
        if text is None:
            return
        powershell = sink.source.path.lower().endswith(_POWERSHELL)
        scanner = Scanner(sink, text, 1, 0, "shell")
        for start, logical in _logical_lines(scanner.lines, powershell):
            if len(logical) <= _MAX_LINE:
                _line(scanner, start, logical, powershell)


def _logical_lines(lines: list[str], powershell: bool) -> list[tuple[int, str]]:
    """(first line index, text) of each logical line: continuations joined, comments dropped."""
    mark = "`" if powershell else "^"
    found: list[tuple[int, str]] = []
    i = 0
    in_block_comment = False
    while i < len(lines):
        start, text = i, lines[i]
        while text.endswith(mark) and i + 1 < len(lines):
            i += 1
            text = text[:-1] + " " + lines[i].lstrip()
        i += 1
        if powershell:
            if in_block_comment or text.lstrip().startswith("<#"):
                in_block_comment = "#>" not in text
                continue
            if text.lstrip().startswith("#"):
                continue
        elif _BATCH_COMMENT.match(text):
            continue
        found.append((start, text))
    return found


def _line(scanner: Scanner, row: int, text: str, powershell: bool) -> None:
    scanner.starts, scanner.rows, scanner.columns = [0], [row], [0]
    assign = (_PS_ASSIGN if powershell else _BATCH_SET).match(text)
    if assign is not None:
        group = 1 if powershell else 2  # batch: group 1 is the quote of ``set "NAME=value"``
        name, value = assign.group(group), assign.group(group + 1).rstrip()
        if not powershell and assign.group(1) and value.endswith('"'):
            value = value[:-1]
        start = assign.start(group + 1)
        if powershell and value[:1] in "\"'" and value[-1:] == value[:1]:
            value, start = value[1:-1], start + 1
        expanded = _expand(scanner, value, powershell)
        positions = _positions(start, len(value), len(expanded))
        scanner.set(name, Word(expanded, positions, literal=True), 0)
        return
    prefix = _BATCH_PREFIX.match(text) if not powershell else None
    words = [
        _expanded(scanner, word, powershell)
        for word in _words(text, prefix.end() if prefix else 0, powershell)
    ]
    if words and posixpath.basename(words[0].text) == "&":
        words = words[1:]  # PowerShell's call operator
    if words:
        scanner.command(words)


def _words(text: str, start: int, powershell: bool) -> list[Word]:
    """Split on blanks; double quotes group (and single quotes in PowerShell)."""
    escape = "`" if powershell else "^"
    quotes = "\"'" if powershell else '"'
    words: list[Word] = []
    chars: list[str] = []
    pos: list[int] = []
    quote = ""
    i = start
    while i < len(text):
        c = text[i]
        if c == escape and i + 1 < len(text):
            chars.append(text[i + 1])
            pos.append(i + 1)
            i += 2
            continue
        if quote:
            if c == quote:
                quote = ""
            else:
                chars.append(c)
                pos.append(i)
        elif c in quotes:
            quote = c
        elif c in " \t;|&" and not (c == "&" and not chars and not words):
            if pos:
                words.append(Word("".join(chars), tuple(pos), literal=True))
            chars, pos = [], []
        else:
            chars.append(c)
            pos.append(i)
        i += 1
    if pos:
        words.append(Word("".join(chars), tuple(pos), literal=True))
    return words


def _expand(scanner: Scanner, text: str, powershell: bool) -> str:
    """Variables this file set, replaced; others left as written."""

    def value(match: re.Match[str]) -> str:
        name = next(group for group in match.groups() if group)
        return scanner.vars.get(name, match.group())

    return (_PS_VAR if powershell else _BATCH_VAR).sub(value, text)


def _expanded(scanner: Scanner, word: Word, powershell: bool) -> Word:
    text = _expand(scanner, word.text, powershell)
    if text == word.text:
        return word
    # An expanded word reports the place the variable is written, its first character.
    return Word(text, (word.pos[0],) * len(text), literal=True)


def _positions(start: int, written: int, length: int) -> tuple[int, ...]:
    if written == length:
        return tuple(range(start, start + length))
    return (start,) * length


DETECTOR: Detector = WindowsScriptDetector()
