"""Rules that compare the organisation with license terms, on real license_db entries."""

from __future__ import annotations

from aibom.core.model import Component, Ecosystem, LocalModel, ModelCard, Pin, PinSource, Severity
from aibom.licenses.db import load_default
from tests.policy.conftest import PolicyMaker, findings, hub, seen

LLAMA_31 = "meta-llama/Llama-3.1-8B-Instruct"


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
