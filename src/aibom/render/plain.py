"""License terms in plain words, for readers who are not going to read the JSON.

Each sentence is built only from the term's own fields (which the license stage took from the
license database, cited and checked against the official text); nothing is added from memory.
A term this module has no sentence for falls back to the one-line summary the SBOM uses.
"""

from __future__ import annotations

from collections.abc import Callable

from aibom.core.licensing import Term, TermValue
from aibom.licenses.summary import describe

# The order terms are shown in: what can stop a release first, then duties, then the rest.
ORDER = (
    "user_threshold",
    "revenue_threshold",
    "restricts_training_other_models",
    "geographic_restrictions",
    "non_commercial",
    "research_only",
    "commercial_use",
    "acceptable_use_policy",
    "attribution",
    "redistribution",
    "derivatives_inherit",
    "share_alike",
    "export_control",
    "governing_law",
    "venue",
    "termination",
)
TITLES = {
    "user_threshold": "User threshold",
    "revenue_threshold": "Revenue threshold",
    "restricts_training_other_models": "Training other models",
    "geographic_restrictions": "Geographic restriction",
    "non_commercial": "Non-commercial",
    "research_only": "Research only",
    "commercial_use": "Commercial use",
    "acceptable_use_policy": "Acceptable-use policy",
    "attribution": "Attribution and naming",
    "redistribution": "Redistribution",
    "derivatives_inherit": "Derivatives",
    "share_alike": "Share-alike",
    "export_control": "Export control",
    "governing_law": "Governing law",
    "venue": "Venue",
    "termination": "Termination",
}


def license_label(name: str, version: str | None) -> str:
    """A license by name and version, the version once: ``Apache License 2.0``, not ``..., 2.0``."""
    return name if not version or version in name else f"{name}, {version}"


def rank(name: str) -> int:
    """Where a term goes in :data:`ORDER`; unknown terms last."""
    return ORDER.index(name) if name in ORDER else len(ORDER)


def title(name: str) -> str:
    """The heading of a term (``user_threshold`` -> ``User threshold``)."""
    return TITLES.get(name, name.replace("_", " ").capitalize())


def sentence(term: Term) -> str:
    """What the term means for the organisation, in a sentence or two."""
    build = _SENTENCES.get(term.name)
    text = build(term) if build else None
    return text or describe(term)


def _words(value: TermValue | None) -> list[str]:
    if isinstance(value, tuple):
        return [str(v) for v in value]
    return [] if value is None or value == "" else [str(value)]


def _number(value: TermValue | None) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _users(term: Term) -> str:
    limit = _number(term.get("monthly_active_users"))
    consequence = term.get("consequence")
    return f"Above {limit} monthly active users: {consequence}." if consequence else ""


def _revenue(term: Term) -> str:
    amount, currency = _number(term.get("amount")), term.get("currency") or ""
    period = f" ({term.get('period')})" if term.get("period") else ""
    consequence = term.get("consequence") or "the license's conditions change"
    return f"Above {amount} {currency} of revenue{period}: {consequence}."


def _training(term: Term) -> str:
    applies = " or its ".join(_words(term.get("applies_to"))) or "model"
    scope = term.get("scope")
    return f"The {applies} may not be used to train or improve other models" + (
        f": {scope}." if scope else "."
    )


def _flag(yes: str, no: str) -> Callable[[Term], str]:
    def build(term: Term) -> str:
        return yes if term.get("value") is not False else no

    return build


def _commercial(term: Term) -> str:
    if term.get("value") is False:
        return "Commercial use is not granted."
    conditions = _words(term.get("conditions"))
    return "Commercial use is allowed" + (
        ", on conditions: " + "; ".join(conditions) + "." if conditions else "."
    )


def _aup(term: Term) -> str:
    url = term.get("url") or "the provider's acceptable-use policy"
    if term.get("flows_down"):
        return (
            f"Follow the acceptable-use policy at {url}, and pass it on: it binds the users "
            "of the product and whoever receives the model."
        )
    return f"Follow the acceptable-use policy at {url} in your own use."


def _attribution(term: Term) -> str:
    parts = []
    if display := term.get("display_text"):
        parts.append(f"Display \u201c{display}\u201d.")
    if prefix := term.get("model_name_prefix"):
        parts.append(
            f"The name of a distributed model built with it must begin with \u201c{prefix}\u201d."
        )
    duties = _words(term.get("requirements"))
    if duties:
        parts.append("Duties: " + "; ".join(duties) + ".")
    return " ".join(parts)


def _conditions(lead: str) -> Callable[[Term], str]:
    def build(term: Term) -> str:
        conditions = _words(term.get("conditions")) or _words(term.get("triggers"))
        return f"{lead}: " + "; ".join(conditions) + "." if conditions else ""

    return build


def _derivatives(term: Term) -> str:
    scope = term.get("scope")
    if term.get("value") is False:
        return "Derivatives do not carry these terms" + (f": {scope}." if scope else ".")
    return "Derivatives carry these terms" + (f": {scope}." if scope else ".")


def _share_alike(term: Term) -> str:
    scope = term.get("scope")
    if term.get("value") is False:
        return "Adaptations may be shared under other terms" + (f": {scope}." if scope else ".")
    return "Adaptations you share must carry this same license" + (f": {scope}." if scope else ".")


def _scoped(lead: str) -> Callable[[Term], str]:
    def build(term: Term) -> str:
        scope = term.get("scope")
        return f"{lead}: {scope}." if scope else ""

    return build


def _valued(lead: str) -> Callable[[Term], str]:
    def build(term: Term) -> str:
        value = term.get("value")
        return f"{lead} {value}." if value else ""

    return build


_SENTENCES: dict[str, Callable[[Term], str]] = {
    "user_threshold": _users,
    "revenue_threshold": _revenue,
    "restricts_training_other_models": _training,
    "non_commercial": _flag("Non-commercial use only.", "Commercial use is not excluded."),
    "research_only": _flag("Research use only.", "Not limited to research."),
    "commercial_use": _commercial,
    "acceptable_use_policy": _aup,
    "attribution": _attribution,
    "redistribution": _conditions("When you redistribute it"),
    "termination": _conditions("The license ends on"),
    "derivatives_inherit": _derivatives,
    "share_alike": _share_alike,
    "export_control": _scoped("Export control"),
    "governing_law": _valued("Governed by the law of"),
    "venue": _valued("Disputes go to"),
}
