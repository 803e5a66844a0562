"""Policies written as real YAML files, and components licensed by the real license stage."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from aibom import licenses
from aibom.core.model import Component, Ecosystem, Evidence, Finding, Pin, Report
from aibom.policy import Policy, evaluate, load_policy

TODAY = date(2026, 3, 1)
PolicyMaker = Callable[..., Policy]

ORGANISATION = {
    "monthly_active_users": 10_000_000,
    "annual_revenue_usd": 50_000_000,
    "regions": "[US]",
    "trains_models": "false",
    "distributes_models": "false",
}


def policy_text(rules: str = "", waivers: str = "", **organisation: object) -> str:
    """A policy's YAML: the example organisation with ``organisation`` changed, and the
    ``rules`` and ``waivers`` sections as given (YAML, unindented)."""
    facts = {**ORGANISATION, **organisation}
    lines = ["version: 1", "organisation:"]
    lines += [f"  {key}: {_yaml(value)}" for key, value in facts.items()]
    if rules:
        lines += ["rules:", textwrap.indent(textwrap.dedent(rules).strip("\n"), "  ")]
    if waivers:
        lines += ["waivers:", textwrap.indent(textwrap.dedent(waivers).strip("\n"), "  ")]
    return "\n".join(lines) + "\n"


def _yaml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


@pytest.fixture
def make_policy(tmp_path: Path) -> PolicyMaker:
    """``make_policy(rules=..., waivers=..., monthly_active_users=...)``: write and load it."""
    count = iter(range(1000))

    def make(rules: str = "", waivers: str = "", **organisation: object) -> Policy:
        path = tmp_path / f"policy-{next(count)}.yaml"
        path.write_text(policy_text(rules, waivers, **organisation), encoding="utf-8")
        return load_policy(str(path))

    return make


def seen(*paths: str) -> tuple[Evidence, ...]:
    return tuple(Evidence(p, 3, 5, "model = ...", "python") for p in paths or ("app/main.py",))


def hub(
    name: str,
    *,
    bases: tuple[str, ...] = (),
    pin: Pin | None = None,
    paths: tuple[str, ...] = (),
) -> Component:
    """A Hugging Face model used at ``paths`` (the report licenses it)."""
    return Component(name, Ecosystem.HUGGINGFACE, seen(*paths), base_models=bases, pin=pin)


def report(*components: Component) -> Report:
    """A report of the components, licensed by the real license stage and license_db."""
    return Report("demo", ".", licenses.apply(tuple(components)))


def findings(policy: Policy, *components: Component, rule: str | None = None) -> list[Finding]:
    found = evaluate(report(*components), policy, TODAY).findings
    return [f for f in found if rule is None or f.rule == rule]
