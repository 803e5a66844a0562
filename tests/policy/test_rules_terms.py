"""Rules that compare the organisation with license terms, on real license_db entries."""

from __future__ import annotations

from aibom.core.model import Component, Ecosystem, LocalModel, ModelCard, Pin, PinSource, Severity
from aibom.licenses.db import load_default
from tests.policy.conftest import PolicyMaker, findings, hub, seen

LLAMA_31 = "meta-llama/Llama-3.1-8B-Instruct"
LLAMA_32_VISION = "meta-llama/Llama-3.2-11B-Vision-Instruct"
LLAMA_32_TEXT = "meta-llama/Llama-3.2-1B-Instruct"


def quote(key: str, term: str) -> str | None:
    entry = load_default().get(key)
    assert entry is not None
    return entry.term(term).quote


def test_700m_users_with_llama_is_an_error_citing_section_2(make_policy: PolicyMaker) -> None:
    policy = make_policy(monthly_active_users=700_000_001)
    (finding,) = findings(policy, hub(LLAMA_31), rule="user-threshold")
    assert finding.severity is Severity.ERROR
    assert finding.model == LLAMA_31
    assert (finding.license, finding.term, finding.term_clause) == (
        "llama3.1",
        "user_threshold",
        "2",
    )
    assert finding.term_quote == quote("llama3.1", "user_threshold")
    assert "700 million monthly active users" in (finding.term_quote or "")
    assert "700,000,001 monthly active users exceed the 700,000,000 of llama3.1" in finding.message
    assert "request a license from Meta" in finding.message
    assert finding.hint and finding.evidence == seen()
    assert finding.origin is None and finding.waiver is None


def test_10m_users_with_llama_is_fine(make_policy: PolicyMaker) -> None:
    policy = make_policy(monthly_active_users=10_000_000)
    assert findings(policy, hub(LLAMA_31), rule="user-threshold") == []
    exactly = make_policy(monthly_active_users=700_000_000)  # "greater than 700 million"
    assert findings(exactly, hub(LLAMA_31), rule="user-threshold") == []


def test_qwen_cap_is_100m(make_policy: PolicyMaker) -> None:
    qwen = hub("Qwen/Qwen2.5-72B-Instruct")
    (finding,) = findings(
        make_policy(monthly_active_users=150_000_000), qwen, rule="user-threshold"
    )
    assert (finding.license, finding.term_clause, finding.severity) == (
        "qwen-2024",
        "4",
        Severity.ERROR,
    )
    assert findings(make_policy(monthly_active_users=90_000_000), qwen, rule="user-threshold") == []
    # The Qwen cap binds commercial use only (section 4: "If you are commercially using").
    lab = make_policy(monthly_active_users=150_000_000, commercial=False)
    assert findings(lab, qwen, rule="user-threshold") == []


def test_kimi_threshold_is_a_display_duty_not_a_loss_of_rights(make_policy: PolicyMaker) -> None:
    policy = make_policy(monthly_active_users=150_000_000)
    (finding,) = findings(policy, hub("moonshotai/Kimi-K2-Instruct"), rule="user-threshold")
    assert finding.severity is Severity.WARNING
    assert finding.license == "kimi-k2-modified-mit"
    assert "a duty, not a loss of rights" in finding.message
    assert '"Kimi K2"' in finding.message
    strict = make_policy(
        monthly_active_users=150_000_000, rules="user-threshold: {duty_severity: error}"
    )
    (finding,) = findings(strict, hub("moonshotai/Kimi-K2-Instruct"), rule="user-threshold")
    assert finding.severity is Severity.ERROR
    # A hit never rises above the policy's severity for its rule.
    mild = make_policy(monthly_active_users=150_000_000, rules="user-threshold: {severity: info}")
    (finding,) = findings(mild, hub("moonshotai/Kimi-K2-Instruct"), rule="user-threshold")
    assert finding.severity is Severity.INFO


def test_kimi_display_names_the_release_in_use(make_policy: PolicyMaker) -> None:
    # The Kimi K2 text asks for "Kimi K2", the Kimi K2.5 text for "Kimi K2.5".
    policy = make_policy(monthly_active_users=150_000_000)
    for name, key, shown in (
        ("moonshotai/Kimi-K2-Instruct", "kimi-k2-modified-mit", "Kimi K2"),
        ("moonshotai/Kimi-K2.5", "kimi-k2.5-modified-mit", "Kimi K2.5"),
    ):
        (duty,) = findings(policy, hub(name), rule="user-threshold")
        assert duty.license == key
        assert duty.hint.startswith(f'display "{shown}" as the license requires')
        assert f'display "{shown}" on' in duty.message
        (attribution,) = findings(policy, hub(name), rule="attribution")
        assert attribution.license == key and f'display "{shown}"' in attribution.hint
        assert attribution.term_quote and f'"{shown}" on the user interface' in (
            attribution.term_quote
        )
        assert "assumed for this model from its family" not in attribution.message
    (k2,) = findings(policy, hub("moonshotai/Kimi-K2-Instruct"), rule="attribution")
    assert '"Kimi K2.5"' not in k2.hint + k2.message


def test_a_newer_kimi_release_warns_that_the_display_text_is_assumed(
    make_policy: PolicyMaker,
) -> None:
    policy = make_policy(monthly_active_users=150_000_000)
    (attribution,) = findings(policy, hub("moonshotai/Kimi-K2.6"), rule="attribution")
    assert 'the text to display, "Kimi K2.5", is that of kimi-k2.5-modified-mit' in (
        attribution.message
    )
    (duty,) = findings(policy, hub("moonshotai/Kimi-K2.6"), rule="user-threshold")
    assert "its own license may name another release" in duty.message


def test_a_kimi_fine_tune_keeps_the_display_duty_of_its_base(make_policy: PolicyMaker) -> None:
    # "if the Software (or any derivative works thereof) is used for ..." (para. 4)
    pin = Pin(PinSource.LOCKFILE, commit="d" * 40, card_license="mit")
    tune = hub("acme/agent", bases=("moonshotai/Kimi-K2.5",), pin=pin)
    (duty,) = findings(make_policy(monthly_active_users=150_000_000), tune, rule="user-threshold")
    assert (duty.license, duty.origin) == ("kimi-k2.5-modified-mit", "moonshotai/Kimi-K2.5")
    assert duty.hint.startswith('display "Kimi K2.5"')


def test_stability_revenue_cap(make_policy: PolicyMaker) -> None:
    model = hub("stabilityai/stable-diffusion-3.5-large")
    (finding,) = findings(
        make_policy(annual_revenue_usd=5_000_000), model, rule="revenue-threshold"
    )
    assert (finding.severity, finding.license, finding.term_clause) == (
        Severity.ERROR,
        "stability-ai-community",
        "III",
    )
    assert "5,000,000 USD a year exceeds the 1,000,000 USD" in finding.message
    assert "terminates" in finding.message
    assert findings(make_policy(annual_revenue_usd=900_000), model, rule="revenue-threshold") == []


def test_kimi_monthly_revenue_cap_is_compared_per_month(make_policy: PolicyMaker) -> None:
    kimi = hub("moonshotai/Kimi-K2-Instruct")
    high = make_policy(annual_revenue_usd=300_000_000)  # 25M a month
    (finding,) = findings(high, kimi, rule="revenue-threshold")
    assert "25,000,000 USD a month (annual revenue / 12)" in finding.message
    assert finding.severity is Severity.WARNING  # a display duty
    low = make_policy(annual_revenue_usd=200_000_000)  # 16.7M a month
    assert findings(low, kimi, rule="revenue-threshold") == []


def test_training_restriction_llama_2_and_3_but_not_3_1(make_policy: PolicyMaker) -> None:
    trains = make_policy(trains_models=True)
    for name, key in (
        ("meta-llama/Llama-2-7b-hf", "llama2"),
        ("meta-llama/Meta-Llama-3-8B", "llama3"),
    ):
        (finding,) = findings(trains, hub(name), rule="training-restriction")
        assert (finding.license, finding.term, finding.term_clause) == (
            key,
            "restricts_training_other_models",
            "1.b.v",
        )
        assert finding.severity is Severity.ERROR
        assert "the model or its outputs" in finding.message
        assert finding.term_quote == quote(key, "restricts_training_other_models")
    assert findings(trains, hub(LLAMA_31), rule="training-restriction") == []
    serves = make_policy(trains_models=False)
    assert findings(serves, hub("meta-llama/Llama-2-7b-hf"), rule="training-restriction") == []


def test_eu_company_with_llama_3_2_vision_is_an_error(make_policy: PolicyMaker) -> None:
    policy = make_policy(regions="[US, EU]", domicile="EU")
    (finding,) = findings(policy, hub(LLAMA_32_VISION), rule="geographic-restriction")
    assert finding.severity is Severity.ERROR
    assert (finding.license, finding.term) == ("llama3.2", "geographic_restrictions")
    assert finding.term_clause == "Prohibited Uses, para. after the list"
    assert "With respect to any multimodal models included in Llama 3.2" in (
        finding.term_quote or ""
    )
    assert "withholds rights from licensees domiciled" in finding.message
    assert "the organisation is domiciled there (EU)" in finding.message


def test_us_company_selling_in_the_eu_is_not_caught(make_policy: PolicyMaker) -> None:
    # "a company with a principal place of business in, the European Union": where it sells
    # is not where it is established.
    policy = make_policy(regions="[US, EU, GB]", domicile="US")
    (finding,) = findings(policy, hub(LLAMA_32_VISION), rule="geographic-restriction")
    assert finding.severity is Severity.INFO
    assert "does not reach the organisation" in finding.message
    assert "it operates in EU but is established in US" in finding.message
    quiet = make_policy(
        regions="[US, EU]",
        domicile="US",
        rules="geographic-restriction: {report_out_of_scope: false}",
    )
    assert findings(quiet, hub(LLAMA_32_VISION), rule="geographic-restriction") == []
    at_home = make_policy(regions="[US]", domicile="US")
    assert findings(at_home, hub(LLAMA_32_VISION), rule="geographic-restriction") == []


def test_eu_company_selling_only_in_the_us_is_caught(make_policy: PolicyMaker) -> None:
    policy = make_policy(regions="[US]", domicile="DE")
    for model in (LLAMA_32_VISION, "meta-llama/Llama-4-Scout-17B-16E-Instruct"):
        (finding,) = findings(policy, hub(model), rule="geographic-restriction")
        assert finding.severity is Severity.ERROR, model
        assert "(DE)" in finding.message


def test_the_principal_place_of_business_decides_for_a_company(make_policy: PolicyMaker) -> None:
    run_from_eu = make_policy(regions="[US]", domicile="US", principal_place_of_business="IE")
    (finding,) = findings(run_from_eu, hub(LLAMA_32_VISION), rule="geographic-restriction")
    assert finding.severity is Severity.ERROR
    assert "has its principal place of business there (IE)" in finding.message
    run_from_us = make_policy(regions="[US]", domicile="NL", principal_place_of_business="US")
    (finding,) = findings(run_from_us, hub(LLAMA_32_VISION), rule="geographic-restriction")
    assert finding.severity is Severity.INFO
    assert "domiciled in NL but has its principal place of business in US" in finding.message


def test_without_a_domicile_the_clause_is_undecided_not_passed(make_policy: PolicyMaker) -> None:
    policy = make_policy(regions="[US, EU]")
    (finding,) = findings(policy, hub(LLAMA_32_VISION), rule="geographic-restriction")
    assert finding.severity is Severity.WARNING
    assert "could not be decided" in finding.message
    assert "organisation.domicile" in finding.hint
    elsewhere = make_policy(regions="[US]")
    assert findings(elsewhere, hub(LLAMA_32_VISION), rule="geographic-restriction") == []


def test_a_member_state_counts_as_eu(make_policy: PolicyMaker) -> None:
    policy = make_policy(regions="[FR]", domicile="FR")
    (finding,) = findings(policy, hub(LLAMA_32_VISION), rule="geographic-restriction")
    assert "(FR)" in finding.message and finding.severity is Severity.ERROR
    outside = make_policy(regions="[US, GB, CH]", domicile="CH")
    assert findings(outside, hub(LLAMA_32_VISION), rule="geographic-restriction") == []


def test_text_only_llama_3_2_is_out_of_the_clause_scope(make_policy: PolicyMaker) -> None:
    policy = make_policy(regions="[EU]", domicile="EU")
    (finding,) = findings(policy, hub(LLAMA_32_TEXT), rule="geographic-restriction")
    assert finding.severity is Severity.INFO
    assert "covers multimodal models only" in finding.message
    quiet = make_policy(
        regions="[EU]", domicile="EU", rules="geographic-restriction: {report_out_of_scope: false}"
    )
    assert findings(quiet, hub(LLAMA_32_TEXT), rule="geographic-restriction") == []


def test_a_newer_llama_from_the_catch_all_keeps_the_multimodal_flag(
    make_policy: PolicyMaker,
) -> None:
    # A Llama release newer than the known-models table gets the family's latest license
    # (Llama 4, natively multimodal) and keeps its flag: the EU clause still applies.
    policy = make_policy(regions="[EU]", domicile="DE")
    for name in ("meta-llama/Llama-4.1-Omni-200B", "meta-llama/Llama-5-Vision-90B"):
        (finding,) = findings(policy, hub(name), rule="geographic-restriction")
        assert (finding.severity, finding.license) == (Severity.ERROR, "llama4"), name
        assert "its family's catch-all" in finding.message
        (guess,) = findings(policy, hub(name), rule="unknown-license")
        assert guess.severity is Severity.WARNING


def test_fine_tune_inherits_the_eu_clause_from_its_vision_base(make_policy: PolicyMaker) -> None:
    pin = Pin(PinSource.LOCKFILE, commit="a" * 40, card_license="apache-2.0")
    tune = hub("acme/receipt-reader", bases=(LLAMA_32_VISION,), pin=pin)
    policy = make_policy(regions="[DE]", domicile="DE", monthly_active_users=800_000_000)
    found = findings(policy, tune)
    (geo,) = [f for f in found if f.rule == "geographic-restriction"]
    assert (geo.severity, geo.origin, geo.license) == (Severity.ERROR, LLAMA_32_VISION, "llama3.2")
    assert f"inherited from base model {LLAMA_32_VISION}" in geo.message
    (users,) = [f for f in found if f.rule == "user-threshold"]
    assert users.origin == LLAMA_32_VISION
    (lineage,) = [f for f in found if f.rule == "lineage"]
    assert lineage.severity is Severity.INFO and lineage.origin == LLAMA_32_VISION
    assert lineage.message.startswith(
        f"inherits the terms of llama3.2 from base model {LLAMA_32_VISION}"
    )
    assert "user_threshold" in lineage.message


def test_attribution_lists_things_to_do(make_policy: PolicyMaker) -> None:
    ships = make_policy(distributes_models=True)
    (finding,) = findings(ships, hub(LLAMA_31), rule="attribution")
    assert finding.severity is Severity.INFO
    assert finding.hint.startswith('to do: display "Built with Llama"; start the names')
    assert '"Llama"' in finding.hint
    assert "Notice" in finding.message
    serves = make_policy(distributes_models=False)
    (finding,) = findings(serves, hub(LLAMA_31), rule="attribution")
    assert "start the names" not in finding.hint


def test_acceptable_use_flows_down(make_policy: PolicyMaker) -> None:
    (finding,) = findings(make_policy(), hub(LLAMA_31), rule="acceptable-use")
    assert finding.severity is Severity.WARNING
    assert "passed on to the users" in finding.message
    assert finding.term_clause == "1.b.iv"


def test_local_component_with_card_license(make_policy: PolicyMaker) -> None:
    model = LocalModel("models/ft", card=ModelCard("models/ft/README.md", license="llama2"))
    component = Component(
        "models/ft", Ecosystem.LOCAL_FILE, seen("models/ft/README.md"), local=model
    )
    (finding,) = findings(make_policy(trains_models=True), component, rule="training-restriction")
    assert finding.license == "llama2" and finding.evidence[0].path == "models/ft/README.md"
