"""Identify a license text: which license_db entry it is, and whether it is that text unchanged.

A LICENSE file beside weights is compared with every reference text after normalisation (case,
typography, Markdown markers, whitespace and copyright lines do not count). An identical
normalised text is an exact match. Otherwise the distinctive phrases of each entry pick the
candidate and word-shingle similarity says how close the text is: a text that contains a license's
phrases but differs from it is reported as a changed version, never silently taken for it.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, replace
from functools import cache

from aibom.licenses.db import LicenseDb
from aibom.licenses.model import License

_MARKUP = re.compile(r"[#*_>`|]+|\[([^\]]*)\]\([^)]*\)")
_COPYRIGHT = re.compile(r"^\s*(?:copyright|\(c\)|©).*$", re.IGNORECASE | re.MULTILINE)
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"[\w']+")
# Words a reformatting may add or drop without changing what a license says: list markers.
_NUMBERING = re.compile(r"^(?:\d{1,3}|[a-z]|[ivxl]{1,5})$")
MAX_DIFF_WORDS = 40_000
MAX_DIFFERENCES = 5
SHINGLE = 5
SAME_TEXT = 0.97  # shingle similarity at or above which only formatting differs
MAX_TEXT = 512 * 1024


@dataclass(frozen=True)
class Identification:
    """What a text is: the best license, how similar, and whether it is the official text."""

    key: str | None
    similarity: float  # 0..1, word 5-gram Jaccard similarity with the reference text
    exact: bool  # the normalised text is identical to the reference
    phrases_found: int
    phrases_total: int
    differences: tuple[str, ...] = ()  # wording that differs from the reference (a few)

    @property
    def changed(self) -> bool:
        """Looks like the license but its wording differs: a changed or different version.

        Layout, list numbering and copyright lines do not count; any other word does, since
        "700 million" and "7 million" differ by one word and mean different licenses.
        """
        return (
            self.key is not None
            and not self.exact
            and (bool(self.differences) or self.similarity < SAME_TEXT)
        )

    @property
    def confidence(self) -> float:
        if self.key is None:
            return 0.0
        if self.exact:
            return 1.0
        phrase_share = self.phrases_found / self.phrases_total if self.phrases_total else 0.0
        return round(min(0.99, 0.5 * phrase_share + 0.5 * self.similarity), 2)


def normalise(text: str) -> str:
    """The text with formatting removed: what a license says, not how it is laid out."""
    text = text[:MAX_TEXT].translate(_TYPOGRAPHY)
    text = _COPYRIGHT.sub(" ", text)
    text = _MARKUP.sub(lambda m: m.group(1) or " ", text)
    return " ".join(_WORD.findall(text.casefold()))


def text_hash(text: str) -> str:
    """sha256 of the normalised text."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def _shingles(normalised: str) -> frozenset[int]:
    words = normalised.split()
    if len(words) < SHINGLE:
        return frozenset({hash(normalised)})
    return frozenset(
        hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)
    )


def _similarity(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class _Reference:
    entry: License
    digest: str
    shingles: frozenset[int]
    phrases: tuple[str, ...]


@cache
def _references(db: LicenseDb) -> tuple[_Reference, ...]:
    references = []
    for entry in db.licenses:
        text = db.text(entry)
        if text is None:
            continue
        normalised = normalise(text)
        digest = hashlib.sha256(normalised.encode()).hexdigest()
        phrases = tuple(normalise(p) for p in entry.phrases)
        references.append(_Reference(entry, digest, _shingles(normalised), phrases))
    return tuple(references)


def identify(text: str, db: LicenseDb) -> Identification:
    """The license ``text`` is, by exact normalised hash, then phrases and similarity."""
    normalised = normalise(text)
    digest = hashlib.sha256(normalised.encode()).hexdigest()
    references = _references(db)
    for reference in references:
        if reference.digest == digest:
            total = len(reference.phrases)
            return Identification(reference.entry.key, 1.0, True, total, total)
    shingles = _shingles(normalised)
    best: Identification | None = None
    for reference in references:
        found = sum(1 for phrase in reference.phrases if phrase and phrase in normalised)
        similarity = _similarity(shingles, reference.shingles)
        if found == 0 and similarity < 0.5:
            continue
        candidate = Identification(
            reference.entry.key, round(similarity, 4), False, found, len(reference.phrases)
        )
        if best is None or _rank(candidate) > _rank(best):
            best = candidate
    if best is None:
        return Identification(None, 0.0, False, 0, 0)
    reference = next(r for r in references if r.entry.key == best.key)
    text = db.text(reference.entry) or ""
    return replace(best, differences=wording_differences(normalise(text), normalised))


def wording_differences(reference: str, text: str) -> tuple[str, ...]:
    """Where the wording of ``text`` differs from ``reference`` (both normalised), as
    ``"700 million" -> "7 million"`` snippets; list numbering is ignored."""
    old, new = reference.split(), text.split()
    if len(old) > MAX_DIFF_WORDS or len(new) > MAX_DIFF_WORDS:
        return ()
    found: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        if tag != "replace" and all(_NUMBERING.match(w) for w in (*removed, *added)):
            continue  # list markers dropped or added by reformatting; "700" -> "7" still counts
        found.append(f"{' '.join(removed[:8])!r} -> {' '.join(added[:8])!r}")
        if len(found) == MAX_DIFFERENCES:
            break
    return tuple(found)


def _rank(candidate: Identification) -> tuple[float, float]:
    share = candidate.phrases_found / candidate.phrases_total if candidate.phrases_total else 0.0
    return (share + candidate.similarity, candidate.similarity)
