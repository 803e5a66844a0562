"""The YAML front matter of a Markdown file (a Hugging Face model card), found without parsing."""

from __future__ import annotations

import re

FRONT_MATTER_CAP = 256 * 1024  # bytes of a README read for its front matter
_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def front_matter(data: bytes, cap: int = FRONT_MATTER_CAP) -> str | None:
    """The text between the opening ``---`` line and the next (within ``cap`` bytes), or None."""
    head = data[: cap + 8].decode("utf-8-sig", errors="replace")
    first = _FENCE.match(head)
    close = _FENCE.search(head, first.end()) if first else None
    if first is None or close is None:
        return None
    return head[first.end() + 1 : close.start()]
