"""Every policy rule, listed once by id: policies select and parameterise these, nothing else."""

from __future__ import annotations

import difflib

from aibom.policy import rules_license, rules_pinning, rules_terms
from aibom.policy.base import Rule

RULES: dict[str, Rule] = {
    rule.id: rule for rule in (*rules_terms.RULES, *rules_license.RULES, *rules_pinning.RULES)
}


def suggest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """`` (did you mean 'x'?)`` when one of ``choices`` is close to ``word``, else nothing."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
