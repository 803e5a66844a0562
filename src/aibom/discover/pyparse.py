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
import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

WHOLE_MAX = 256 * 1024  # characters: a file up to this size is parsed in one piece
PIECE_MAX = 256 * 1024  # characters: a longer top-level statement is not parsed
BATCH_MAX = 256 * 1024  # characters of source per module handed on
CHUNK = 64 * 1024  # characters parsed in one call when reading piece by piece
MIN_CHUNK = 1024  # the smallest such span, where statements keep failing
PARSE_WORK = 8  # characters parsed, at most, per character of a file read piece by piece
CALL_COST = 512  # characters each parse call counts for, whatever its size: calls cost too
FAIL_COST = 8192  # and a failed one, more
_PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)
_DEEP = "too deeply nested"
# A statement that only continues one above it: it cannot start a piece.
_CONTINUATION = re.compile(r"(?:else|elif|except|finally)\b")
# What a decorator line may be followed by, at column 0.
_DECORATED = re.compile(r"@|def\b|class\b|async\b")
# Messages of an error that a later line may close (a string or bracket left open at a cut).
_UNCLOSED = re.compile(r"never closed|unterminated|unexpected EOF|expected an indented block")


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
            first, _, why = self.unread[0]
            if why.endswith("Error"):
                return f"not parsable as Python: {why}"
            return f"not read as Python: line {where(first)} holds {why}"
        parts = []
        for first, last, why in self.unread[:5]:
            span = (
                f"line {where(first)}" if first == last else f"lines {where(first)}-{where(last)}"
            )
            parts.append(f"{span} ({why})")
        more = f" and {len(self.unread) - 5} more" if len(self.unread) > 5 else ""
        return f"partly read: {', '.join(parts)}{more} not parsed as Python"


def modules(
    text: str,
    outcome: Outcome,
    trigger: re.Pattern[str] | None = None,
    breaks: frozenset[int] = frozenset(),
) -> Iterator[ast.Module]:
    """The modules to read ``text`` as: one when it parses whole, else batches of its pieces.

    Line numbers in the trees are the text's own. ``breaks``: lines that always start a piece
    (a notebook's cells, which IPython never joins).
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
    for tree, length in _parsed_pieces(text, outcome, trigger, breaks):
        batch.extend(tree.body)
        size += length
        if size >= BATCH_MAX:
            yield ast.Module(body=batch, type_ignores=[])
            batch, size = [], 0
    if batch:
        yield ast.Module(body=batch, type_ignores=[])


class _Pieces:
    """A text's top-level pieces, parsed a chunk of them at a time.

    A chunk that fails is narrowed to the pieces before the one the error is in; a piece that
    fails alone is rejoined with the ones after it when the error may close later (a string
    or bracket the cut left open), doubling until it parses. Every parse attempt is counted
    against :data:`PARSE_WORK` characters per character of the text, so a file made of
    failures costs linear time.
    """

    def __init__(
        self,
        text: str,
        outcome: Outcome,
        trigger: re.Pattern[str] | None,
        breaks: frozenset[int] = frozenset(),
    ) -> None:
        self.text = text
        self.outcome = outcome
        self.trigger = trigger
        self.starts = _pieces(text, breaks)
        self.last_line = text.count("\n") + 1
        self.work = PARSE_WORK * max(len(text), WHOLE_MAX)

    def offset(self, index: int) -> int:
        return self.starts[index][1] if index < len(self.starts) else len(self.text)

    def line(self, index: int) -> int:
        return self.starts[index][0] if index < len(self.starts) else self.last_line + 1

    def parse(self, i: int, j: int) -> ast.Module | SyntaxError | None:
        """Pieces ``[i, j)`` parsed, with the text's line numbers; the error; or None when
        the span cannot hold a reference (or the work budget is spent)."""
        return self.parse_text(self.offset(i), self.offset(j), self.line(i))

    def parse_text(self, start: int, end: int, line: int) -> ast.Module | SyntaxError | None:
        """The text from ``start`` to ``end`` (its first line is ``line``), as :meth:`parse`."""
        source = self.text[start:end]
        if not _may_hold_reference(source, self.trigger):
            return None
        self.work -= max(len(source), CALL_COST)
        if self.work < 0:
            return None
        try:
            # Blank lines before the piece give its nodes the text's line numbers: cheaper
            # than walking every node afterwards to shift them.
            tree = ast.parse("\n" * (line - 1) + source)
        except SyntaxError as exc:
            self.work -= FAIL_COST  # a failed parse runs a second pass to word its error
            return exc
        except (ValueError, RecursionError, MemoryError) as exc:
            self.work -= FAIL_COST
            return SyntaxError(_DEEP if isinstance(exc, RecursionError) else type(exc).__name__)
        return tree

    def piece_at(self, i: int, j: int, error: SyntaxError) -> int:
        """The index in ``[i, j)`` of the piece holding the error's line."""
        line = error.lineno or self.line(i)  # the parsed text keeps the file's line numbers
        k = bisect.bisect_right(self.starts, (line, len(self.text)), i, j) - 1
        return max(i, min(k, j - 1))


def _parsed_pieces(
    text: str, outcome: Outcome, trigger: re.Pattern[str] | None, breaks: frozenset[int]
) -> Iterator[tuple[ast.Module, int]]:
    pieces = _Pieces(text, outcome, trigger, breaks)
    count = len(pieces.starts)
    offsets = [start for _, start in pieces.starts]
    chunk = CHUNK  # shrinks where statements fail, grows back where they parse
    i = 0
    while i < count:
        if pieces.work < 0:
            outcome.note(pieces.line(i), pieces.last_line, "the parse budget was spent")
            return
        j = max(i + 1, bisect.bisect_right(offsets, offsets[i] + chunk, i) - 1)
        while j - i > 1:
            found = pieces.parse(i, j)
            if not isinstance(found, SyntaxError):
                if found is not None:
                    outcome.parsed += 1
                    yield found, pieces.offset(j) - pieces.offset(i)
                chunk = min(CHUNK, chunk * 2)
                break
            j = max(pieces.piece_at(i, j, found), i + 1)
            chunk = max(MIN_CHUNK, chunk // 4)
        else:
            found_single = _single(pieces, i)
            if isinstance(found_single, tuple):
                yield found_single[0], found_single[1]
                j = found_single[2]
            else:
                j = found_single
        i = j


def _single(pieces: _Pieces, i: int) -> tuple[ast.Module, int, int] | int:
    """Piece ``i`` alone, or rejoined with the next ones while its error may close later:
    (tree, size, next index), or the next index when it is skipped."""
    count = 1
    total = len(pieces.starts)
    while True:
        j = i + count
        size = pieces.offset(j) - pieces.offset(i)
        if size > PIECE_MAX:
            last = pieces.line(j) - 1
            why = f"a statement of {size} characters, over {PIECE_MAX}"
            pieces.outcome.note(pieces.line(i), last, why)
            return j
        found = pieces.parse(i, j)
        if found is None:
            return j
        if isinstance(found, ast.Module):
            pieces.outcome.parsed += 1
            return found, size, j
        if j < total and _may_close_later(found):
            count = min(count * 2, total - i)
            continue
        return _before_error(pieces, i, found)


def _before_error(pieces: _Pieces, i: int, error: SyntaxError) -> tuple[ast.Module, int, int] | int:
    """Piece ``i`` failed at a later line of it (a stray bracket at column 0 is read as part of
    the statement above): the lines before the error may still be whole statements."""
    first = pieces.line(i)
    at = error.lineno or first
    start = pieces.offset(i)
    end = start
    for _ in range(at - first):
        end = pieces.text.find("\n", end, pieces.offset(i + 1)) + 1
        if end <= 0:
            break
    if at > first and end > start:
        found = pieces.parse_text(start, end, first)
        if isinstance(found, ast.Module):
            pieces.outcome.parsed += 1
            pieces.outcome.note(at, pieces.line(i + 1) - 1, _error_name(error))
            return found, end - start, i + 1
    pieces.outcome.note(first, first, _error_name(error))
    return i + 1


def _error_name(error: SyntaxError) -> str:
    own = error.msg in (_DEEP, "ValueError", "MemoryError")  # not a syntax error: say what
    return error.msg if own else type(error).__name__


def _may_hold_reference(source: str, trigger: re.Pattern[str] | None) -> bool:
    """A statement with no string literal and no trigger word names no model."""
    return '"' in source or "'" in source or trigger is None or bool(trigger.search(source))


def _may_close_later(exc: BaseException) -> bool:
    return isinstance(exc, SyntaxError) and bool(_UNCLOSED.search(exc.msg or ""))


def _pieces(text: str, breaks: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """(first line, offset) of each top-level statement: a line at column 0 that does not
    continue the one before it (``else:``, a closing bracket, a decorated ``def``, a line after
    a backslash)."""
    found: list[tuple[int, int]] = [(1, 0)]
    offset = 0
    decorated = continued = False
    for number, line in enumerate(text.split("\n"), start=1):
        head = line[:1]
        top = bool(head) and head not in " \t#)]}\r\f" and not _CONTINUATION.match(line)
        if number in breaks and number > 1:
            found.append((number, offset))
            decorated = continued = False
        elif top and number > 1 and not continued and not (decorated and _DECORATED.match(line)):
            found.append((number, offset))
        if top:
            decorated = line.startswith("@")
        continued = line.rstrip().endswith("\\")
        offset += len(line) + 1
    return found
