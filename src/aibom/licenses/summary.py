"""One-line summaries of license terms, for SBOM properties, tables and reports."""

from __future__ import annotations

from aibom.core.licensing import ALWAYS_SHOWN, EffectiveTerm, Licensing, Term, TermStatus


def describe(term: Term) -> str:
    """What a present term demands, in a few words, with its clause."""
    if term.items:
        return "; ".join(
            f"{i.region}, by {i.reaches.value}: {i.scope or 'restricted'} (\u00a7{i.clause})"
            for i in term.items
        )
    parts = []
    for key, value in term.fields:
        if isinstance(value, bool):
            parts.append(f"{key.replace('_', ' ')}: {'yes' if value else 'no'}")
        elif isinstance(value, tuple):
            if value:
                parts.append(f"{key.replace('_', ' ')}: {', '.join(value)}")
        else:
            parts.append(f"{key.replace('_', ' ')}: {value}")
    return f"{'; '.join(parts) or 'yes'} (\u00a7{term.clause})"


def describe_effective(effective: EffectiveTerm, owner: str) -> str:
    """``describe`` plus the license and, when inherited, the base model it comes from."""
    origin = "" if effective.origin == owner else f", inherited from {effective.origin}"
    return f"{describe(effective.term)} [{effective.license}{origin}]"


def binding(name: str, licensing: Licensing) -> list[tuple[str, str | None]]:
    """Each license that binds the model ``name``, its own first, with the base model an
    inherited one comes from (None for its own)."""
    found: dict[str, str | None] = {}
    if licensing.key:
        found[licensing.key] = None
    for term in (*licensing.effective_terms, *licensing.unstated):
        found.setdefault(term.license, None if term.origin == name else term.origin)
    for key, base in licensing.inherited:
        found.setdefault(key, base)
    return list(found.items())


def law_and_venue(licensing: Licensing, key: str) -> str:
    """The governing law and venue of one license that binds the model, each with its clause,
    or what is known of them: not stated in the text, or not verified."""
    found = {
        t.term.name: t
        for t in (*licensing.effective_terms, *licensing.unstated)
        if t.license == key and t.term.name in ALWAYS_SHOWN
    }
    return "; ".join(_stated(name, found.get(name)) for name in ALWAYS_SHOWN)


def _stated(name: str, term: EffectiveTerm | None) -> str:
    label = "governing law " if name == "governing_law" else "venue "
    if term is None:
        return f"{label}not recorded"
    if term.term.status is TermStatus.PRESENT:
        return f"{label}{term.term.get('value')} (\u00a7{term.term.clause})"
    if term.term.status is TermStatus.ABSENT:
        return f"{label}not stated in the text"
    return f"{label}unverified"
