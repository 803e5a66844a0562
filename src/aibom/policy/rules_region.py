"""The regional rule: each clause of a license that withholds rights in a region, against the
fact about the organisation it turns on (its domicile, where it operates, where its users are)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from aibom.core.licensing import EffectiveTerm, GeoRestriction, Reach
from aibom.core.model import Severity
from aibom.policy.base import (
    Hit,
    Kind,
    Organisation,
    Param,
    Params,
    Rule,
    Subject,
    inherited,
)
from aibom.policy.regions import overlap


def _geographic(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    hits: list[Hit] = []
    for term in subject.terms("geographic_restrictions"):
        for item in term.term.items:
            hit = _regional(subject, term, item, org, params)
            if hit is not None:
                hits.append(hit)
    return hits


def _regional(
    subject: Subject, term: EffectiveTerm, item: GeoRestriction, org: Organisation, params: Params
) -> Hit | None:
    """One regional clause against the fact about the organisation it names (its ``reaches``)."""
    reached = _reached(item, org)
    if reached.inside == () and not reached.note:
        return None  # the organisation is nowhere near the region: nothing to say
    origin = subject.origin(term)
    base = Hit("", "", None, term.license, term.term.name, item.clause, item.quote, origin)
    clause = f"the {item.region} clause of {term.license}{inherited(origin)}"
    multimodal_only = "multimodal" in item.scope.lower()
    if reached.inside == () or (multimodal_only and not subject.multimodal(origin)):
        if not params.flag("report_out_of_scope"):
            return None
        return replace(base, severity=Severity.INFO, **_out_of_scope(clause, item, reached))
    if reached.inside is None:
        message = (
            f"{clause} reaches licensees {_REACH_WORDS[item.reaches]} {item.region}; the policy "
            "does not say where the organisation is domiciled (organisation.domicile), and it "
            f"operates in {', '.join(reached.operating)}: whether the clause applies could not "
            "be decided"
        )
        hint = "set organisation.domicile (and principal_place_of_business if elsewhere)"
        return replace(base, message=message, hint=hint, severity=Severity.WARNING)
    message = (
        f"{term.license}{inherited(origin)} withholds rights from licensees "
        f"{_REACH_WORDS[item.reaches]} {item.region}, and the organisation {reached.fact} "
        f"({', '.join(reached.inside)}): {item.scope}"
    )
    if multimodal_only and subject.guessed(origin):
        message += (
            "; the model is taken as multimodal because its family's catch-all in the "
            "known-models table says so (a release newer than the table): check its card"
        )
    hint = "use a model without the regional exclusion, or obtain legal sign-off"
    return replace(base, message=message, hint=hint)


def _out_of_scope(clause: str, item: GeoRestriction, reached: _Reached) -> dict[str, str]:
    """Why a clause does not reach this organisation or this model, and what to do."""
    if reached.inside == ():
        return {
            "message": f"{clause} does not reach the organisation: {reached.note}",
            "hint": "nothing to do while the organisation is established where it is",
        }
    return {
        "message": (
            f"{clause} covers multimodal models only, and the known-models table does not mark "
            f"this model multimodal: {item.scope}"
        ),
        "hint": "nothing to do unless the model takes images, audio or video",
    }


_REACH_WORDS = {
    Reach.DOMICILE: "domiciled (a company: with its principal place of business) in",
    Reach.OPERATIONS: "operating in",
    Reach.USERS: "whose users are in",
}


@dataclass(frozen=True)
class _Reached:
    """How a clause's region meets the organisation's fact: the codes inside it (None when the
    fact is not stated), the fact in words, and why a clause does not reach it."""

    inside: tuple[str, ...] | None
    fact: str = ""
    note: str = ""
    operating: tuple[str, ...] = ()


def _reached(item: GeoRestriction, org: Organisation) -> _Reached:
    if item.reaches is not Reach.DOMICILE:
        fact = "operates there" if item.reaches is Reach.OPERATIONS else "has users there"
        return _Reached(overlap([item.region], org.regions), fact)
    operating = overlap([item.region], org.regions)
    if org.seat is None:
        return _Reached(None, operating=operating) if operating else _Reached(())
    inside = overlap([item.region], [org.seat])
    if inside:
        fact = (
            "has its principal place of business there"
            if org.principal_place_of_business
            else "is domiciled there"
        )
        return _Reached(inside, fact)
    if org.domicile and overlap([item.region], [org.domicile]):
        note = (
            f"it is domiciled in {org.domicile} but has its principal place of business in "
            f"{org.seat}, and the clause reaches a company by its principal place of business"
        )
        return _Reached((), note=note)
    if operating:
        note = (
            f"it operates in {', '.join(operating)} but is established in {org.seat}, and the "
            "clause turns on where a licensee is domiciled, not where it sells"
        )
        return _Reached((), note=note)
    return _Reached(())


GEOGRAPHIC = Rule(
    "geographic-restriction",
    Severity.ERROR,
    "a license that withholds rights where the organisation is established or operates",
    "Compares each regional clause with the fact about the organisation it names, EU "
    "expanded to its member states (and a member state counting as EU): a clause that "
    "reaches where a licensee is domiciled or has its principal place of business is "
    "compared with organisation.principal_place_of_business (or else organisation.domicile), "
    "one about where it operates or has users with organisation.regions. The Llama 3.2, 3.3 "
    "and 4 acceptable use policies withhold the grant from individuals domiciled in, and "
    "companies with their principal place of business in, the EU, for multimodal models "
    "only: a US company with EU customers is not caught, an EU company is. The clause is "
    "applied to models the known-models table marks multimodal (the Llama 3.2 Vision "
    "models, Llama 4, and a newer release its family's catch-all takes as multimodal). A "
    "policy without a domicile gets a warning: the clause could not be decided. Clauses that "
    "do not reach the model or the organisation are reported at info when "
    "report_out_of_scope is true.",
    _geographic,
    (
        Param(
            "report_out_of_scope",
            Kind.BOOL,
            True,
            "report, at info, clauses that do not reach this model (multimodal only) or this "
            "organisation (domiciled elsewhere)",
        ),
    ),
)
