"""Typed license knowledge: a license, its provider, and its cited terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from aibom.licenses.schema import Category, TermStatus

TermValue = bool | int | str | tuple[str, ...]


@dataclass(frozen=True)
class GeoRestriction:
    """A region whose people or companies are not granted some rights (``EU``: multimodal)."""

    region: str
    scope: str
    clause: str
    quote: str
    document: str = "license"


@dataclass(frozen=True)
class Term:
    """One term of a license as the official text states it, with where it says so."""

    name: str
    status: TermStatus
    fields: tuple[tuple[str, TermValue], ...] = ()
    clause: str | None = None
    quote: str | None = None
    document: str = "license"
    note: str | None = None
    items: tuple[GeoRestriction, ...] = ()

    def get(self, name: str) -> TermValue | None:
        """The value of one of the term's fields, or None when it is not given."""
        return dict(self.fields).get(name)

    @property
    def present(self) -> bool:
        return self.status is TermStatus.PRESENT


@dataclass(frozen=True)
class Provider:
    """Who grants the license, and from which country."""

    name: str
    country: str | None = None


@dataclass(frozen=True)
class License:
    """One license version with its identifiers and terms."""

    key: str
    name: str
    provider: Provider
    category: Category
    version: str | None = None
    urls: tuple[str, ...] = ()
    spdx: str | None = None
    license_ref: str | None = None
    scancode: str | None = None
    huggingface: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    texts: tuple[tuple[str, str], ...] = ()  # (document, file name under license_db/texts)
    phrases: tuple[str, ...] = ()
    terms: tuple[Term, ...] = field(default_factory=tuple)
    note: str | None = None

    @property
    def sbom_id(self) -> str:
        """The id an SBOM uses: the SPDX id, or the ``LicenseRef-`` id where SPDX has none."""
        return self.spdx or self.license_ref or f"LicenseRef-{self.key}"

    def term(self, name: str) -> Term:
        """The named term; one the entry does not list is ``unverified``."""
        for term in self.terms:
            if term.name == name:
                return term
        return Term(name, TermStatus.UNVERIFIED, note="not recorded for this license")

    def text_file(self, document: str = "license") -> str | None:
        return dict(self.texts).get(document)


class LicenseSource(StrEnum):
    """Where a component's license came from, strongest first."""

    LICENSE_FILE = "license-file"  # a LICENSE text beside the weights, identified by fingerprint
    CARD = "card"  # the model card's license / license_name / license_link
    WEIGHTS = "weights-metadata"  # GGUF general.license, safetensors __metadata__
    KNOWN_MODEL = "known-model"  # the curated table of model-id patterns
    NONE = "none"


@dataclass(frozen=True)
class LicenseClaim:
    """What one source says the license is."""

    source: LicenseSource
    declared: str  # as written: a card id, a license_name, a file path, a table pattern
    key: str | None  # the license_db key it identifies, None when unrecognised
    detail: str | None = None  # e.g. "text differs from the official llama3.1 text (96% similar)"


@dataclass(frozen=True)
class EffectiveTerm:
    """A term that binds a component, and the model and license it comes from (lineage)."""

    term: Term
    license: str  # license_db key
    origin: str  # the component itself or the base model it inherits from


@dataclass(frozen=True)
class Licensing:
    """The license stage's verdict on one component: which license, how sure, and its terms."""

    key: str | None  # the decided license_db key; None: unknown
    source: LicenseSource
    claims: tuple[LicenseClaim, ...] = ()  # every source that said something, strongest first
    unverified: bool = False  # decided from a family fallback or an unverifiable source
    multimodal: bool = False  # the known-models table marks it multimodal (EU exclusions)
    changed_text: bool = False  # a LICENSE file that resembles but differs from the official text
    lineage: tuple[str, ...] = ()  # base models followed, nearest first
    effective_terms: tuple[EffectiveTerm, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def conflicts(self) -> tuple[LicenseClaim, ...]:
        """Claims that name a different known license than the decided one."""
        return tuple(c for c in self.claims if c.key is not None and c.key != self.key)
