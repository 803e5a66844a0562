"""Typed license knowledge: a license_db entry, its provider, and its cited terms.

The terms and the license stage's verdict are core types (:mod:`aibom.core.licensing`): reports
carry them. This module holds what only the license database has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aibom.core.licensing import (
    Category,
    LicenseSummary,
    Term,
    TermStatus,
)


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

    def summary(self) -> LicenseSummary:
        """How a report names this license, without the rest of the database."""
        return LicenseSummary(
            key=self.key,
            name=self.name,
            category=self.category,
            sbom_id=self.sbom_id,
            spdx=self.spdx,
            version=self.version,
            url=self.urls[0] if self.urls else None,
            provider=self.provider.name,
            country=self.provider.country,
        )
