"""License terms as the legal review shows them: a row per term, cited, and the obligations
that matter most across every model, each once with the models it binds.

Also which URLs may become links: an ``http(s)`` URL with a host and nothing that could break out
of an attribute; anything else (``javascript:``, ``data:``) is shown as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from aibom.core.licensing import EffectiveTerm, TermStatus
from aibom.core.model import Component, Ecosystem
from aibom.render import plain

# The terms a reader with two minutes must see: what can stop the product, and its duties.
OBLIGATIONS = (
    "user_threshold",
    "revenue_threshold",
    "restricts_training_other_models",
    "geographic_restrictions",
    "non_commercial",
    "research_only",
    "acceptable_use_policy",
    "attribution",
)

_URL_TEXT = re.compile(r"[^\s\x00-\x1f\x7f<>\"'`\\]+")


def link(url: str | None) -> str | None:
    """``url`` when it may become a link: http(s), a host, nothing that could break out."""
    if not url or not _URL_TEXT.fullmatch(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


@dataclass(frozen=True)
class Quote:
    """A license's words, with where they are: the clause and the document (license, AUP)."""

    clause: str | None
    text: str | None
    document: str = "license"


@dataclass(frozen=True)
class TermRow:
    """One effective term in plain words, cited; ``origin`` set when inherited."""

    title: str
    words: str
    quote: Quote
    license: str
    origin: str | None
    note: str | None


@dataclass(frozen=True)
class Obligation:
    """A term that matters, once per license and term, with every model it binds."""

    title: str
    words: str
    license: str
    quote: Quote
    models: tuple[tuple[str, str], ...]  # (name, anchor)


def terms(component: Component) -> tuple[TermRow, ...]:
    """Every term that binds the model, and those every reader expects to see (governing law,
    venue) where a binding license is silent on them or unchecked, saying which."""
    licensing = component.licensing
    effective = licensing.effective_terms if licensing else ()
    unstated = licensing.unstated if licensing else ()
    ordered = sorted(
        (*effective, *unstated),
        key=lambda e: (plain.rank(e.term.name), e.origin != component.name, e.license),
    )
    return tuple(row for e in ordered for row in term_rows(e, component.name))


def term_rows(effective: EffectiveTerm, owner: str) -> list[TermRow]:
    term = effective.term
    origin = None if effective.origin == owner else effective.origin
    if not term.present:
        words = (
            "Not stated in the license text."
            if term.status is TermStatus.ABSENT
            else "Not verified: no official text of this license was checked."
        )
        return [
            TermRow(
                plain.title(term.name),
                words,
                Quote(None, None),
                effective.license,
                origin,
                term.note,
            )
        ]
    if term.items:  # each region its own row: it has its own clause, quote and reach
        return [
            TermRow(
                f"{plain.title(term.name)}: {item.region}",
                f"{item.region}: {item.scope}." if item.scope else f"{item.region}: restricted.",
                Quote(item.clause, item.quote, item.document),
                effective.license,
                origin,
                term.note,
            )
            for item in term.items
        ]
    quote = Quote(term.clause, term.quote, term.document)
    return [
        TermRow(
            plain.title(term.name),
            plain.sentence(term),
            quote,
            effective.license,
            origin,
            term.note,
        )
    ]


def obligations(components: list[Component], anchors: dict[str, str]) -> tuple[Obligation, ...]:
    found: dict[tuple[int, str, str, str], tuple[TermRow, list[tuple[str, str]]]] = {}
    for component in components:
        licensing = component.licensing
        for effective in licensing.effective_terms if licensing else ():
            if effective.term.name not in OBLIGATIONS:
                continue
            for row in term_rows(effective, component.name):
                key = (
                    OBLIGATIONS.index(effective.term.name),
                    effective.license,
                    row.title,
                    row.words,
                )
                entry = found.setdefault(key, (row, []))
                model = (display_name(component), anchors[component.name])
                if model not in entry[1]:
                    entry[1].append(model)
    return tuple(
        Obligation(row.title, row.words, row.license, row.quote, tuple(models))
        for _, (row, models) in sorted(found.items(), key=lambda item: item[0])
    )


def display_name(component: Component) -> str:
    """A model as a reader knows it: an API model with its provider (``openai/gpt-4o``)."""
    if component.ecosystem is Ecosystem.API_SERVICE and component.provider:
        return f"{component.provider}/{component.name}"
    return component.name
