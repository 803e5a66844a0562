"""``aibom policy init``: a commented starter policy that lists every rule with its default."""

from __future__ import annotations

import json

from aibom.policy.base import ParamValue, Rule
from aibom.policy.rules import RULES

HEAD = """\
# aibom policy (format: policies/README.md). Check it with `aibom policy validate FILE`,
# use it with `aibom scan . --policy FILE`.
version: 1

# Who the organisation is: rules compare these facts with each license's terms.
# These values are examples: replace them with yours.
organisation:
  monthly_active_users: 1000000   # across the organisation and its affiliates
  annual_revenue_usd: 10000000
  regions: [US, EU]               # where it operates (offices, customers, users): ISO codes, EU
  domicile: US                    # where it is domiciled: one ISO code, or EU
  # principal_place_of_business: US   # only where it differs from the domicile
  trains_models: false            # it trains or improves other models (with models or outputs)
  distributes_models: false       # it ships weights, not only a hosted service
  commercial: true
  business: []                    # words for what it does, shown in reports

# Every rule, with its default severity (info | warning | error). A rule listed here runs unless
# it says enabled: false; one left out keeps its default. Parameters follow the severity.
rules:
"""

TAIL = """
# Approved exceptions. A waiver needs a reason, an approver and an expiry date; an expired
# waiver stops applying, and one that matches no finding is reported as stale.
waivers: []
#  - model: "meta-llama/Llama-3.1-*"        # a model id or glob
#    rules: [user-threshold]               # the rules it waives; all when left out
#    paths: ["research/**"]                # only where the model is used under these globs
#    reason: separate license agreement signed with Meta
#    owner: ml-platform@example.com
#    approver: legal@example.com
#    ticket: LEGAL-123
#    expires: 2026-12-31
"""


def init_text() -> str:
    """The starter policy: it validates as it is."""
    body = "".join(_rule(rule) for rule in RULES.values())
    return HEAD + body + TAIL


def _rule(rule: Rule) -> str:
    settings = [f"severity: {rule.severity.value}", f"enabled: {_yaml(rule.enabled)}"]
    settings.extend(f"{p.name}: {_yaml(p.default)}" for p in rule.params)
    return f"  # {rule.summary}\n  {rule.id}: {{{', '.join(settings)}}}\n"


def _yaml(value: ParamValue) -> str:
    """A flow-style YAML value (JSON strings are YAML strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    return value
