"""The regional rule on real license_db entries: each clause against the fact it reaches."""

from __future__ import annotations

from aibom.core.model import Pin, PinSource, Severity
from aibom.policy import load_policy
from tests.policy.conftest import PolicyMaker, findings, hub

LLAMA_32_VISION = "meta-llama/Llama-3.2-11B-Vision-Instruct"
LLAMA_32_TEXT = "meta-llama/Llama-3.2-1B-Instruct"


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


def test_the_shipped_policies_tell_a_us_seller_from_an_eu_company() -> None:
    vision = hub(LLAMA_32_VISION)
    (us,) = findings(load_policy("enterprise"), vision, rule="geographic-restriction")
    assert us.severity is Severity.INFO and "established in US" in us.message
    (eu,) = findings(load_policy("eu"), vision, rule="geographic-restriction")
    assert eu.severity is Severity.ERROR and "is domiciled there (EU)" in eu.message
