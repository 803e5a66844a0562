"""Waivers: approved exceptions that mark findings as waived until they expire.

A waived finding stays in the result (every report shows it, with who approved it and until
when); an expired waiver stops applying and is reported, and so is one that matches nothing.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from aibom.core.model import Finding, Waiver


def expired(waiver: Waiver, today: date) -> bool:
    """A waiver applies through its expiry date and stops the day after."""
    return date.fromisoformat(waiver.expires) < today


def apply(
    findings: Iterable[Finding], waivers: Iterable[Waiver], today: date
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """The findings with ``waiver`` set where an unexpired waiver covers them (and
    ``expired_waiver`` where only an expired one does), and the notes about expired and stale
    waivers, in the policy's order."""
    notes: list[str] = []
    active: list[Waiver] = []
    lapsed: list[Waiver] = []
    for waiver in waivers:
        if expired(waiver, today):
            lapsed.append(waiver)
            notes.append(
                f"waiver for {waiver.model} expired on {waiver.expires} (approved by "
                f"{waiver.approver}): the findings it covered count again (policy line "
                f"{waiver.line})"
            )
        else:
            active.append(waiver)
    used: set[int] = set()
    result = [
        _mark_expired(piece, lapsed)
        for finding in findings
        for piece in _waive(finding, active, used)
    ]
    notes.extend(
        f"waiver for {waiver.model} matches no finding: it is stale, remove it (policy line "
        f"{waiver.line})"
        for index, waiver in enumerate(active)
        if index not in used
    )
    return tuple(result), tuple(notes)


def covers(waiver: Waiver, finding: Finding) -> bool:
    """Whether the waiver names the finding's model (a glob, ignoring case) and rule."""
    if waiver.rules and finding.rule not in waiver.rules:
        return False
    return fnmatch.fnmatchcase(finding.model.casefold(), waiver.model.casefold())


def _waive(finding: Finding, active: list[Waiver], used: set[int]) -> list[Finding]:
    """The finding, waived by the first waiver that covers it. A path-scoped waiver covers only
    the evidence under its paths: the finding is split, and the rest stays unwaived (or goes to
    the next waiver)."""
    for index, waiver in enumerate(active):
        if not covers(waiver, finding):
            continue
        if not waiver.paths:
            used.add(index)
            return [replace(finding, waiver=waiver)]
        inside = tuple(e for e in finding.evidence if _under(e.path, waiver.paths))
        if not inside:
            continue
        used.add(index)
        waived = replace(finding, evidence=inside, waiver=waiver)
        outside = tuple(e for e in finding.evidence if e not in inside)
        if not outside:
            return [waived]
        return [waived, *_waive(replace(finding, evidence=outside), active, used)]
    return [finding]


def _mark_expired(finding: Finding, lapsed: list[Waiver]) -> Finding:
    """An unwaived finding with the first expired waiver that would still cover it, so a
    report can show that an approval lapsed rather than that none was ever given."""
    if finding.waiver is not None:
        return finding
    for waiver in lapsed:
        if covers(waiver, finding) and (
            not waiver.paths or any(_under(e.path, waiver.paths) for e in finding.evidence)
        ):
            return replace(finding, expired_waiver=waiver)
    return finding


def _under(path: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, glob) for glob in globs)
