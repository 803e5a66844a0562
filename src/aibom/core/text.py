"""Text from strangers made safe for where it is shown: XML, a terminal, any UTF-8 output.

File names on POSIX are bytes; Python hands undecodable ones over as lone surrogates
(``surrogateescape``), which no UTF-8 encoder accepts. Names, paths and card fields also reach
terminals, where an escape sequence could retitle the window or hide a line. Each output goes
through one of these functions; what cannot be shown becomes visible, never silent.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# XML 1.0 section 2.2 (Char): anything else makes the document ill-formed, whatever the escaping.
# Lone surrogates (undecodable file names) are outside it too.
# Written as the excluded set: the complement of Char, spelled as a negated class, takes
# milliseconds to compile, which every run would pay.
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls, DEL, and the bidirectional overrides that can reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def xml_safe(value: str) -> str:
    """``value`` with every character XML 1.0 forbids replaced by U+FFFD.

    Both CycloneDX renderings get the same cleaned text, so JSON and XML say the same thing.
    """
    return _NOT_XML_CHAR.sub("\ufffd", value)


def utf8_safe(value: str) -> str:
    """``value`` encodable as UTF-8: each undecodable byte of a file name shown as U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def terminal_safe(value: str) -> str:
    """``value`` fit for one line of a terminal: controls shown as ``\\x1b``-style escapes."""
    return _CONTROL.sub(_escape, utf8_safe(value))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when one of ``choices`` is close to ``word``, else nothing."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(value: str) -> str:
    """A whole text output made safe for a terminal or a Markdown file, lines kept.

    Controls other than newline and tab become ``\\x1b``-style escapes; an undecodable byte of a
    file name (a lone surrogate) shows as the byte it was (``caf\\xe9.py``), which is what the
    name on disk holds.
    """
    return _UNPRINTABLE.sub(_escape_unprintable, value)


def _escape_unprintable(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_text(document: str) -> str:
    """A JSON document with its lone surrogates (undecodable file names) written as ``\\udcXX``
    escapes: valid UTF-8, and a reader gets the same string back."""
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", document)
