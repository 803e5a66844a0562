"""Every policy rule, listed once by id: policies select and parameterise these, nothing else."""

from __future__ import annotations

from aibom.policy import rules_license, rules_pinning, rules_terms
from aibom.policy.base import Rule

RULES: dict[str, Rule] = {
    rule.id: rule for rule in (*rules_terms.RULES, *rules_license.RULES, *rules_pinning.RULES)
}
