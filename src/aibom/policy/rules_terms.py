"""Rules that compare a license's terms with the organisation: user and revenue caps, training,
regions, and the duties a license adds (attribution, acceptable use)."""

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
    cited,
    inherited,
    words,
)
from aibom.policy.regions import overlap

_DUTY = Param(
    "duty_severity",
    Kind.SEVERITY,
    Severity.WARNING.value,
    "severity when crossing the threshold adds a duty (display a name) and withholds no rights",
)


def _is_duty(consequence: str) -> bool:
    """Whether crossing a threshold only adds a duty (Kimi K2: display "Kimi K2") rather than
    withholding the rights until the provider grants a license (Llama, Qwen, Stability)."""
    text = consequence.lower()
    if "not withheld" in text or "no license request" in text:
        return True
    if any(w in text for w in ("request a license", "terminat", "cannot exercise", "none of")):
        return False
    return "display" in text


def _crossed(
    subject: Subject, term: EffectiveTerm, message: str, consequence: str, params: Params
) -> Hit:
    """A threshold the organisation is above: the severity follows the consequence."""
    if not _is_duty(consequence):
        hint = "request a license from the provider, or replace the model"
        return cited(subject, term, f"{message}: {consequence}", hint)
    severity = params.severity("duty_severity")
    message += (
        f": {consequence} (a duty, not a loss of rights: reported at {severity}, "
        "the rule's duty_severity)"
    )
    display = _display_text(subject, term.license)
    duty = f'display "{display}" as the license requires' if display else "meet the duty"
    hint = f"{duty}, then record it with a waiver"
    return cited(subject, term, message + _guessed_display(subject, term, display), hint, severity)


def _display_text(subject: Subject, license_key: str) -> str | None:
    """The text a license requires to be displayed (its attribution term), if any."""
    for term in subject.terms("attribution"):
        display = term.term.get("display_text")
        if term.license == license_key and isinstance(display, str) and display:
            return display
    return None


def _guessed_display(subject: Subject, term: EffectiveTerm, display: str | None) -> str:
    """A warning when the display text comes from a license assumed for a newer release: the
    Kimi K2.5 text names "Kimi K2.5", a later release's text names that release."""
    if not display or not subject.guessed(subject.origin(term)):
        return ""
    return (
        f'; the text to display, "{display}", is that of {term.license}, assumed for this '
        "model from its family: its own license may name another release"
    )


def _user_threshold(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    hits: list[Hit] = []
    for term in subject.terms("user_threshold"):
        cap = term.term.get("monthly_active_users")
        if not isinstance(cap, int) or org.monthly_active_users <= cap:
            continue
        consequence = str(term.term.get("consequence") or "")
        if not org.commercial and "commercial" in consequence.lower():
            continue  # the cap binds commercial use only (Qwen section 4, Kimi K2 para. 4)
        message = (
            f"the organisation's {org.monthly_active_users:,} monthly active users exceed the "
            f"{cap:,} of {term.license}{inherited(subject.origin(term))}"
        )
        hits.append(_crossed(subject, term, message, consequence, params))
    return hits


def _revenue_threshold(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    hits: list[Hit] = []
    for term in subject.terms("revenue_threshold"):
        amount, currency = term.term.get("amount"), term.term.get("currency")
        if not isinstance(amount, int):
            continue
        where = f"{term.license}{inherited(subject.origin(term))}"
        if currency != "USD":
            message = (
                f"{where} caps revenue at {amount:,} {currency}; the policy states revenue in "
                "USD, so the two could not be compared"
            )
            hint = f"compare annual_revenue_usd with {amount:,} {currency} and record the result"
            hits.append(cited(subject, term, message, hint, Severity.WARNING))
            continue
        monthly = str(term.term.get("period") or "").lower().startswith("month")
        revenue = org.annual_revenue_usd // 12 if monthly else org.annual_revenue_usd
        if revenue <= amount:
            continue
        per = "a month (annual revenue / 12)" if monthly else "a year"
        message = (
            f"the organisation's revenue of {revenue:,} USD {per} exceeds the {amount:,} USD "
            f"of {where}"
        )
        consequence = str(term.term.get("consequence") or "")
        hits.append(_crossed(subject, term, message, consequence, params))
    return hits


def _training(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    if not org.trains_models:
        return []
    hits: list[Hit] = []
    for term in subject.terms("restricts_training_other_models"):
        targets = words(term.term.get("applies_to"))
        what = " or ".join(
            {"model": "the model", "outputs": "its outputs"}.get(t, t) for t in targets
        )
        message = (
            f"{term.license}{inherited(subject.origin(term))} forbids using {what or 'it'} to "
            f"improve {term.term.get('scope') or 'other models'}, and the organisation trains "
            "models"
        )
        hint = "keep this model and its outputs out of training other models, or replace it"
        hits.append(cited(subject, term, message, hint))
    return hits


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
    where = f"{term.license}{inherited(origin)}"
    base = Hit("", "", None, term.license, term.term.name, item.clause, item.quote, origin)
    multimodal_only = "multimodal" in item.scope.lower()
    if (multimodal_only and not subject.multimodal(origin)) or reached.inside == ():
        if not params.flag("report_out_of_scope"):
            return None
        if reached.inside == ():
            message = f"the {item.region} clause of {where} does not reach the organisation: "
            message += reached.note
            hint = "nothing to do while the organisation is established where it is"
        else:
            message = (
                f"the {item.region} clause of {where} covers multimodal models only, and the "
                f"known-models table does not mark this model multimodal: {item.scope}"
            )
            hint = "nothing to do unless the model takes images, audio or video"
        return replace(base, message=message, hint=hint, severity=Severity.INFO)
    if reached.inside is None:
        message = (
            f"the {item.region} clause of {where} reaches licensees {_REACH_WORDS[item.reaches]} "
            f"{item.region}; the policy does not say where the organisation is domiciled "
            f"(organisation.domicile), and it operates in {', '.join(reached.operating)}: "
            "whether the clause applies could not be decided"
        )
        hint = "set organisation.domicile (and principal_place_of_business if elsewhere)"
        return replace(base, message=message, hint=hint, severity=Severity.WARNING)
    message = (
        f"{where} withholds rights from licensees {_REACH_WORDS[item.reaches]} {item.region}, "
        f"and the organisation {reached.fact} ({', '.join(reached.inside)}): {item.scope}"
    )
    if multimodal_only and subject.guessed(origin):
        message += (
            "; the model is taken as multimodal because its family's catch-all in the "
            "known-models table says so (a release newer than the table): check its card"
        )
    hint = "use a model without the regional exclusion, or obtain legal sign-off"
    return replace(base, message=message, hint=hint)


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


def _attribution(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    hits: list[Hit] = []
    for term in subject.terms("attribution"):
        todo = list(words(term.term.get("requirements")))
        display, prefix = term.term.get("display_text"), term.term.get("model_name_prefix")
        if not todo and not display and not prefix:
            continue
        message = f"{term.license}{inherited(subject.origin(term))} requires: " + "; ".join(
            todo or ["keep its notices"]
        )
        message += _guessed_display(subject, term, display if isinstance(display, str) else None)
        actions = [f'display "{display}"'] if display else []
        if prefix and org.distributes_models:
            actions.append(f'start the names of distributed models built with it with "{prefix}"')
        hint = "to do: " + "; ".join([*actions, "keep the notices the license lists"])
        hits.append(cited(subject, term, message, hint))
    return hits


def _acceptable_use(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    hits: list[Hit] = []
    for term in subject.terms("acceptable_use_policy"):
        url = term.term.get("url") or "the provider's acceptable use policy"
        where = f"{term.license}{inherited(subject.origin(term))}"
        if term.term.get("flows_down"):
            message = (
                f"{where} incorporates an acceptable use policy ({url}) that flows down: it must "
                "be passed on to the users of the product and to whoever receives the model"
            )
            hint = f"pass {url} on in your terms of service and with any copy of the model"
            hits.append(cited(subject, term, message, hint))
        else:
            message = f"{where} incorporates an acceptable use policy ({url}) for your own use"
            hits.append(cited(subject, term, message, f"follow {url}", Severity.INFO))
    return hits


RULES = (
    Rule(
        "user-threshold",
        Severity.ERROR,
        "the organisation's monthly active users above a license's cap (Llama 700M, Qwen 100M)",
        "Compares organisation.monthly_active_users with the monthly-active-user cap of every "
        "license that binds the model, its base models' included (Llama 2 to 4: 700 million; "
        "Qwen: 100 million). Above the cap, Llama and Qwen withhold the rights until the "
        "provider grants a separate license: that is an error. Where crossing the cap only adds a "
        "duty (Kimi K2 must then be displayed in the user interface), the finding is reported at "
        "the rule's duty_severity. A cap that binds commercial use only is skipped for a "
        "non-commercial organisation.",
        _user_threshold,
        (_DUTY,),
    ),
    Rule(
        "revenue-threshold",
        Severity.ERROR,
        "the organisation's revenue above a license's cap (Stability AI Community: 1M USD a year)",
        "Compares organisation.annual_revenue_usd with the revenue cap of every license that "
        "binds the model (Stability AI Community License: USD 1,000,000 a year, after which "
        "every license under it terminates). A monthly cap is compared with the annual revenue "
        "divided by twelve. Caps stated in a currency other than USD are reported as not "
        "compared, at warning. A cap whose consequence is only a duty is reported at "
        "duty_severity.",
        _revenue_threshold,
        (_DUTY,),
    ),
    Rule(
        "training-restriction",
        Severity.ERROR,
        "a ban on using the model or its outputs to improve other models, for an org that trains",
        "When organisation.trains_models is true, reports every license that forbids using the "
        "model or its outputs to create or improve other models (Llama 2 and Llama 3 section "
        "1.b.v; the Stability AI Community License IV.b). Llama 3.1 and later dropped the ban.",
        _training,
    ),
    Rule(
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
    ),
    Rule(
        "attribution",
        Severity.INFO,
        "attribution duties: text to display, a model-name prefix, notices to keep",
        "Lists what a license requires in return as things to do: the text to display "
        '("Built with Llama", "Powered by Stability AI"), the prefix the name of a distributed '
        'model built with it must start with ("Llama"), and the notices to keep.',
        _attribution,
    ),
    Rule(
        "acceptable-use",
        Severity.WARNING,
        "an acceptable use policy that must be passed on to users",
        "Reports a license's acceptable use policy. One that flows down (Llama, Stability AI) "
        "must be passed on to the users of the product and to whoever receives the model: "
        "reported at the rule's severity. One that binds only the organisation's own use is "
        "reported at info.",
        _acceptable_use,
    ),
)
