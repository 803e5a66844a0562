"""aibom's own JSON report: the whole report, every field of it, in a versioned schema.

It is complete (pins, file hashes, license summaries, effective terms, findings and waivers), so
``aibom report`` and ``aibom diff`` work from a saved report without scanning again; the
encoding is derived from the core types (:mod:`aibom.core.codec`). The schema version
(``aibom-report/2``) changes only when a field changes meaning or goes away; new fields may be
added within a version, and a reader ignores fields it does not know.
"""

from __future__ import annotations

import json
from typing import Any

from aibom import __version__
from aibom.core.codec import CodecError, decode, encode
from aibom.core.errors import AibomError
from aibom.core.model import Report
from aibom.core.text import json_text

SCHEMA = "aibom-report/2"
MAX_REPORT_BYTES = 256 * 1024 * 1024


class ReportFileError(AibomError):
    """A file that is not a readable aibom JSON report."""


def render(report: Report) -> str:
    """The report as indented, key-sorted JSON with a trailing newline."""
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "aibom", "version": __version__},
        **encode(report),
    }
    return json_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def parse(text: str, shown: str = "report") -> Report:
    """The report a :func:`render` output holds; ReportFileError saying what is wrong."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ReportFileError(f"{shown}: not valid JSON: {_one_line(exc)}") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        found = document.get("schema") if isinstance(document, dict) else None
        raise ReportFileError(
            f"{shown}: not an aibom JSON report of schema {SCHEMA}"
            + (f" (found {found!r})" if isinstance(found, str) else "")
            + "; write one with: aibom scan . -f json=aibom.json"
        )
    try:
        return decode(Report, document)
    except CodecError as exc:
        raise ReportFileError(f"{shown}: {exc}") from None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
