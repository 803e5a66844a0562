"""License-file detector: the license texts that sit beside a model's weights.

A ``LICENSE`` (or ``LICENSE-MODEL``, ``USE_POLICY.md``...) in a model folder is the strongest
statement of that model's license; the license stage identifies it by fingerprint. A license file
in a folder with no model in it is the project's own and is dropped when local models merge.
"""

from __future__ import annotations

import hashlib
import re

from aibom.core.model import LicenseFile, LocalModel
from aibom.discover.base import Sink

NAME = "license-file"
MAX_LICENSE_TEXT = 512 * 1024
_NAMES = re.compile(
    r"^(?:(?:model[_-])?licen[cs]e(?:[_-](?:model|weights|agreement))?|use[_-]policy|"
    r"acceptable[_-]use[_-]policy|notice|.*licen[cs]e agreement)(?:\.(?:txt|md|rst))?$",
    re.IGNORECASE,
)


class LicenseFileDetector:
    """Claims ``LICENSE``-like names; records the text for the license stage to identify."""

    name = NAME
    trigger = None

    def claims(self, name: str) -> bool:
        return bool(_NAMES.match(name))

    def detect(self, sink: Sink) -> None:
        data = sink.source.data[:MAX_LICENSE_TEXT]
        text = data.decode("utf-8", errors="replace")
        digest = hashlib.sha256(sink.source.data).hexdigest()
        folder = sink.source.directory or "."
        found = LicenseFile(sink.source.path, digest, text)
        sink.local_models.append(LocalModel(folder, license_files=(found,)))


DETECTOR = LicenseFileDetector()
