"""Lineage: a fine-tune, quantisation, merge or adapter carries its base model's obligations.

The chain of ``base_model`` links is followed (cycle-safe, bounded), and a component's effective
terms are the union of the present terms of every license along it that binds derivatives (its
``derivatives_inherit`` term), each saying which model and license it comes from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aibom.core.licensing import ALWAYS_SHOWN, EffectiveTerm, Licensing, TermStatus
from aibom.core.model import Component
from aibom.licenses.db import LicenseDb
from aibom.licenses.model import License

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


@dataclass(frozen=True)
class Inheritance:
    """What a component's chain binds it to: the terms, the base licenses, and notes."""

    terms: tuple[EffectiveTerm, ...]
    licenses: tuple[tuple[str, str], ...]  # (license key, base model) that bind the component
    notes: tuple[str, ...]
    unstated: tuple[EffectiveTerm, ...] = ()  # ALWAYS_SHOWN terms the binding texts do not state
    free: tuple[tuple[str, str], ...] = ()  # (license key, base model) that do not bind it


def effective_terms(chain: list[tuple[str, str]], db: LicenseDb) -> Inheritance:
    """The present terms of every license on the chain that binds the component, once per
    (term, license), the base licenses that bind it, and a note for each that does not or may.

    The component's own license binds it. A base model's license binds it as far as the
    license's ``derivatives_inherit`` term says: present and true (a fine-tune of a CC BY-NC
    model stays NonCommercial, section 2(a)(1)(B)), or unverified (kept: never a silent pass);
    present and false, or absent (no condition follows a derivative: CC0), it does not.
    """
    terms: list[EffectiveTerm] = []
    unstated: list[EffectiveTerm] = []
    bound: list[tuple[str, str]] = []
    free: list[tuple[str, str]] = []
    notes: list[str] = []
    seen: set[tuple[str, str]] = set()
    for index, (origin, key) in enumerate(chain):
        entry = db.get(key) if key else None
        if entry is None:
            continue
        if index:
            binds, note = _binds(entry, origin)
            if note and note not in notes:
                notes.append(note)
            if not binds:
                free.append((key, origin))
                continue
            bound.append((key, origin))
        if all(key != done.license for done in unstated + terms):
            unstated.extend(
                EffectiveTerm(entry.term(name), key, origin)
                for name in ALWAYS_SHOWN
                if not entry.term(name).present
            )
        for term in entry.terms:
            if term.present and (term.name, key) not in seen:
                seen.add((term.name, key))
                terms.append(EffectiveTerm(term, key, origin))
    return Inheritance(tuple(terms), tuple(bound), tuple(notes), tuple(unstated), tuple(free))


def _binds(entry: License, origin: str) -> tuple[bool, str | None]:
    """Whether a base model's license binds what is derived from it, and what to tell."""
    term = entry.term("derivatives_inherit")
    if term.status is TermStatus.UNVERIFIED:
        return True, (
            f"whether derivatives of {origin} stay bound by {entry.key} is not verified: its "
            "terms are kept"
        )
    if term.present and term.get("value") is True:
        return True, None
    where = f" (\u00a7{term.clause})" if term.present else ""
    return False, (
        f"{entry.key} of base model {origin} does not bind derivatives{where}: its terms are "
        "not inherited"
    )
