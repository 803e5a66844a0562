"""The curated known-models table: which license a model id carries when nothing local says.

``license_db/known-models.yaml`` lists glob patterns per ecosystem, most specific first; the first
match wins. A family's last pattern usually catches releases newer than the table knows and is
marked ``unverified``: such a model gets the family's latest known license, reported as a guess
to be checked, never as a silent pass.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aibom.core import yamlsafe
from aibom.core.cachedir import derived_json
from aibom.core.data import data_dir
from aibom.licenses.db import KNOWN_MODELS_FILE, LicenseDb, LicenseDbError

ECOSYSTEMS = ("huggingface", "ollama")
_RULE_KEYS = frozenset({"pattern", "license", "unverified", "multimodal", "note", "source"})


@dataclass(frozen=True)
class KnownModel:
    """One rule of the table."""

    ecosystem: str
    pattern: str
    license: str
    unverified: bool = False
    multimodal: bool = False
    note: str | None = None
    source: str | None = None

    def matches(self, name: str) -> bool:
        # The literal start of the pattern rules out nearly every rule without a regex: a
        # lookup then compiles only the few patterns that could match (start-up matters in
        # a pre-commit hook).
        if not name.casefold().startswith(_literal_prefix(self.pattern)):
            return False
        return bool(_compiled(self.pattern).match(name))


@cache
def _literal_prefix(pattern: str) -> str:
    """The pattern's case-folded text before its first wildcard (``*``, ``?`` or ``[``)."""
    cut = min((i for i in (pattern.find(c) for c in "*?[") if i >= 0), default=len(pattern))
    return pattern[:cut].casefold()


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(pattern), re.IGNORECASE)


@dataclass(frozen=True)
class KnownModels:
    """The table, in order."""

    rules: tuple[KnownModel, ...]

    def match(self, ecosystem: str, name: str) -> KnownModel | None:
        """The first rule for ``ecosystem`` whose pattern matches ``name``."""
        for rule in self.rules:
            if rule.ecosystem == ecosystem and rule.matches(name):
                return rule
        return None


@cache
def load_default(db: LicenseDb) -> KnownModels:
    return load(data_dir("license_db") / KNOWN_MODELS_FILE, db)


def load(path: Path, db: LicenseDb) -> KnownModels:
    """Read and check the table: every license it names must be in ``db``."""
    try:
        raw = derived_json("known-models", [path], lambda: _parse(path)) if path.is_file() else {}
    except (OSError, yamlsafe.YAMLError) as exc:
        raise LicenseDbError([f"{path.name}: cannot be read: {exc}"]) from exc
    errors: list[str] = []
    rules: list[KnownModel] = []
    if not isinstance(raw, dict):
        raise LicenseDbError([f"{path.name}: must be a mapping of ecosystem -> rules"])
    for ecosystem, items in raw.items():
        if ecosystem == "version":
            continue
        if ecosystem not in ECOSYSTEMS or not isinstance(items, list):
            errors.append(f"{path.name}: {ecosystem}: must be one of {ECOSYSTEMS} with a list")
            continue
        for index, item in enumerate(items):
            where = f"{path.name}: {ecosystem}[{index}]"
            rule = _rule(str(ecosystem), item, where, db, errors)
            if rule is not None:
                rules.append(rule)
    if errors:
        raise LicenseDbError(errors)
    return KnownModels(tuple(rules))


def _parse(path: Path) -> object:
    return yamlsafe.load(path.read_text(encoding="utf-8"))


def _rule(
    ecosystem: str, item: Any, where: str, db: LicenseDb, errors: list[str]
) -> KnownModel | None:
    if not isinstance(item, dict):
        errors.append(f"{where}: must be a mapping")
        return None
    unknown = set(item) - _RULE_KEYS
    if unknown:
        errors.append(f"{where}: unknown keys {sorted(unknown)}")
    pattern, key = item.get("pattern"), item.get("license")
    if not isinstance(pattern, str) or not isinstance(key, str):
        errors.append(f"{where}: pattern and license are required strings")
        return None
    if db.get(key) is None:
        errors.append(f"{where}: license {key!r} is not in license_db")
    if item.get("unverified") and not item.get("note"):
        errors.append(f"{where}: an unverified rule needs a note")
    return KnownModel(
        ecosystem,
        pattern,
        key,
        bool(item.get("unverified")),
        bool(item.get("multimodal")),
        item.get("note"),
        item.get("source"),
    )
