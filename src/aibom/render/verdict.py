"""Each model's verdict for a reader in a hurry: blocked, needs action, waived or allowed.

The verdict is derived from the policy findings alone, so every report that shows one (HTML, a
diff) says the same thing about the same report:

- **blocked**: an unwaived finding at or above ``--fail-on`` (error by default): the release
  cannot go out with this model as it is;
- **needs action**: no blocker, but an unwaived finding asks for something: any warning, or an
  info about a duty the license imposes (attribution, an acceptable-use policy to pass on);
- **waived**: nothing open that asks for anything, and at least one finding waived;
- **allowed**: no finding asks for anything (none at all, or only information such as a
  regional clause that does not reach this model).

An expired waiver covers nothing: its finding counts as unwaived.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from aibom.core.model import Finding, Report, Severity

# The license terms whose findings are duties to fulfil rather than information (license_db term
# names): an info finding about one of them still asks the product team to do something.
DUTY_TERMS = frozenset({"attribution", "acceptable_use_policy"})


class Verdict(StrEnum):
    """A model's standing against the policy, most serious first."""

    BLOCKED = "blocked"
    NEEDS_ACTION = "needs-action"
    WAIVED = "waived"
    ALLOWED = "allowed"

    @property
    def label(self) -> str:
        """The word shown to a reader (colour never carries the meaning alone)."""
        return _LABELS[self]


_LABELS = {
    Verdict.BLOCKED: "Blocked",
    Verdict.NEEDS_ACTION: "Needs action",
    Verdict.WAIVED: "Waived",
    Verdict.ALLOWED: "Allowed",
}


def blocks(finding: Finding, fail_on: Severity = Severity.ERROR) -> bool:
    """Whether the finding alone blocks the release: unwaived and at or above ``fail_on``."""
    return finding.waiver is None and finding.severity.at_least(fail_on)


def asks(finding: Finding) -> bool:
    """Whether an unwaived finding asks for something: a warning, or an info about a duty."""
    if finding.waiver is not None:
        return False
    return finding.severity.at_least(Severity.WARNING) or finding.term in DUTY_TERMS


def verdict(findings: Iterable[Finding], fail_on: Severity = Severity.ERROR) -> Verdict:
    """The verdict of one model from its findings (see the module docstring)."""
    found = list(findings)
    if any(blocks(f, fail_on) for f in found):
        return Verdict.BLOCKED
    if any(asks(f) for f in found):
        return Verdict.NEEDS_ACTION
    if any(f.waiver is not None for f in found):
        return Verdict.WAIVED
    return Verdict.ALLOWED


def by_model(report: Report) -> dict[str, list[Finding]]:
    """The report's findings grouped by the name of the model they are about, in report order."""
    grouped: dict[str, list[Finding]] = {c.name: [] for c in report.components}
    for finding in report.findings:
        grouped.setdefault(finding.model, []).append(finding)
    return grouped


def verdicts(report: Report, fail_on: Severity = Severity.ERROR) -> dict[str, Verdict]:
    """Every component's verdict, by component name, in the report's order of components."""
    grouped = by_model(report)
    return {c.name: verdict(grouped[c.name], fail_on) for c in report.components}


def counts(report: Report, fail_on: Severity = Severity.ERROR) -> dict[Verdict, int]:
    """How many models have each verdict, every verdict listed (zero included), worst first."""
    tally = dict.fromkeys(Verdict, 0)
    for value in verdicts(report, fail_on).values():
        tally[value] += 1
    return tally
