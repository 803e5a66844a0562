"""What the license stage decides about a model, as plain data every later stage reads.

A report carries these, so that evaluating and rendering it never needs the license database:
a report licensed with one database renders the same anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TermStatus(StrEnum):
    """What the official text says about a term."""

    PRESENT = "present"
    ABSENT = "absent"
    UNVERIFIED = "unverified"


class Category(StrEnum):
    """The broad kind of a license, which a policy can allow or deny as a whole."""

    PERMISSIVE = "permissive"
    WEAK_COPYLEFT = "weak-copyleft"
    COPYLEFT = "copyleft"
    PUBLIC_DOMAIN = "public-domain"
    NON_COMMERCIAL = "non-commercial"
    RESEARCH_ONLY = "research-only"
    CUSTOM_TERMS = "custom-terms"


TermValue = bool | int | str | tuple[str, ...]


class Reach(StrEnum):
    """Which fact about the licensee a regional clause turns on.

    The Llama 3.2, 3.3 and 4 clause withholds the grant from "an individual domiciled in, or a
    company with a principal place of business in, the European Union": it reaches where the
    licensee is established, not where it sells. A company with EU customers is not caught;
    an EU company is.
    """

    DOMICILE = "domicile"  # where the licensee is domiciled or has its principal place of business
    OPERATIONS = "operations"  # where the licensee operates or sells
    USERS = "users"  # where the users of the model or product are


@dataclass(frozen=True)
class GeoRestriction:
    """A region whose people or companies are not granted some rights (``EU``: multimodal)."""

    region: str
    scope: str
    clause: str
    quote: str
    document: str = "license"
    reaches: Reach = Reach.OPERATIONS


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
class LicenseSummary:
    """One license as a report names it: ids, name, version, official URL, provider, category."""

    key: str  # the license_db key
    name: str
    category: Category
    sbom_id: str  # the SPDX id, or a ``LicenseRef-`` id where SPDX lists none
    spdx: str | None = None
    version: str | None = None
    url: str | None = None
    provider: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 of the provider's home country


# The terms a report shows for every license, stated or not: a reader must be able to tell "the
# text chooses no law" from "the text was not checked".
ALWAYS_SHOWN = ("governing_law", "venue")


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
    licenses: tuple[LicenseSummary, ...] = ()  # the decided license and every inherited one
    # (license key, base model) of every base model's license that binds this one, terms or not
    inherited: tuple[tuple[str, str], ...] = ()
    # (license key, base model) of base models' licenses that do not bind derivatives
    not_inherited: tuple[tuple[str, str], ...] = ()
    # Terms every report shows even where a binding license's text is silent on them (governing
    # law, venue): each with its status, absent (the text says nothing) or unverified.
    unstated: tuple[EffectiveTerm, ...] = ()

    @property
    def license(self) -> LicenseSummary | None:
        """The decided license as a report names it; None when unknown."""
        return self.summary(self.key) if self.key else None

    def summary(self, key: str) -> LicenseSummary | None:
        """The named license among the decided and inherited ones."""
        return next((s for s in self.licenses if s.key == key), None)

    @property
    def conflicts(self) -> tuple[LicenseClaim, ...]:
        """Claims that name a different known license than the decided one."""
        return tuple(c for c in self.claims if c.key is not None and c.key != self.key)
