"""Parse Python source with bounded memory, and read what parses when some of it does not.

``ast.parse`` costs several hundred bytes of memory per byte of source (a 6 MB one-line list
takes gigabytes), and one syntax error (Python 2 ``print``, a notebook magic left in, a
template) loses the whole file. So a small file is parsed whole, as before; a large or broken
one is cut into its top-level statements, each parsed on its own (a statement the cut split,
such as a string with lines at column 0, is rejoined with the next ones), and handed on in
batches of at most :data:`BATCH_MAX` characters, so no more than one batch's tree is alive at
once. A statement larger than :data:`PIECE_MAX` is data, not code, and is not parsed; neither is
one with no string literal and no trigger word, which cannot hold a model reference.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

WHOLE_MAX = 256 * 1024  # characters: a file up to this size is parsed in one piece
PIECE_MAX = 256 * 1024  # characters: a longer top-level statement is not parsed
BATCH_MAX = 256 * 1024  # characters of source per module handed on
_PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)
# A statement that only continues one above it: it cannot start a piece.
_CONTINUATION = re.compile(r"(?:else|elif|except|finally)\b")
# Messages of an error that a later line may close (a string or bracket left open at a cut).
_UNCLOSED = re.compile(
    r"never closed|unterminated|unexpected EOF|expected an indented block|"
    r"unmatched|unindent does not match"
)


@dataclass
class Outcome:
    """What could not be read, for one note per file."""

    unread: list[tuple[int, int, str]] = field(default_factory=list)  # first, last line, why
    parsed: int = 0  # pieces that parsed

    def note(self, first: int, last: int, why: str) -> None:
        self.unread.append((first, last, why))

    def describe(self, where: Callable[[int], str]) -> str | None:
        """One line for ``-v``: which lines were not read and why, or None when all were."""
        if not self.unread:
            return None
        if not self.parsed:
            return f"not parsable as Python: {self.unread[0][2]}"
        parts = []
        for first, last, why in self.unread[:5]:
            span = where(first) if first == last else f"{where(first)}-{where(last)}"
            parts.append(f"{span} ({why})")
        more = f" and {len(self.unread) - 5} more" if len(self.unread) > 5 else ""
        return f"partly read: lines {', '.join(parts)}{more} not parsed as Python"


def modules(
    text: str, outcome: Outcome, trigger: re.Pattern[str] | None = None
) -> Iterator[ast.Module]:
    """The modules to read ``text`` as: one when it parses whole, else batches of its pieces.

    Line numbers in the trees are the text's own.
    """
    if len(text) <= WHOLE_MAX:
        try:
            tree = ast.parse(text)
        except _PARSE_ERRORS:
            pass  # read what can be read, piece by piece
        else:
            outcome.parsed += 1
            yield tree
            return
    batch: list[ast.stmt] = []
    size = 0
    for tree, length in _parsed_pieces(text, outcome, trigger):
        batch.extend(tree.body)
        size += length
        if size >= BATCH_MAX:
            yield ast.Module(body=batch, type_ignores=[])
            batch, size = [], 0
    if batch:
        yield ast.Module(body=batch, type_ignores=[])


def _parsed_pieces(
    text: str, outcome: Outcome, trigger: re.Pattern[str] | None
) -> Iterator[tuple[ast.Module, int]]:
    pieces = _pieces(text)
    i = 0
    while i < len(pieces):
        count = 1
        while True:
            first, start = pieces[i]
            end = pieces[i + count][1] if i + count < len(pieces) else len(text)
            last = pieces[i + count][0] - 1 if i + count < len(pieces) else text.count("\n") + 1
            source = text[start:end]
            if len(source) > PIECE_MAX:
                outcome.note(first, last, f"a statement of {len(source)} characters")
                i += count
                break
            if not _may_hold_reference(source, trigger):
                i += count
                break
            try:
                tree = ast.parse(source)
            except _PARSE_ERRORS as exc:
                if i + count < len(pieces) and _may_close_later(exc):
                    count = min(count * 2, len(pieces) - i)
                    continue
                outcome.note(first, first, type(exc).__name__)
                i += 1
                break
            ast.increment_lineno(tree, first - 1)
            outcome.parsed += 1
            yield tree, len(source)
            i += count
            break


def _may_hold_reference(source: str, trigger: re.Pattern[str] | None) -> bool:
    """A statement with no string literal and no trigger word names no model."""
    return '"' in source or "'" in source or trigger is None or bool(trigger.search(source))


def _may_close_later(exc: BaseException) -> bool:
    return isinstance(exc, SyntaxError) and bool(_UNCLOSED.search(exc.msg or ""))


def _pieces(text: str) -> list[tuple[int, int]]:
    """(first line, offset) of each top-level statement: a line at column 0 that does not
    continue the one before it (``else:``, a closing bracket, a decorated ``def``, a line after
    a backslash)."""
    found: list[tuple[int, int]] = [(1, 0)]
    offset = 0
    decorated = continued = False
    for number, line in enumerate(text.split("\n"), start=1):
        head = line[:1]
        top = bool(head) and head not in " \t#)]}\r\f" and not _CONTINUATION.match(line)
        if top and number > 1 and not decorated and not continued:
            found.append((number, offset))
        if top:
            decorated = line.startswith("@")
        continued = line.rstrip().endswith("\\")
        offset += len(line) + 1
    return found
