"""Docs detector (only with ``--include-docs``): models named in prose, listed as mentions.

Documentation is not a dependency: a README that says "try it with Llama 3" loads nothing. These
sightings are kept apart from components and shown only when asked for.
"""

from __future__ import annotations

import re

from aibom.core.ids import Slot
from aibom.core.model import Confidence, Role
from aibom.discover.base import Lines, Sink

NAME = "docs"
TRIGGER = re.compile(rb"huggingface\.co/|hf\.co/|from_pretrained|ollama (?:pull|run)")
_DOC_SUFFIXES = (".md", ".mdx", ".rst", ".txt", ".adoc")
_MENTION = re.compile(
    r"(?:https?://)?(?:huggingface\.co|hf\.co)/[\w.-]+/[\w.-]+|"
    r"from_pretrained\(\s*[\"']([\w.-]+/[\w.-]+)[\"']|ollama (?:pull|run) ([\w.:-]+)"
)


class DocsDetector:
    """Claims documentation files; records Hub links, ``from_pretrained`` examples, Ollama tags."""

    name = NAME
    trigger = TRIGGER

    def claims(self, path: str) -> bool:
        return path.lower().endswith(_DOC_SUFFIXES)

    def detect(self, sink: Sink) -> None:
        text = sink.source.data.decode("utf-8", errors="replace")
        lines = text.splitlines()
        where = Lines(text)
        for match in _MENTION.finditer(text):
            value, slot = match.group(0), Slot.GENERIC
            if match.group(1):
                value = match.group(1)
            elif match.group(2):
                value, slot = match.group(2), Slot.OLLAMA
            line, column = where.line_col(match.start())
            snippet = lines[line - 1] if line <= len(lines) else ""
            evidence = sink.evidence(line, column, snippet, Confidence.LOW)
            sink.add(value.rstrip("."), slot, evidence, role=Role.MENTION)


DETECTOR = DocsDetector()
