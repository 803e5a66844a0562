"""Lineage: a fine-tune, quantisation, merge or adapter carries its base model's obligations.

The chain of ``base_model`` links is followed (cycle-safe, bounded), and a component's effective
terms are the union of the present terms of every license along it, each saying which model and
license it comes from.
"""

from __future__ import annotations

from collections.abc import Callable

from aibom.core.licensing import EffectiveTerm, Licensing
from aibom.core.model import Component
from aibom.licenses.db import LicenseDb

MAX_DEPTH = 8

# Looks up a base model by name: its licensing and its own base models, or None if unknown.
BaseLookup = Callable[[str], tuple[Licensing, tuple[str, ...]] | None]


def follow(component: Component, own: Licensing, lookup: BaseLookup) -> list[tuple[str, str]]:
    """``(model, license key or "")`` along the chain, the component first, nearest bases next."""
    chain: list[tuple[str, str]] = [(component.name, own.key or "")]
    seen = {component.name.casefold()}
    frontier = list(component.base_models)
    for _ in range(MAX_DEPTH):
        next_frontier: list[str] = []
        for base in frontier:
            if base.casefold() in seen:
                continue  # a cycle, or a base reached twice
            seen.add(base.casefold())
            found = lookup(base)
            chain.append((base, (found[0].key or "") if found else ""))
            if found:
                next_frontier.extend(found[1])
        if not next_frontier:
            break
        frontier = next_frontier
    return chain


def effective_terms(chain: list[tuple[str, str]], db: LicenseDb) -> tuple[EffectiveTerm, ...]:
    """The present terms of every license on the chain, once per (term, license)."""
    terms: list[EffectiveTerm] = []
    seen: set[tuple[str, str]] = set()
    for origin, key in chain:
        entry = db.get(key) if key else None
        if entry is None:
            continue
        for term in entry.terms:
            if term.present and (term.name, key) not in seen:
                seen.add((term.name, key))
                terms.append(EffectiveTerm(term, key, origin))
    return tuple(terms)
