"""Rules that compare a license's terms with the organisation: user and revenue caps, training,
regions (:mod:`aibom.policy.rules_region`), and the duties a license adds (attribution,
acceptable use)."""

from __future__ import annotations

from aibom.core.licensing import EffectiveTerm
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
from aibom.policy.rules_region import GEOGRAPHIC

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
    GEOGRAPHIC,
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
