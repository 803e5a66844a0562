"""What a policy rule is: its parameters, what it looks at, and what it reports (``Hit``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from aibom.core.licensing import EffectiveTerm, LicenseSource, Licensing, TermValue
from aibom.core.model import Component, Severity
from aibom.licenses.db import LicenseDb
from aibom.licenses.known import KnownModels
from aibom.licenses.model import License


def at_least(severity: Severity, floor: Severity) -> bool:
    """Whether ``severity`` is ``floor`` or worse (``--fail-on``)."""
    return severity.at_least(floor)


def lowest(*severities: Severity) -> Severity:
    """The mildest of the severities."""
    return min(severities, key=lambda severity: severity.rank)


@dataclass(frozen=True)
class Organisation:
    """The facts about the organisation that license terms are compared with.

    Where it operates (``regions``: offices, customers, users) and where it is established
    (``domicile``, ``principal_place_of_business``) are separate facts: a clause names the one
    it turns on (:class:`aibom.core.licensing.Reach`).
    """

    monthly_active_users: int
    annual_revenue_usd: int
    regions: tuple[str, ...]  # ISO 3166-1 alpha-2 codes and EU, as written
    trains_models: bool
    distributes_models: bool
    commercial: bool = True
    business: tuple[str, ...] = ()
    domicile: str | None = None  # an ISO 3166-1 alpha-2 code or EU; None: not stated
    principal_place_of_business: str | None = None  # None: the domicile

    @property
    def seat(self) -> str | None:
        """Where a clause that reaches a company by its principal place of business finds it:
        the principal place of business when stated, else the domicile."""
        return self.principal_place_of_business or self.domicile


class Kind(StrEnum):
    """The type of a rule parameter, which decides how the policy file's value is checked."""

    BOOL = "bool"
    SEVERITY = "severity"
    WORDS = "words"  # a list of strings
    REGIONS = "regions"  # a list of ISO 3166-1 alpha-2 codes or EU
    JURISDICTIONS = "jurisdictions"  # a list of country codes with known names, or names
    CATEGORIES = "categories"  # a list of license_db categories
    LICENSES = "licenses"  # a list of license_db keys


ParamValue = bool | str | tuple[str, ...]


@dataclass(frozen=True)
class Param:
    """One parameter a rule takes, with its default and a line for the documentation."""

    name: str
    kind: Kind
    default: ParamValue
    help: str


@dataclass(frozen=True)
class Params:
    """A rule's parameter values, defaults filled in."""

    values: tuple[tuple[str, ParamValue], ...] = ()

    def words(self, name: str) -> tuple[str, ...]:
        value = self._get(name)
        return value if isinstance(value, tuple) else (str(value),)

    def flag(self, name: str) -> bool:
        return self._get(name) is True

    def severity(self, name: str) -> Severity:
        return Severity(str(self._get(name)))

    def _get(self, name: str) -> ParamValue:
        for key, value in self.values:
            if key == name:
                return value
        raise KeyError(f"rule parameter {name!r} is not declared")  # a bug in a rule


@dataclass(frozen=True)
class Subject:
    """The component a rule looks at, with its licensing and the license knowledge behind it."""

    component: Component
    db: LicenseDb
    known: KnownModels

    @property
    def licensing(self) -> Licensing:
        return self.component.licensing or Licensing(None, LicenseSource.NONE)

    def terms(self, name: str) -> tuple[EffectiveTerm, ...]:
        """The effective terms called ``name`` (own and inherited), in a stable order."""
        found = [t for t in self.licensing.effective_terms if t.term.name == name]
        return tuple(sorted(found, key=lambda t: (t.license, t.origin)))

    def origin(self, term: EffectiveTerm) -> str | None:
        """The base model a term is inherited from; None when it is the component's own."""
        return None if term.origin == self.component.name else term.origin

    def licenses(self) -> tuple[tuple[License, str | None], ...]:
        """Every license that binds the component: its own, then inherited ones with the base
        model they come from."""
        found: dict[str, str | None] = {}
        if self.licensing.key:
            found[self.licensing.key] = None
        for term in self.licensing.effective_terms:
            found.setdefault(term.license, self.origin(term))
        for key, base in self.licensing.inherited:
            found.setdefault(key, base)  # a base license whose terms are all unverified
        return tuple(
            (entry, origin)
            for key, origin in sorted(found.items(), key=lambda kv: (kv[1] is not None, kv[0]))
            if (entry := self.db.get(key)) is not None
        )

    def multimodal(self, origin: str | None) -> bool:
        """Whether the model (or the base model ``origin``) is one the known-models table marks
        multimodal: the Llama 3.2, 3.3 and 4 EU clauses cover only those."""
        if origin is None:
            return self.licensing.multimodal
        rule = self.known.match("huggingface", origin)
        return bool(rule and rule.multimodal)

    def guessed(self, origin: str | None) -> bool:
        """Whether the model's (or base model's) license and flags come from a family's
        catch-all: a release newer than the known-models table, given the family's flags."""
        if origin is None:
            return self.licensing.unverified and self.licensing.source is LicenseSource.KNOWN_MODEL
        rule = self.known.match("huggingface", origin)
        return bool(rule and rule.unverified)


@dataclass(frozen=True)
class Hit:
    """What a rule found about one component; evaluate adds the rule, model and evidence."""

    message: str
    hint: str
    severity: Severity | None = None  # None: the severity the policy gives the rule
    license: str | None = None
    term: str | None = None
    clause: str | None = None
    quote: str | None = None
    origin: str | None = None


def cited(
    subject: Subject,
    term: EffectiveTerm,
    message: str,
    hint: str,
    severity: Severity | None = None,
) -> Hit:
    """A hit that cites a license term: its license, clause, verbatim quote and origin."""
    return Hit(
        message,
        hint,
        severity,
        term.license,
        term.term.name,
        term.term.clause,
        term.term.quote,
        subject.origin(term),
    )


def words(value: TermValue | None) -> tuple[str, ...]:
    """A term field that holds a list of strings, or nothing."""
    return value if isinstance(value, tuple) else ()


def inherited(origin: str | None) -> str:
    """The words that say a term comes from a base model, for messages."""
    return f" (inherited from base model {origin})" if origin else ""


Check = Callable[[Subject, Organisation, Params], list[Hit]]


@dataclass(frozen=True)
class Rule:
    """A policy rule: code that compares one component with the organisation.

    ``summary`` is one line (the starter policy, tables); ``help`` one paragraph (SARIF rule help,
    the README). Rules that are off by default run only when a policy lists them.
    """

    id: str
    severity: Severity
    summary: str
    help: str
    check: Check
    params: tuple[Param, ...] = field(default=())
    enabled: bool = True

    def defaults(self) -> Params:
        return Params(tuple((p.name, p.default) for p in self.params))
