"""The policy file: find it, check it (every error with its line), and turn it into typed data.

Two steps, as in ``packaging``: :mod:`aibom.policy.checks` collects every problem in the raw
YAML; only a clean document is built into a :class:`Policy`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aibom.core.data import data_dir
from aibom.core.errors import AibomError
from aibom.core.model import Severity, Waiver
from aibom.core.safeio import TooLarge, read_bounded, reason
from aibom.core.yamllines import Located, read
from aibom.licenses.db import LicenseDb, load_default
from aibom.policy.base import Organisation, Params, ParamValue, Rule
from aibom.policy.checks import check, parse_date
from aibom.policy.rules import RULES

MAX_POLICY_BYTES = 1024 * 1024


class PolicyError(AibomError):
    """A policy that cannot be used; the message lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("invalid policy:\n  " + "\n  ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class RuleConfig:
    """A rule as a policy sets it: severity, on or off, parameter values (defaults filled in)."""

    id: str
    severity: Severity
    enabled: bool
    params: Params
    line: int = 0  # where the policy sets it; 0: not mentioned, defaults apply


@dataclass(frozen=True)
class Policy:
    """A checked policy: who the organisation is, every rule's settings, and the waivers."""

    name: str  # the shipped policy's name, or the path as given
    organisation: Organisation
    rules: tuple[RuleConfig, ...]  # every registered rule, by id
    waivers: tuple[Waiver, ...] = ()
    version: int = 1

    def rule(self, rule_id: str) -> RuleConfig:
        return next(r for r in self.rules if r.id == rule_id)

    @property
    def enabled(self) -> tuple[RuleConfig, ...]:
        return tuple(r for r in self.rules if r.enabled)


def shipped() -> dict[str, Path]:
    """The policies that come with aibom, by name."""
    folder = data_dir("policies")
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def load_policy(name_or_path: str) -> Policy:
    """A policy file, or the name of a shipped one; PolicyError lists every problem."""
    path, name, shown = _locate(str(name_or_path))
    located, errors = _read(path, shown)
    if errors:
        raise PolicyError(errors)
    return build(located, name)


def validate(path: str | Path) -> list[str]:
    """Every problem in a policy file (or a shipped policy, by name), as
    ``file:line: key.path: message``; empty when it is valid."""
    try:
        found, _, shown = _locate(str(path))
    except PolicyError as exc:
        return exc.errors
    return _read(found, shown)[1]


def _locate(name_or_path: str) -> tuple[Path, str, str]:
    """The file, the policy's name, and how errors show the file. A file wins over a name."""
    path = Path(name_or_path)
    policies = shipped()
    name = name_or_path.removesuffix(".yaml")
    if path.is_file() or (os.path.lexists(path) and name not in policies):
        return path, name_or_path, name_or_path  # a FIFO or folder: reading it says what it is
    if name in policies:
        return policies[name], name, f"{name}.yaml"
    known = ", ".join(policies) or "none"
    raise PolicyError(
        [f"{name_or_path}: no such file, and no shipped policy of that name ({known})"]
    )


def validate_text(text: str, shown: str = "policy.yaml") -> list[str]:
    """Every problem in a policy given as text."""
    return _parse(text, shown)[1]


def _read(path: Path, shown: str) -> tuple[Located, list[str]]:
    try:
        raw = read_bounded(path, MAX_POLICY_BYTES)
    except TooLarge:
        return Located(None), [f"{shown}: larger than {MAX_POLICY_BYTES} bytes: not a policy"]
    except OSError as exc:
        return Located(None), [f"{shown}: cannot be read: {reason(exc)}"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Located(None), [f"{shown}: not UTF-8 text"]
    return _parse(text, shown)


def _parse(text: str, shown: str, db: LicenseDb | None = None) -> tuple[Located, list[str]]:
    try:
        located = read(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Located(None), [f"{shown}:{line}: not valid YAML: {problem}"]
    problems = check(located, db or load_default())
    return located, [f"{shown}:{line}: {message}" for line, message in problems]


def build(located: Located, name: str) -> Policy:
    """The typed policy from a document that :func:`check` found no problem in."""
    data: dict[str, Any] = located.data  # type: ignore[assignment]
    return Policy(
        name=name,
        organisation=_organisation(data["organisation"]),
        rules=tuple(
            _rule_config(rule, (data.get("rules") or {}), located)
            for _, rule in sorted(RULES.items())
        ),
        waivers=tuple(
            _waiver(raw, located.line(("waivers", index)))
            for index, raw in enumerate(data.get("waivers") or ())
        ),
        version=data["version"],
    )


def _organisation(raw: dict[str, Any]) -> Organisation:
    return Organisation(
        monthly_active_users=raw["monthly_active_users"],
        annual_revenue_usd=raw["annual_revenue_usd"],
        regions=tuple(raw["regions"]),
        trains_models=raw["trains_models"],
        distributes_models=raw["distributes_models"],
        commercial=raw.get("commercial", True),
        business=tuple(raw.get("business") or ()),
        domicile=raw.get("domicile"),
        principal_place_of_business=raw.get("principal_place_of_business"),
    )


def _rule_config(rule: Rule, rules: dict[str, Any], located: Located) -> RuleConfig:
    if rule.id not in rules:
        return RuleConfig(rule.id, rule.severity, rule.enabled, rule.defaults())
    settings = rules[rule.id] or {}
    values: list[tuple[str, ParamValue]] = []
    for param in rule.params:
        value = settings.get(param.name, param.default)
        values.append((param.name, tuple(value) if isinstance(value, list) else value))
    return RuleConfig(
        rule.id,
        Severity(settings.get("severity", rule.severity)),
        settings.get("enabled", True),  # a rule the policy lists is on unless it says otherwise
        Params(tuple(values)),
        located.line(("rules", rule.id)),
    )


def _waiver(raw: dict[str, Any], line: int) -> Waiver:
    expires = parse_date(raw["expires"])
    return Waiver(
        model=raw["model"],
        rules=tuple(raw.get("rules") or ()),
        paths=tuple(raw.get("paths") or ()),
        reason=raw["reason"].strip(),
        owner=str(raw.get("owner") or "").strip(),
        approver=raw["approver"].strip(),
        ticket=str(raw.get("ticket") or "").strip(),
        expires=expires.isoformat() if expires else "",
        line=line,
    )
