"""JSON with comments (``//``, ``/* */``) and trailing commas, made plain JSON in linear time.

Comments and trailing commas become spaces, so every value keeps its line and column for the
evidence that points at it. Strings are left as they are (a ``//`` in a URL is not a comment).
"""

from __future__ import annotations

import re

_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def strip(text: str) -> str:
    """``text`` with comments and trailing commas blanked out; strings untouched."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            end = _string_end(text, i)
            out.append(text[i:end])
            i = end
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:end]))
            i = end
        else:
            start = i
            while i < n and text[i] not in '"/':
                i += 1
            out.append(text[start:i] if i > start else text[i])
            i += 0 if i > start else 1
    return _blank_trailing_commas("".join(out))


def _string_end(text: str, start: int) -> int:
    """The offset just after the string opening at ``start`` (or the end of the text)."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"':
            return i + 1
        else:
            i += 1
    return len(text)


def _blank_trailing_commas(text: str) -> str:
    # Outside strings only: a string holding ",}" is rare, and then the JSON parser decides.
    return _TRAILING_COMMA.sub(lambda m: " " + m.group(1), text)
