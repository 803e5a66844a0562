"""Rules about which license binds a model, and about pinning."""

from __future__ import annotations

from aibom.core.model import (
    Component,
    Ecosystem,
    LocalModel,
    ModelCard,
    Pin,
    PinnedFile,
    PinSource,
    Severity,
    WeightFile,
)
from tests.policy.conftest import PolicyMaker, findings, hub, seen

HASH = "0" * 64


def test_denied_and_allowed_categories(make_policy: PolicyMaker) -> None:
    nc = hub("mistralai/Codestral-22B-v0.1")  # Mistral AI Non-Production License
    mit = hub("microsoft/Phi-3-mini-4k-instruct")
    denied = make_policy(rules="denied-licenses: {categories: [non-commercial, research-only]}")
    (finding,) = findings(denied, nc, mit, rule="denied-licenses")
    assert finding.model == nc.name and finding.severity is Severity.ERROR
    assert "mistral-non-production-license (non-commercial) is in a denied category" in (
        finding.message
    )
    by_key = make_policy(rules="denied-licenses: {licenses: [mit]}")
    (finding,) = findings(by_key, nc, mit, rule="denied-licenses")
    assert finding.model == mit.name and finding.license == "mit"
    allowed = make_policy(rules="allowed-licenses: {categories: [permissive, public-domain]}")
    (finding,) = findings(allowed, nc, mit, rule="allowed-licenses")
    assert finding.model == nc.name and "is not an allowed license" in finding.message
    assert findings(make_policy(), nc, mit, rule="denied-licenses") == []  # off by default


def test_non_commercial_for_a_commercial_org(make_policy: PolicyMaker) -> None:
    nc = hub("mistralai/Codestral-22B-v0.1")
    (finding,) = findings(make_policy(), nc, rule="non-commercial")
    assert finding.severity is Severity.ERROR
    assert "forbids commercial use" in finding.message
    assert findings(make_policy(commercial=False), nc, rule="non-commercial") == []


def test_non_commercial_cites_the_term(make_policy: PolicyMaker) -> None:
    card = LocalModel("m", card=ModelCard("m/README.md", license="cc-by-nc-4.0"))
    component = Component("m", Ecosystem.LOCAL_FILE, seen("m/README.md"), local=card)
    (finding,) = findings(make_policy(), component, rule="non-commercial")
    assert (finding.license, finding.term, finding.term_clause) == (
        "cc-by-nc-4.0",
        "non_commercial",
        "1(i)",
    )
    assert finding.term_quote


def test_research_only(make_policy: PolicyMaker) -> None:
    card = LocalModel(
        "r", card=ModelCard("r/README.md", license="fair-noncommercial-research-license")
    )
    component = Component("r", Ecosystem.LOCAL_FILE, seen("r/README.md"), local=card)
    found = findings(make_policy(), component)
    rules = {f.rule for f in found}
    assert "non-commercial" in rules
    card = LocalModel("q", card=ModelCard("q/README.md", license="tongyi-qianwen-research"))
    component = Component("q", Ecosystem.LOCAL_FILE, seen("q/README.md"), local=card)
    (finding,) = findings(make_policy(), component, rule="research-only")
    assert finding.license == "tongyi-qianwen-research"
    assert findings(make_policy(commercial=False), component, rule="research-only") == []


def test_a_fine_tune_of_a_cc_by_nc_model_stays_non_commercial(make_policy: PolicyMaker) -> None:
    # The tune's card says apache-2.0; CC BY-NC 4.0 2(a)(1)(B) keeps Adapted Material
    # NonCommercial, so the base's license binds it (derivatives_inherit).
    pin = Pin(PinSource.LOCKFILE, commit="c" * 40, card_license="apache-2.0")
    tune = hub("acme/asr-tuned", bases=("facebook/mms-1b-all",), pin=pin)
    (finding,) = findings(make_policy(), tune, rule="non-commercial")
    assert (finding.license, finding.origin, finding.term_clause) == (
        "cc-by-nc-4.0",
        "facebook/mms-1b-all",
        "1(i)",
    )
    assert "inherited from base model facebook/mms-1b-all" in finding.message


def test_a_base_license_without_verified_terms_still_binds(make_policy: PolicyMaker) -> None:
    pin = Pin(PinSource.LOCKFILE, commit="c" * 40, card_license="apache-2.0")
    tune = hub("acme/large-tuned", bases=("mistralai/Mistral-Large-Instruct-2411",), pin=pin)
    (finding,) = findings(make_policy(), tune, rule="research-only")
    assert finding.license == "mistral-research-license"
    assert finding.origin == "mistralai/Mistral-Large-Instruct-2411"


def test_a_base_license_that_frees_derivatives_does_not_bind(make_policy: PolicyMaker) -> None:
    pin = Pin(PinSource.LOCKFILE, commit="c" * 40, card_license="mit")
    tune = hub("acme/elm-tuned", bases=("apple/OpenELM-270M",), pin=pin)
    allowed = make_policy(rules="allowed-licenses: {licenses: [mit]}")
    assert findings(allowed, tune, rule="allowed-licenses") == []
    (lineage,) = findings(allowed, tune, rule="lineage")
    assert (lineage.severity, lineage.license, lineage.origin) == (
        Severity.INFO,
        "apple-ascl",
        "apple/OpenELM-270M",
    )
    assert (lineage.term, lineage.term_clause) == ("derivatives_inherit", "para. 4")
    assert "whose terms do not bind derivatives" in lineage.message
    assert "in its entirety and without modifications" in (lineage.term_quote or "")


def test_provider_country_deny_list(make_policy: PolicyMaker) -> None:
    qwen, llama = hub("Qwen/Qwen2.5-72B-Instruct"), hub("meta-llama/Llama-3.1-8B")
    policy = make_policy(rules="provider-country: {deny: [CN]}")
    (finding,) = findings(policy, qwen, llama, rule="provider-country")
    assert finding.model == qwen.name and "Alibaba Cloud, based in CN" in finding.message
    assert findings(make_policy(), qwen, rule="provider-country") == []  # off by default
    eu = make_policy(rules="provider-country: {deny: [EU]}")
    mistral = hub("mistralai/Codestral-22B-v0.1")  # Mistral AI, FR
    (finding,) = findings(eu, mistral, qwen, rule="provider-country")
    assert finding.model == mistral.name


def test_governing_law_deny_list(make_policy: PolicyMaker) -> None:
    qwen, llama = hub("Qwen/Qwen2.5-72B-Instruct"), hub("meta-llama/Llama-3.1-8B")
    policy = make_policy(rules="governing-law: {deny: [CN]}")
    (finding,) = findings(policy, qwen, llama, rule="governing-law")
    assert finding.model == qwen.name and finding.term_clause == "9.a"
    assert "governed by People's Republic of China" in finding.message
    by_name = make_policy(rules="governing-law: {deny: [California]}")
    (finding,) = findings(by_name, qwen, llama, rule="governing-law")
    assert finding.model == llama.name


def test_unknown_and_unverified_licenses(make_policy: PolicyMaker) -> None:
    unknown = hub("acme/mystery-model")
    guessed = hub("unsloth/Llama-3.2-1B-Instruct")  # a re-upload: the family's license, unverified
    api = Component("gpt-4o", Ecosystem.API_SERVICE, seen(), provider="openai")
    policy = make_policy(rules="unknown-license: {severity: error}")
    found = findings(policy, unknown, guessed, api, rule="unknown-license")
    assert [(f.model, f.severity) for f in found] == [
        (unknown.name, Severity.ERROR),
        (guessed.name, Severity.WARNING),
    ]
    assert found[0].message == "no license could be identified"
    assert found[1].message.startswith("license llama3.2 is not verified: ")


def test_a_license_without_a_held_text_is_reported_as_unverified(make_policy: PolicyMaker) -> None:
    policy = make_policy(rules="unknown-license: {severity: error, unverified_severity: error}")
    (finding,) = findings(policy, hub("google/medgemma-4b-it"), rule="unknown-license")
    assert (finding.license, finding.severity) == ("hai-def", Severity.ERROR)
    assert "the terms of hai-def are not verified" in finding.message
    pin = Pin(PinSource.LOCKFILE, commit="c" * 40, card_license="apache-2.0")
    base = "mistralai/Mistral-Large-Instruct-2411"
    tune = hub("acme/large-tuned", bases=(base,), pin=pin)
    (inherited,) = findings(policy, tune, rule="unknown-license")
    assert (inherited.license, inherited.origin) == ("mistral-research-license", base)
    assert findings(policy, hub("microsoft/Phi-3-mini-4k-instruct"), rule="unknown-license") == []


def test_license_conflict(make_policy: PolicyMaker) -> None:
    model = LocalModel(
        "models/x",
        files=(WeightFile("models/x/model.gguf", 10, "gguf", (("general.license", "mit"),)),),
        card=ModelCard("models/x/README.md", license="apache-2.0"),
    )
    component = Component("models/x", Ecosystem.LOCAL_FILE, seen("models/x/README.md"), local=model)
    (finding,) = findings(make_policy(), component, rule="license-conflict")
    assert finding.severity is Severity.WARNING and finding.license == "mit"
    assert "'mit', which is mit, but the license decided is apache-2.0 (from card)" in (
        finding.message
    )


def test_unpinned_and_hashes(make_policy: PolicyMaker) -> None:
    policy = make_policy()
    unpinned = hub("openai/whisper-small", pin=Pin(PinSource.NONE, reason="not in the cache"))
    never = hub("openai/whisper-base")
    pinned = hub(
        "openai/whisper-tiny",
        pin=Pin(
            PinSource.LOCKFILE,
            commit="c" * 40,
            files=(
                PinnedFile("config.json", 10, git_oid="1" * 40),
                PinnedFile("model.safetensors", 10, sha256=HASH),
                PinnedFile("tokenizer.json", 10),
            ),
        ),
    )
    empty = hub("openai/whisper-large-v3", pin=Pin(PinSource.HUB, commit="d" * 40))
    api = Component("gpt-4o", Ecosystem.API_SERVICE, seen(), provider="openai")
    models = (unpinned, never, pinned, empty, api)
    assert [(f.model, f.message) for f in findings(policy, *models, rule="unpinned")] == [
        ("openai/whisper-base", "not pinned to exact bytes: no source could resolve it"),
        ("openai/whisper-small", "not pinned to exact bytes: not in the cache"),
    ]
    assert [(f.model, f.message) for f in findings(policy, *models, rule="missing-hashes")] == [
        ("openai/whisper-large-v3", "pinned from hub but no file hashes are recorded"),
        ("openai/whisper-tiny", "1 pinned file(s) without a sha256: tokenizer.json"),
    ]


def test_local_files_need_sha256(make_policy: PolicyMaker) -> None:
    pin = Pin(PinSource.LOCAL_FILE, files=(PinnedFile("m/a.gguf", 1, git_oid="1" * 40),))
    component = Component("m/a.gguf", Ecosystem.LOCAL_FILE, seen("m/a.gguf"), pin=pin)
    (finding,) = findings(make_policy(), component, rule="missing-hashes")
    assert finding.message.endswith("m/a.gguf")


def test_gated_and_drift(make_policy: PolicyMaker) -> None:
    pin = Pin(
        PinSource.LOCKFILE,
        commit="e" * 40,
        files=(PinnedFile("model.safetensors", 1, sha256=HASH),),
        gated=True,
        drift=("the code asks for revision 'main', the lock has 'v1'",),
    )
    model = hub("meta-llama/Llama-3.1-8B", pin=pin)
    found = {f.rule: f for f in findings(make_policy(), model)}
    assert found["gated"].severity is Severity.WARNING
    assert found["lock-drift"].severity is Severity.ERROR
    assert found["lock-drift"].message == (
        "differs from aibom.lock: the code asks for revision 'main', the lock has 'v1'"
    )
    assert "unpinned" not in found and "missing-hashes" not in found
