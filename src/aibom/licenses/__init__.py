"""The license stage: what each model's license is and which terms bind it (see :func:`apply`)."""

from __future__ import annotations

from dataclasses import replace

from aibom.core.licensing import LicenseSource, Licensing
from aibom.core.model import Component, Ecosystem
from aibom.licenses.db import LicenseDb, load_default
from aibom.licenses.decide import decide
from aibom.licenses.known import KnownModels
from aibom.licenses.known import load_default as load_known
from aibom.licenses.lineage import effective_terms, follow


def apply(
    components: tuple[Component, ...],
    db: LicenseDb | None = None,
    known: KnownModels | None = None,
) -> tuple[Component, ...]:
    """Each component with its licensing: decided license, claims, lineage, effective terms."""
    db = db or load_default()
    known = known or load_known(db)
    decisions = [decide(c, db, known) for c in components]
    own = {c.name.casefold(): (c, d) for c, d in zip(components, decisions, strict=True)}

    def lookup(name: str) -> tuple[Licensing, tuple[str, ...]] | None:
        found = own.get(name.casefold())
        if found is not None:
            return found[1], found[0].base_models
        outside = Component(name, Ecosystem.HUGGINGFACE, evidence=())
        licensing = decide(outside, db, known)
        return (licensing, ()) if licensing.source is not LicenseSource.NONE else None

    result = []
    for component, licensing in zip(components, decisions, strict=True):
        chain = follow(component, licensing, lookup)
        inheritance = effective_terms(chain, db)
        keys = dict.fromkeys(
            [
                licensing.key or "",
                *(term.license for term in inheritance.terms),
                *(key for key, _ in inheritance.licenses),
            ]
        )
        found = (db.get(key) for key in keys if key)
        licensing = replace(
            licensing,
            lineage=tuple(name for name, _ in chain[1:]),
            effective_terms=inheritance.terms,
            notes=licensing.notes + inheritance.notes,
            licenses=tuple(entry.summary() for entry in found if entry is not None),
            inherited=inheritance.licenses,
            unstated=inheritance.unstated,
            not_inherited=inheritance.free,
        )
        result.append(replace(component, licensing=licensing))
    return tuple(result)
