"""Reading policy files: shipped ones, the starter, every error at once with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aibom.core.errors import AibomError
from aibom.core.model import Severity
from aibom.policy import PolicyError, init_text, load_policy, shipped, validate, validate_text
from aibom.policy.base import Organisation
from aibom.policy.document import MAX_POLICY_BYTES
from aibom.policy.rules import RULES
from tests.policy.conftest import policy_text

SHIPPED = ("enterprise", "eu", "permissive-only", "research")


def test_the_four_policies_ship_and_validate() -> None:
    assert tuple(shipped()) == SHIPPED
    for name, path in shipped().items():
        assert validate(path) == [] and validate(name) == [], name
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{name}: starts with a comment block saying who it is for"
        assert load_policy(name).name == name
        assert load_policy(f"{name}.yaml").name == name


def test_enterprise_is_a_large_commercial_eu_company() -> None:
    policy = load_policy("enterprise")
    org = policy.organisation
    assert org.monthly_active_users >= 700_000_000 and org.commercial
    assert "EU" in org.regions and org.trains_models and not org.distributes_models
    denied = policy.rule("denied-licenses")
    assert denied.enabled
    assert set(denied.params.words("categories")) == {"non-commercial", "research-only"}
    for rule in ("unpinned", "unknown-license"):
        assert policy.rule(rule).severity is Severity.ERROR


def test_other_shipped_policies_say_what_they_are_for() -> None:
    permissive = load_policy("permissive-only").rule("allowed-licenses")
    assert permissive.enabled
    assert set(permissive.params.words("categories")) == {"permissive", "public-domain"}
    research = load_policy("research")
    assert not research.organisation.commercial
    assert research.rule("unknown-license").severity is Severity.WARNING
    eu = load_policy("eu")
    assert eu.organisation.regions == ("EU",) and eu.organisation.domicile == "EU"
    assert load_policy("enterprise").organisation.domicile == "US"
    assert eu.rule("geographic-restriction").severity is Severity.ERROR


def test_init_text_validates_and_lists_every_rule_with_its_default() -> None:
    text = init_text()
    assert validate_text(text) == []
    rules = yaml.safe_load(text)["rules"]
    assert set(rules) == set(RULES)
    for rule_id, rule in RULES.items():
        assert rules[rule_id]["severity"] == rule.severity.value
        assert rules[rule_id]["enabled"] is rule.enabled
        assert f"  # {rule.summary}\n  {rule_id}:" in text
        for param in rule.params:
            default: object = (
                list(param.default) if isinstance(param.default, tuple) else param.default
            )
            assert rules[rule_id][param.name] == default


def test_init_text_written_to_a_file_loads_with_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "aibom-policy.yaml"
    path.write_text(init_text(), encoding="utf-8")
    policy = load_policy(str(path))
    for config in policy.rules:
        rule = RULES[config.id]
        assert (config.severity, config.enabled, config.params) == (
            rule.severity,
            rule.enabled,
            rule.defaults(),
        )


BROKEN = """\
version: 1
organisation:
  monthly_active_users: lots
  annual_revenue_usd: 10
  regions: [UK, de, EU]
  trains_models: true
  distributes_model: false
rules:
  user-threshold:
    severity: fatal
  user-treshold: {}
  provider-country: {deny: [CN, ZZ], sevrity: error}
  allowed-licenses: {licenses: [apache2], categories: [permisive]}
waivers:
  - model: "meta-llama/*"
    rules: [user-threshold, usr-threshold]
    reason: ""
    expires: 2025-13-01
  - model: x
    reason: y
    approver: z
    expires: 2025-01-01
    approver: w
colour: blue
"""


def test_every_error_at_once_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "enterprise.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    shown = str(path)
    assert validate(path) == [
        f"{shown}:2: organisation.distributes_models: required",
        f"{shown}:3: organisation.monthly_active_users: 'lots' must be a whole number, 0 or more",
        f"{shown}:5: organisation.regions[0]: 'UK' is not an ISO 3166-1 alpha-2 code (use 'GB')",
        f"{shown}:5: organisation.regions[1]: 'de' is not an ISO 3166-1 alpha-2 country code "
        "or EU (did you mean 'DE'?)",
        f"{shown}:7: organisation.distributes_model: unknown key "
        "(did you mean 'distributes_models'?)",
        f"{shown}:10: rules.user-threshold.severity: 'fatal' is not one of info, warning, error",
        f"{shown}:11: rules.user-treshold: unknown rule (did you mean 'user-threshold'?)",
        f"{shown}:12: rules.provider-country.deny[1]: 'ZZ' is not an ISO 3166-1 alpha-2 country "
        "code or EU",
        f"{shown}:12: rules.provider-country.sevrity: not a setting of provider-country "
        "(did you mean 'severity'?)",
        f"{shown}:13: rules.allowed-licenses.categories[0]: 'permisive' is not a license "
        "category (did you mean 'permissive'?)",
        f"{shown}:13: rules.allowed-licenses.licenses[0]: 'apache2' is not a license_db key "
        "(did you mean 'apache-2.0'?)",
        f"{shown}:15: waivers[0].approver: required",
        f"{shown}:16: waivers[0].rules[1]: 'usr-threshold' is not a rule "
        "(did you mean 'user-threshold'?)",
        f"{shown}:17: waivers[0].reason: '' must be a non-empty string",
        f"{shown}:18: waivers[0].expires: '2025-13-01' must be an ISO date (2025-12-31)",
        f"{shown}:23: waivers[1].approver: duplicate key",
        f"{shown}:24: colour: unknown key",
    ]
    with pytest.raises(PolicyError) as raised:
        load_policy(shown)
    assert isinstance(raised.value, AibomError) and raised.value.exit_code == 2
    assert len(raised.value.errors) == 17
    assert f"{shown}:10: rules.user-threshold.severity" in str(raised.value)


def test_a_shipped_policy_name_shows_as_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "enterprise.yaml"
    path.write_text(policy_text(rules="user-threshold: {severity: fatal}"), encoding="utf-8")
    assert validate(path)[0].endswith(
        "rules.user-threshold.severity: 'fatal' is not one of info, warning, error"
    )
    assert validate(path)[0].startswith(f"{path}:9: ")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("version: 1\n", "policy.yaml:1: organisation: required"),
        ("version: 2\norganisation: {}\n", "policy.yaml:1: version: 2 is not a policy version"),
        ("- a list\n", "policy.yaml:1: (document): a policy must be a mapping"),
        ("", "policy.yaml:1: (document): a policy must be a mapping"),
        ("version: 1\norganisation: [\n", "policy.yaml:3: not valid YAML"),
        ("a: &x [1]\nb: *x\n", "policy.yaml:2: b: aliases are not supported"),
        ("version: 1\norganisation: 3\n", "policy.yaml:2: organisation: must be a mapping"),
    ],
)
def test_malformed_documents_are_errors_not_exceptions(text: str, error: str) -> None:
    assert any(e.startswith(error) for e in validate_text(text)), validate_text(text)


def test_waiver_needs_reason_approver_and_expiry() -> None:
    errors = validate_text(policy_text(waivers="- {model: x, owner: me}"))
    assert [e.split(": ", 1)[1] for e in errors] == [
        "waivers[0].approver: required",
        "waivers[0].expires: required",
        "waivers[0].reason: required",
    ]
    assert all(e.startswith("policy.yaml:9: ") for e in errors)


def test_rule_parameters_are_checked_by_kind() -> None:
    errors = validate_text(
        policy_text(
            rules="""\
            geographic-restriction: {report_out_of_scope: maybe}
            governing-law: {deny: [IT, Italy, CN]}
            user-threshold: {duty_severity: loud}
            denied-licenses: {licenses: llama3.1}
            """
        )
    )
    assert [e.split(": ", 1)[1] for e in errors] == [
        "rules.geographic-restriction.report_out_of_scope: 'maybe' must be true or false",
        "rules.governing-law.deny[0]: no names are known for 'IT': write the jurisdiction's "
        "name instead",
        "rules.user-threshold.duty_severity: 'loud' is not one of info, warning, error",
        "rules.denied-licenses.licenses: must be a list",
    ]


def test_regions_must_not_be_empty_and_counts_not_negative() -> None:
    errors = validate_text(policy_text(regions="[]", annual_revenue_usd=-1))
    assert [e.split(": ", 1)[1] for e in errors] == [
        "organisation.annual_revenue_usd: -1 must be a whole number, 0 or more",
        "organisation.regions: list at least one region where the organisation operates",
    ]


def test_domicile_is_one_code_checked_with_its_line(tmp_path: Path) -> None:
    text = policy_text(domicile="UK", principal_place_of_business="[US, DE]")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    domicile = next(i for i, line in enumerate(lines, 1) if "domicile:" in line)
    seat = next(i for i, line in enumerate(lines, 1) if "principal_place" in line)
    assert validate(path) == [
        f"{path}:{domicile}: organisation.domicile: 'UK' is not an ISO 3166-1 alpha-2 code "
        "(use 'GB')",
        f"{path}:{seat}: organisation.principal_place_of_business: ['US', 'DE'] must be one "
        "ISO 3166-1 alpha-2 country code or EU",
    ]
    assert validate_text(policy_text(domicile="Germany")) == [
        "policy.yaml:8: organisation.domicile: 'Germany' is not an ISO 3166-1 alpha-2 country "
        "code or EU"
    ]
    facts = load_policy_text(tmp_path, policy_text(domicile="EU", principal_place_of_business="US"))
    assert (facts.domicile, facts.principal_place_of_business, facts.seat) == ("EU", "US", "US")
    home = load_policy_text(tmp_path, policy_text(domicile="DE"))
    assert (home.principal_place_of_business, home.seat) == (None, "DE")
    assert load_policy_text(tmp_path, policy_text()).seat is None


def load_policy_text(folder: Path, text: str) -> Organisation:
    path = folder / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return load_policy(str(path)).organisation


def test_policy_settings_over_defaults(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        policy_text(
            rules="""\
            provider-country: {deny: [CN]}
            unpinned: {severity: error}
            attribution: {enabled: false}
            """,
            waivers="""\
            - model: "Qwen/*"
              reason: reviewed
              approver: legal
              expires: 2026-06-30
            """,
        ),
        encoding="utf-8",
    )
    policy = load_policy(str(path))
    country = policy.rule("provider-country")
    assert country.enabled and country.params.words("deny") == ("CN",) and country.line == 9
    assert policy.rule("unpinned").severity is Severity.ERROR
    assert not policy.rule("attribution").enabled
    governing = policy.rule("governing-law")
    assert not governing.enabled and governing.line == 0
    (waiver,) = policy.waivers
    assert (waiver.model, waiver.expires, waiver.rules, waiver.line) == (
        "Qwen/*",
        "2026-06-30",
        (),
        13,
    )
    assert [r.id for r in policy.rules] == sorted(RULES)


def test_missing_policy_names_the_shipped_ones(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"no shipped policy of that name .*enterprise"):
        load_policy(str(tmp_path / "nope.yaml"))
    with pytest.raises(PolicyError, match="no such file"):
        load_policy("enterprize")


def test_unreadable_files_are_errors(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_POLICY_BYTES + 1))
    assert "larger than" in validate(big)[0]
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"version: 1\n\xff\xfe\n")
    assert validate(binary) == [f"{binary}: not UTF-8 text"]
    assert "no such file" in validate(tmp_path / "missing.yaml")[0]
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert validate(folder) == [f"{folder}: cannot be read: a folder, not a regular file"]
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 50_000, encoding="utf-8")
    assert "not valid YAML" in validate(deep)[0]
