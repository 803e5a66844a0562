"""Load and check license_db: every error in every entry reported at once, then typed entries.

Two steps, as in ``packaging``: the raw YAML is checked against :mod:`aibom.licenses.schema`
collecting every problem with its file and key path; only a clean database becomes typed
:class:`License` objects.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from aibom.core import yamlsafe
from aibom.core.cachedir import derived_json
from aibom.core.data import data_dir
from aibom.core.errors import AibomError
from aibom.core.licensing import Category, GeoRestriction, Reach, Term, TermStatus, TermValue
from aibom.licenses.model import License, Provider
from aibom.licenses.schema import (
    COMMON_TERM_FIELDS,
    ENTRY_FIELDS,
    GEO_ITEM_FIELDS,
    LIST,
    REQUIRED_ENTRY_FIELDS,
    TERM_FIELDS,
    TRAINING_TARGETS,
    FieldType,
)

_KEY = re.compile(r"^[a-z0-9][a-z0-9.+-]*$")
_SEPARATORS = re.compile(r"[\s_\-]+")
KNOWN_MODELS_FILE = "known-models.yaml"
# libyaml's safe loader where present: the same safety, a tenth of the time.


class LicenseDbError(AibomError):
    """license_db is invalid; the message lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("license_db is invalid:\n  " + "\n  ".join(errors))
        self.errors = errors


def normalise_name(name: str) -> str:
    """How names are compared: case-folded, spaces, dashes and underscores removed."""
    return _SEPARATORS.sub("", name.strip().casefold())


class LicenseDb:
    """Every license, looked up by key, Hugging Face id, alias or link.

    Immutable once loaded; compared and hashed by identity, so caches keyed on it are cheap.
    """

    def __init__(self, licenses: tuple[License, ...], root: Path) -> None:
        self.licenses = licenses
        self.root = root

    def get(self, key: str) -> License | None:
        return self._by_key.get(key)

    def find(self, name: str) -> License | None:
        """The license a key, Hugging Face id, SPDX id or alias names (case-insensitive)."""
        return self._by_name.get(normalise_name(name))

    def find_link(self, url: str) -> License | None:
        """The license a ``license_link`` URL points at, by its identifying substrings."""
        lowered = url.casefold()
        best: tuple[int, License] | None = None
        for entry in self.licenses:
            for link in entry.links:
                if link.casefold() in lowered and (best is None or len(link) > best[0]):
                    best = (len(link), entry)
        return best[1] if best else None

    def text(self, entry: License, document: str = "license") -> str | None:
        """The reference text of one of the entry's documents, when it ships with aibom."""
        name = entry.text_file(document)
        if name is None:
            return None
        path = self.root / "texts" / name
        return path.read_text(encoding="utf-8") if path.is_file() else None

    @cached_property
    def _by_key(self) -> dict[str, License]:
        return {entry.key: entry for entry in self.licenses}

    @cached_property
    def _by_name(self) -> dict[str, License]:
        names: dict[str, License] = {}
        for entry in self.licenses:
            for name in (entry.key, *entry.huggingface, *entry.aliases, entry.spdx or ""):
                if name:
                    names.setdefault(normalise_name(name), entry)
        return names


@cache
def load_default() -> LicenseDb:
    """The license_db shipped with aibom."""
    return load(data_dir("license_db"))


def load(root: Path) -> LicenseDb:
    """Load every ``*.yaml`` entry under ``root``; raise LicenseDbError listing all problems.

    A database that checked clean is kept as JSON in the cache folder, keyed by its files'
    paths, sizes and times (texts included): the next run parses JSON instead of a hundred YAML
    files.
    """
    paths = sorted(p for p in root.glob("*.yaml") if p.name != KNOWN_MODELS_FILE)
    sources = [*paths, *sorted((root / "texts").glob("*"))]
    raws = derived_json("license_db", sources, lambda: [raw for _, raw in _check_all(root, paths)])
    if not isinstance(raws, list) or not all(isinstance(raw, dict) for raw in raws):
        raws = [raw for _, raw in _check_all(root, paths)]  # a cache altered by hand
    return LicenseDb(tuple(_build(raw) for raw in raws), root)


def _check_all(root: Path, paths: list[Path]) -> list[tuple[str, dict[str, Any]]]:
    errors: list[str] = []
    raw_entries: list[tuple[str, dict[str, Any]]] = []
    for path in paths:
        raw = _read(path, errors)
        if raw is not None:
            errors.extend(f"{path.name}: {e}" for e in check_entry(raw, path.stem, root))
            raw_entries.append((path.name, raw))
    errors.extend(_check_unique(raw_entries))
    if errors:
        raise LicenseDbError(errors)
    return raw_entries


def _read(path: Path, errors: list[str]) -> dict[str, Any] | None:
    try:
        raw = yamlsafe.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlsafe.YAMLError) as exc:
        errors.append(f"{path.name}: cannot be read: {str(exc).splitlines()[0]}")
        return None
    if not isinstance(raw, dict):
        errors.append(f"{path.name}: must be a mapping")
        return None
    return raw


def check_entry(raw: dict[str, Any], stem: str, root: Path) -> list[str]:
    """Every problem with one raw entry, as ``key.path: message`` strings."""
    errors: list[str] = []
    for name in REQUIRED_ENTRY_FIELDS:
        if name not in raw:
            errors.append(f"{name}: required")
    for name, value in raw.items():
        kind = ENTRY_FIELDS.get(str(name))
        if kind is None:
            errors.append(f"{name}: unknown key")
        elif isinstance(kind, str) and kind in ("provider", "texts", "fingerprint", "terms"):
            errors.extend(_CHECKERS[kind](value, root))
        elif value is not None:
            errors.extend(_check_type(str(name), value, kind))
    key = raw.get("key")
    if isinstance(key, str) and (not _KEY.match(key) or key != stem):
        errors.append(f"key: {key!r} must be kebab-case and match the file name {stem}.yaml")
    if raw.get("category") not in {c.value for c in Category}:
        errors.append(
            f"category: {raw.get('category')!r} is not one of {[c.value for c in Category]}"
        )
    if not raw.get("spdx") and not raw.get("license_ref"):
        errors.append("license_ref: required when spdx is null")
    return errors


def _check_type(path: str, value: object, kind: FieldType) -> list[str]:
    if kind == LIST:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"{path}: must be a list of strings"]
        return []
    if not isinstance(kind, type):
        raise TypeError(f"schema bug: {path} has kind {kind!r}")
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        return [f"{path}: must be {kind.__name__}, not {type(value).__name__}"]
    return []


def _check_provider(value: object, root: Path) -> list[str]:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return ["provider: must be a mapping with a name"]
    country = value.get("country")
    if country is not None and not (
        isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)
    ):
        return ["provider.country: must be an ISO 3166-1 alpha-2 code"]
    return [f"provider.{k}: unknown key" for k in value if k not in ("name", "country")]


def _check_texts(value: object, root: Path) -> list[str]:
    if not isinstance(value, dict):
        return ["texts: must be a mapping of document -> file"]
    return [
        f"texts.{doc}: {name!r} is not a file under texts/"
        for doc, name in value.items()
        if not isinstance(name, str) or not (root / "texts" / name).is_file()
    ]


def _check_fingerprint(value: object, root: Path) -> list[str]:
    if not isinstance(value, dict) or set(value) - {"phrases"}:
        return ["fingerprint: must be a mapping with only phrases"]
    return _check_type("fingerprint.phrases", value.get("phrases", []), LIST)


def _check_terms(value: object, root: Path) -> list[str]:
    if not isinstance(value, dict):
        return ["terms: must be a mapping"]
    errors: list[str] = []
    for name, term in value.items():
        fields = TERM_FIELDS.get(str(name))
        if fields is None:
            errors.append(f"terms.{name}: unknown term (see license_db/README.md)")
        elif not isinstance(term, dict):
            errors.append(f"terms.{name}: must be a mapping")
        else:
            errors.extend(f"terms.{name}.{e}" for e in _check_term(str(name), term, fields))
    return errors


def _check_term(name: str, term: dict[str, Any], fields: dict[str, FieldType]) -> list[str]:
    errors: list[str] = []
    status = term.get("status")
    if status not in {s.value for s in TermStatus}:
        errors.append(f"status: {status!r} must be present, absent or unverified")
    if status == TermStatus.PRESENT and name != "geographic_restrictions":
        errors.extend(
            f"{k}: required when status is present"
            for k in ("clause", "quote")
            if not isinstance(term.get(k), str) or not term.get(k)
        )
    if status == TermStatus.UNVERIFIED and not term.get("note"):
        errors.append("note: say why the term could not be verified")
    for key, value in term.items():
        if key in COMMON_TERM_FIELDS:
            if key != "status" and not isinstance(value, str):
                errors.append(f"{key}: must be a string")
        elif key not in fields:
            errors.append(f"{key}: not a field of {name}")
        elif fields[key] == "items":
            errors.extend(_check_items(value))
        else:
            errors.extend(_check_type(key, value, fields[key]))
    targets = term.get("applies_to", [])
    if isinstance(targets, list) and set(targets) - TRAINING_TARGETS:
        errors.append(f"applies_to: only {sorted(TRAINING_TARGETS)}")
    return errors


def _check_items(value: object) -> list[str]:
    if not isinstance(value, list):
        return ["items: must be a list"]
    errors: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            errors.append(f"items[{index}]: must be a mapping")
            continue
        for key in ("region", "clause", "quote", "reaches"):
            if not isinstance(item.get(key), str):
                errors.append(f"items[{index}].{key}: required")
        reaches = item.get("reaches")
        if isinstance(reaches, str) and reaches not in {r.value for r in Reach}:
            errors.append(
                f"items[{index}].reaches: {reaches!r} is not one of {[r.value for r in Reach]}"
            )
        errors.extend(f"items[{index}].{k}: unknown key" for k in item if k not in GEO_ITEM_FIELDS)
    return errors


_CHECKERS = {
    "provider": _check_provider,
    "texts": _check_texts,
    "fingerprint": _check_fingerprint,
    "terms": _check_terms,
}


def _check_unique(entries: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Keys, Hugging Face ids, aliases and SPDX ids must name one license each."""
    seen: dict[str, str] = {}
    errors: list[str] = []
    for file, raw in entries:
        names = [
            raw.get("key"),
            raw.get("spdx"),
            *(raw.get("huggingface") or []),
            *(raw.get("aliases") or []),
        ]
        own: set[str] = set()
        for name in names:
            if not isinstance(name, str) or not name:
                continue
            norm = normalise_name(name)
            if norm in seen and seen[norm] != file:
                errors.append(f"{file}: {name!r} also names {seen[norm]}")
            seen.setdefault(norm, file)
            own.add(norm)
    return errors


def _build(raw: dict[str, Any]) -> License:
    provider = raw["provider"]
    return License(
        key=raw["key"],
        name=raw["name"],
        provider=Provider(provider["name"], provider.get("country")),
        category=Category(raw["category"]),
        version=str(raw["version"]) if raw.get("version") is not None else None,
        urls=tuple(raw.get("urls") or ()),
        spdx=raw.get("spdx"),
        license_ref=raw.get("license_ref"),
        scancode=raw.get("scancode"),
        huggingface=tuple(raw.get("huggingface") or ()),
        aliases=tuple(raw.get("aliases") or ()),
        links=tuple(raw.get("links") or ()),
        texts=tuple(sorted((raw.get("texts") or {}).items())),
        phrases=tuple((raw.get("fingerprint") or {}).get("phrases") or ()),
        terms=tuple(_term(name, body) for name, body in sorted(raw["terms"].items())),
        note=raw.get("note"),
    )


def _term(name: str, body: dict[str, Any]) -> Term:
    fields: list[tuple[str, TermValue]] = []
    for key, value in sorted(body.items()):
        if key in COMMON_TERM_FIELDS or key == "items":
            continue
        fields.append((key, tuple(value) if isinstance(value, list) else value))
    items = tuple(
        GeoRestriction(
            i["region"],
            i.get("scope", ""),
            i["clause"],
            i["quote"],
            i.get("document", "license"),
            Reach(i["reaches"]),
        )
        for i in body.get("items") or ()
    )
    status = TermStatus(body["status"])
    if name == "geographic_restrictions" and status is TermStatus.PRESENT and not items:
        status = TermStatus.ABSENT
    return Term(
        name,
        status,
        tuple(fields),
        body.get("clause"),
        body.get("quote"),
        body.get("document", "license"),
        body.get("note"),
        items,
    )
