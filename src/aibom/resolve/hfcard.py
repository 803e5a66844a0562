"""What aibom reads of a Hugging Face repository's own files: card license keys, the LICENSE.

Shared by the offline cache reader and the Hub client, so that a model pinned either way says
the same thing about its license.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from aibom.core import yamlsafe
from aibom.core.frontmatter import front_matter
from aibom.core.model import PinnedFile

CARD_CAP = 256 * 1024  # bytes of a README read for its front matter
LICENSE_CAP = 1024 * 1024  # license texts are tens of kilobytes; more is not a license
MAX_VALUE = 512
MAX_ITEMS = 64
CARD_KEYS = ("license", "license_name", "license_link", "base_model")
LICENSE_NAMES = ("license", "license.md", "license.txt")  # in order of preference, any case
COMMIT = re.compile(r"[0-9a-f]{40}")  # a git commit (sha1), also a git blob id
SHA256 = re.compile(r"[0-9a-f]{64}")


class Card(NamedTuple):
    """The card keys that bear on licensing."""

    license: str | None = None
    name: str | None = None
    link: str | None = None
    base_models: tuple[str, ...] = ()


def license_file(files: Iterable[PinnedFile]) -> PinnedFile | None:
    """The repository's top-level license text, by the preferred name (any case)."""
    by_name = {f.path.casefold(): f for f in files if "/" not in f.path}
    return next((by_name[name] for name in LICENSE_NAMES if name in by_name), None)


def card_front_matter(data: bytes) -> Mapping[object, object]:
    """The YAML mapping between a README's opening ``---`` line and the next; {} when none."""
    text = front_matter(data, CARD_CAP)
    if text is None:
        return {}
    try:
        loaded = yamlsafe.load_untrusted(text)
    except yamlsafe.LOAD_ERRORS:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def card_fields(data: Mapping[object, object]) -> Card:
    """The card keys that bear on licensing (huggingface_hub ``ModelCardData`` names)."""
    bases = data.get("base_model")
    items = bases[:MAX_ITEMS] if isinstance(bases, list) else [bases]
    return Card(
        text_value(data.get("license")),
        text_value(data.get("license_name")),
        text_value(data.get("license_link")),
        tuple(dict.fromkeys(text for item in items if (text := text_value(item)))),
    )


def text_value(value: object) -> str | None:
    """A string field, stripped and bounded; None for anything else."""
    return value.strip()[:MAX_VALUE] or None if isinstance(value, str) else None
