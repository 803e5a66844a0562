"""The evaluate stage: an organisation's policy, its rules and waivers, applied to a report.

``load_policy`` reads and checks a policy (a file, or a shipped policy by name), ``evaluate``
runs it on a report, and ``fails`` says whether the findings fail the build.
"""

from __future__ import annotations

from aibom.policy.document import (
    Policy,
    PolicyError,
    RuleConfig,
    load_policy,
    shipped,
    validate,
    validate_text,
)
from aibom.policy.evaluate import Evaluation, evaluate, fails, with_findings
from aibom.policy.rules import RULES
from aibom.policy.starter import init_text

__all__ = [
    "RULES",
    "Evaluation",
    "Policy",
    "PolicyError",
    "RuleConfig",
    "evaluate",
    "fails",
    "init_text",
    "load_policy",
    "shipped",
    "validate",
    "validate_text",
    "with_findings",
]
