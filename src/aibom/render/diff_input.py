"""Either input of ``aibom diff``, recognised by its content: an aibom JSON report or CycloneDX."""

from __future__ import annotations

import json

from aibom.core.errors import AibomError
from aibom.render import diff_cyclonedx, json_report
from aibom.render.diff import Snapshot, snapshot

_HINT = "write one with: aibom scan . -f json=aibom.json (or -f cyclonedx-json=aibom.cdx.json)"


class DiffInputError(AibomError):
    """An input that is neither an aibom JSON report nor an aibom CycloneDX JSON SBOM."""


def parse(data: bytes, shown: str) -> Snapshot:
    """The snapshot ``data`` holds; DiffInputError (exit 2) saying what is wrong otherwise."""
    if data.lstrip()[:1] == b"<":
        raise DiffInputError(f"{shown}: only JSON is compared, not XML ({_HINT})")
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise DiffInputError(f"{shown}: not valid JSON: {' '.join(str(exc).split())}") from None
    if isinstance(document, dict) and "schema" in document:
        return snapshot(json_report.parse(text, shown))
    if isinstance(document, dict) and document.get("bomFormat") == "CycloneDX":
        return diff_cyclonedx.snapshot(document, shown)
    raise DiffInputError(f"{shown}: neither an aibom JSON report nor a CycloneDX SBOM ({_HINT})")
