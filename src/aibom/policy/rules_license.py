"""Rules about which license binds a model: allowed and denied, commercial use, provider and law,
unknown or conflicting licenses, and terms inherited through lineage."""

from __future__ import annotations

from collections import defaultdict

from aibom.core.licensing import Category, Term
from aibom.core.model import Ecosystem, Severity
from aibom.licenses.model import License
from aibom.policy.base import (
    Hit,
    Kind,
    Organisation,
    Param,
    Params,
    Rule,
    Subject,
    cited,
    inherited,
)
from aibom.policy.regions import expand, names_jurisdiction

_LICENSES = Param("licenses", Kind.LICENSES, (), "license_db keys")
_CATEGORIES = Param(
    "categories",
    Kind.CATEGORIES,
    (),
    "license categories: " + ", ".join(c.value for c in Category),
)


def _license_hit(entry: License, origin: str | None, term: Term | None, message: str) -> Hit:
    """A hit about a whole license, citing the term that shows it when there is one."""
    hint = "replace the model with one under a license the policy accepts, or add a waiver"
    if term is None:
        return Hit(message, hint, license=entry.key, origin=origin)
    return Hit(message, hint, None, entry.key, term.name, term.clause, term.quote, origin)


def _describe(entry: License, origin: str | None) -> str:
    return f"{entry.key} ({entry.category}){inherited(origin)}"


def _allowed(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    keys, categories = params.words("licenses"), params.words("categories")
    return [
        _license_hit(entry, origin, None, f"{_describe(entry, origin)} is not an allowed license")
        for entry, origin in subject.licenses()
        if entry.key not in keys and entry.category not in categories
    ]


def _denied(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    keys, categories = params.words("licenses"), params.words("categories")
    hits = []
    for entry, origin in subject.licenses():
        if entry.key in keys:
            message = f"{_describe(entry, origin)} is a denied license"
        elif entry.category in categories:
            message = f"{_describe(entry, origin)} is in a denied category"
        else:
            continue
        hits.append(_license_hit(entry, origin, None, message))
    return hits


def _present(entry: License, name: str, value: bool) -> Term | None:
    term = entry.term(name)
    return term if term.present and term.get("value") is value else None


def _commercial_limit(
    subject: Subject,
    org: Organisation,
    category: Category,
    verb: str,
    *terms: tuple[str, bool],
) -> list[Hit]:
    """Licenses that keep a commercial organisation out: by a cited term, or by category."""
    if not org.commercial:
        return []
    hits = []
    for entry, origin in subject.licenses():
        term = next((t for t in (_present(entry, n, v) for n, v in terms) if t), None)
        if term is None and entry.category is not category:
            continue
        message = f"{_describe(entry, origin)} {verb}; the organisation is commercial"
        hits.append(_license_hit(entry, origin, term, message))
    return hits


def _non_commercial(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    return _commercial_limit(
        subject,
        org,
        Category.NON_COMMERCIAL,
        "forbids commercial use",
        ("non_commercial", True),
        ("commercial_use", False),
    )


def _research_only(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    return _commercial_limit(
        subject, org, Category.RESEARCH_ONLY, "permits research only", ("research_only", True)
    )


def _provider_country(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    denied = expand(params.words("deny"))
    hits = []
    for entry, origin in subject.licenses():
        country = entry.provider.country
        if country is None or country not in denied:
            continue
        message = (
            f"{entry.key}{inherited(origin)} is granted by {entry.provider.name}, based in "
            f"{country}, a country on the policy's deny list"
        )
        hint = "replace the model, or record the supply-chain review in a waiver"
        hits.append(Hit(message, hint, license=entry.key, origin=origin))
    return hits


def _governing_law(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    hits = []
    for term in subject.terms("governing_law"):
        value = str(term.term.get("value") or "")
        matched = [d for d in params.words("deny") if names_jurisdiction(value, d)]
        if not matched:
            continue
        message = (
            f"{term.license}{inherited(subject.origin(term))} is governed by {value}, a "
            f"jurisdiction the policy denies ({', '.join(matched)})"
        )
        hint = "obtain legal sign-off and record it in a waiver"
        hits.append(cited(subject, term, message, hint))
    return hits


def _unknown(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    if subject.component.ecosystem is Ecosystem.API_SERVICE:
        return []  # governed by the provider's terms of service, not a model license
    licensing = subject.licensing
    if licensing.key is None:
        said = [f"{c.source} says {c.declared!r}" for c in licensing.claims]
        message = "no license could be identified" + (
            f" ({'; '.join(said)}: not a license aibom knows)" if said else ""
        )
        hint = "find the model's license; pin it (`aibom lock --online`) to read its card"
        return [Hit(message, hint)]
    hits = _without_text(subject, params)
    if not licensing.unverified:
        return hits
    if licensing.changed_text:
        why = "the LICENSE file beside it differs from the official text"
    else:
        details = [c.detail for c in licensing.claims if c.key == licensing.key and c.detail]
        why = details[0] if details else f"decided from {licensing.source} without confirmation"
    message = f"license {licensing.key} is not verified: {why}"
    hint = "check the model's card or LICENSE file and confirm the license"
    return [Hit(message, hint, params.severity("unverified_severity"), licensing.key), *hits]


def _without_text(subject: Subject, params: Params) -> list[Hit]:
    """Licenses that bind the model but whose official text license_db does not hold: known by
    name, their terms (commercial use, caps, restrictions) could not be checked, so no other
    rule can pass them knowingly."""
    return [
        Hit(
            f"the terms of {entry.key}{inherited(origin)} are not verified: license_db holds no "
            "official text of it, so what it allows (commercial use, user caps, restrictions) "
            "could not be checked",
            f"read the {entry.name} and record the review in a waiver",
            params.severity("unverified_severity"),
            entry.key,
            origin=origin,
        )
        for entry, origin in subject.licenses()
        if entry.text_file("license") is None
    ]


def _conflict(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    licensing = subject.licensing
    decided = f"{licensing.key} (from {licensing.source})"
    return [
        Hit(
            f"{claim.source} says {claim.declared!r}, which is {claim.key}, but the license "
            f"decided is {decided}",
            "find out which license applies, and correct the card or the LICENSE file",
            license=claim.key,
        )
        for claim in licensing.conflicts
    ]


def _lineage(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for term in subject.licensing.effective_terms:
        origin = subject.origin(term)
        if origin is not None:
            names[(origin, term.license)].append(term.term.name)
    hits = [
        Hit(
            f"inherits the terms of {key} from base model {origin}: "
            + ", ".join(sorted(set(terms))),
            "the base model's obligations bind this model too: meet them as for the base",
            license=key,
            origin=origin,
        )
        for (origin, key), terms in sorted(names.items())
    ]
    return hits + [
        _not_inherited(subject, key, origin) for key, origin in subject.licensing.not_inherited
    ]


def _not_inherited(subject: Subject, key: str, origin: str) -> Hit:
    """A base model whose license frees derivatives (its derivatives_inherit term), cited."""
    entry = subject.db.get(key)
    decides = entry.term("derivatives_inherit") if entry else None
    why = f" (\u00a7{decides.clause})" if decides is not None and decides.present else ""
    message = (
        f"base model {origin} is under {key}, whose terms do not bind derivatives{why}: none of "
        "them is inherited"
    )
    hint = "nothing to inherit; the model's own license governs it"
    if decides is None or not decides.present:
        return Hit(message, hint, license=key, origin=origin)
    return Hit(message, hint, None, key, decides.name, decides.clause, decides.quote, origin)


RULES = (
    Rule(
        "allowed-licenses",
        Severity.ERROR,
        "only the listed license keys and categories are allowed",
        "When a policy lists it, every license that binds a model (its own and its base "
        "models') must be one of the allowed license keys or belong to one of the allowed "
        "categories; any other is reported. A model with no identified license is left to "
        "unknown-license.",
        _allowed,
        (_LICENSES, _CATEGORIES),
        enabled=False,
    ),
    Rule(
        "denied-licenses",
        Severity.ERROR,
        "the listed license keys and categories are denied",
        "When a policy lists it, reports every license that binds a model (its own and its base "
        "models') whose key or category the policy denies, such as non-commercial or "
        "research-only.",
        _denied,
        (_LICENSES, _CATEGORIES),
        enabled=False,
    ),
    Rule(
        "non-commercial",
        Severity.ERROR,
        "a license that forbids commercial use, for a commercial organisation",
        "When organisation.commercial is true (the default), reports every license that binds "
        "the model and forbids commercial use: its category is non-commercial, its "
        "non_commercial term is true, or its commercial_use term is false (CC BY-NC, the FAIR "
        "Noncommercial Research License, the Mistral Non-Production License).",
        _non_commercial,
    ),
    Rule(
        "research-only",
        Severity.ERROR,
        "a license that permits research only, for a commercial organisation",
        "When organisation.commercial is true (the default), reports every license that binds "
        "the model and permits research use only: its category is research-only or its "
        "research_only term is true.",
        _research_only,
    ),
    Rule(
        "provider-country",
        Severity.ERROR,
        "the license's provider is based in a denied country",
        "When a policy lists it, compares the home country of the provider of every license "
        "that binds the model (license_db provider.country) with the deny list, EU expanded to "
        "its member states. Many companies require this geopolitical supply-chain review.",
        _provider_country,
        (Param("deny", Kind.REGIONS, (), "ISO 3166-1 alpha-2 codes, or EU"),),
        enabled=False,
    ),
    Rule(
        "governing-law",
        Severity.ERROR,
        "the license is governed by a denied jurisdiction's law",
        "When a policy lists it, compares the governing-law clause of every license that binds "
        "the model with the deny list: a country code whose names aibom knows (CN matches "
        "China, US matches California or USA...) or any jurisdiction's name, matched as whole "
        "words.",
        _governing_law,
        (
            Param(
                "deny",
                Kind.JURISDICTIONS,
                (),
                "country codes (AE CH CN DE FR GB IL IN JP KR RU SG US) or jurisdiction names",
            ),
        ),
        enabled=False,
    ),
    Rule(
        "unknown-license",
        Severity.WARNING,
        "no license could be identified, or the one decided or its terms are not verified",
        "Reports a model whose license aibom could not identify (nothing declared, or a name it "
        "does not know): unknown is a state, never a silent pass. A license decided from a "
        "family's catch-all pattern or a LICENSE file whose text differs from the official one "
        "is reported at unverified_severity, and so is every license that binds the model (a "
        "base model's included) whose official text license_db does not hold: its terms could "
        "not be checked. Hosted API models are governed by their provider's terms of service and "
        "are not reported.",
        _unknown,
        (
            Param(
                "unverified_severity",
                Kind.SEVERITY,
                Severity.WARNING.value,
                "severity for a license that was decided but is not verified",
            ),
        ),
    ),
    Rule(
        "license-conflict",
        Severity.WARNING,
        "two sources name different licenses (the card says one, the LICENSE file another)",
        "Reports every source whose license differs from the one decided: a model card that "
        "says apache-2.0 beside a Llama LICENSE file, or weight metadata that disagrees with "
        "the card. The strongest source wins (LICENSE file, card, weights, known-models table).",
        _conflict,
    ),
    Rule(
        "lineage",
        Severity.INFO,
        "terms inherited from a base model through base_model",
        "Reports, for a fine-tune, quantisation, merge or adapter, each license whose terms it "
        "inherits from a base model (followed through base_model), naming the base model and "
        "the terms. A base model's license binds its derivatives as far as its "
        "derivatives_inherit term says (CC BY-NC 4.0: they stay NonCommercial); one whose text "
        "frees them is reported too, with the clause, and its terms are not inherited. Every "
        "other rule's findings about inherited terms also name their origin.",
        _lineage,
    ),
)
