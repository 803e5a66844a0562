"""One-line summaries of license terms, for SBOM properties, tables and reports."""

from __future__ import annotations

from aibom.core.licensing import EffectiveTerm, Term


def describe(term: Term) -> str:
    """What a present term demands, in a few words, with its clause."""
    if term.items:
        return "; ".join(
            f"{i.region}: {i.scope or 'restricted'} (\u00a7{i.clause})" for i in term.items
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
