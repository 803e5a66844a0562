"""The attribution and display duties of a report's models, gathered once each across models.

Everything comes from the effective terms the report carries: the ``attribution`` term's
``requirements`` (the duties as the license database words them, each ending with its clause),
``display_text`` and ``model_name_prefix``, and the ``acceptable_use_policy`` term's ``url`` and
``flows_down``. A notice text is the quoted text a requirement prescribes for a notice ("retain a
"Notice" text file reading "Llama 3.1 is licensed under ..."") taken character for character;
nothing is typed from memory, and a quoted example ("e.g. ...") is not a prescribed text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from aibom.core.licensing import EffectiveTerm, Term
from aibom.core.model import Component, Report
from aibom.render.plain import license_label

_QUOTED = re.compile(r"(?P<lead>e\.g\.\s*)?(?:\"(?P<a>[^\"]+)\"|\u201c(?P<b>[^\u201d]+)\u201d)")
# A requirement ends with its clause in parentheses, which may nest once: "(IV.a(ii))".
_CLAUSE = re.compile(r"\s*\(((?:[^()]|\([^()]*\))*)\)\s*\Z")
_NOTICE_WORD = re.compile(r"notice", re.IGNORECASE)


@dataclass
class Duty:
    """One duty (a notice text, a display, a prefix, a policy to pass on, another duty), with
    every license clause that imposes it and every model it binds."""

    kind: str  # notice | display | naming | acceptable-use | other
    text: str  # the notice text, display text, prefix, policy URL, or the duty's words
    sources: dict[tuple[str, str], None] = field(default_factory=dict)  # (license, clause)
    models: dict[str, None] = field(default_factory=dict)  # "name" or "name (through base)"
    wording: dict[str, None] = field(default_factory=dict)  # the requirement sentences, verbatim
    quotes: dict[str, None] = field(default_factory=dict)  # verbatim quotes of the clause


@dataclass(frozen=True)
class Duties:
    """Every duty of a report, by kind, in a stable order."""

    notices: tuple[Duty, ...]
    displays: tuple[Duty, ...]
    naming: tuple[Duty, ...]
    acceptable_use: tuple[Duty, ...]
    other: tuple[Duty, ...]
    notice_files: tuple[tuple[str, str], ...]  # (model, path of a NOTICE file it ships)
    listed: frozenset[str]  # the models whose files are known (pinned, or a local folder)
    license_names: dict[str, str]  # license key -> "Name, version"


def gather(report: Report) -> Duties:
    """The duties of every model of ``report``, each once, with its sources and models."""
    found: dict[tuple[str, str], Duty] = {}
    names: dict[str, str] = {}
    for component in sorted(report.components, key=lambda c: (c.name.casefold(), c.name)):
        licensing = component.licensing
        for summary in licensing.licenses if licensing else ():
            names[summary.key] = license_label(summary.name, summary.version)
        for effective in licensing.effective_terms if licensing else ():
            _collect(found, effective, _model(component, effective))
    by_kind = {kind: [d for d in found.values() if d.kind == kind] for kind in _KINDS}
    return Duties(
        notices=tuple(by_kind["notice"]),
        displays=tuple(by_kind["display"]),
        naming=tuple(by_kind["naming"]),
        acceptable_use=tuple(by_kind["acceptable-use"]),
        other=tuple(by_kind["other"]),
        notice_files=_notice_files(report.components),
        listed=frozenset(
            c.name for c in report.components if (c.pin and c.pin.files) or c.local is not None
        ),
        license_names=names,
    )


_KINDS = ("notice", "display", "naming", "acceptable-use", "other")


def notice_texts(requirement: str) -> list[str]:
    """The texts a requirement prescribes for a notice, verbatim; none when it names no notice."""
    if not _NOTICE_WORD.search(requirement):
        return []
    return [
        text
        for match in _QUOTED.finditer(requirement)
        if not match.group("lead") and (text := match.group("a") or match.group("b"))
        if text.casefold() != "notice"
    ]


def clause_of(requirement: str, default: str | None) -> str:
    """The clause a requirement cites at its end, else the term's clause."""
    match = _CLAUSE.search(requirement)
    return match.group(1) if match else (default or "")


def _model(component: Component, effective: EffectiveTerm) -> str:
    if effective.origin == component.name:
        return component.name
    return f"{component.name} (through base model {effective.origin})"


def _collect(found: dict[tuple[str, str], Duty], effective: EffectiveTerm, model: str) -> None:
    term = effective.term
    if term.name == "acceptable_use_policy" and term.get("flows_down") is True:
        url = str(term.get("url") or "the acceptable-use policy the license incorporates")
        duty = _duty(found, "acceptable-use", url, effective, term.clause or "", model)
        if term.quote:
            duty.quotes[term.quote] = None
    elif term.name == "attribution":
        _attribution(found, effective, model)


def _attribution(found: dict[tuple[str, str], Duty], effective: EffectiveTerm, model: str) -> None:
    term = effective.term
    display, prefix = _text(term, "display_text"), _text(term, "model_name_prefix")
    requirements = _requirements(term)
    notices = {text for r in requirements for text in notice_texts(r)}
    for requirement in requirements:
        clause = clause_of(requirement, term.clause)
        texts = notice_texts(requirement)
        for text in texts:
            _duty(found, "notice", text, effective, clause, model).wording[requirement] = None
        if texts:
            continue
        if display and display not in notices and _quotes(requirement, display):
            _duty(found, "display", display, effective, clause, model).wording[requirement] = None
        elif prefix and _quotes(requirement, prefix) and "name" in requirement:
            _duty(found, "naming", prefix, effective, clause, model).wording[requirement] = None
        else:
            _duty(found, "other", requirement, effective, clause, model)
    if display and display not in notices and not any(_quotes(r, display) for r in requirements):
        _duty(found, "display", display, effective, term.clause or "", model)
    if prefix and not any(_quotes(r, prefix) and "name" in r for r in requirements):
        _duty(found, "naming", prefix, effective, term.clause or "", model)


def _duty(
    found: dict[tuple[str, str], Duty],
    kind: str,
    text: str,
    effective: EffectiveTerm,
    clause: str,
    model: str,
) -> Duty:
    duty = found.setdefault((kind, text), Duty(kind, text))
    duty.sources[(effective.license, clause)] = None
    duty.models[model] = None
    return duty


def _text(term: Term, name: str) -> str | None:
    value = term.get(name)
    return value if isinstance(value, str) and value else None


def _requirements(term: Term) -> list[str]:
    value = term.get("requirements")
    return [str(v) for v in value] if isinstance(value, tuple) else []


def _quotes(requirement: str, text: str) -> bool:
    return f'"{text}"' in requirement or f"\u201c{text}\u201d" in requirement


def _notice_files(components: Iterable[Component]) -> tuple[tuple[str, str], ...]:
    """Files named NOTICE that a model's pin or folder lists: what Apache-style duties point at."""
    found: set[tuple[str, str]] = set()
    for component in components:
        paths = [f.path for f in component.pin.files] if component.pin else []
        if component.local is not None:
            paths += [f.path for f in component.local.license_files]
        for path in paths:
            if path.rsplit("/", 1)[-1].split(".", 1)[0].upper() == "NOTICE":
                found.add((component.name, path))
    return tuple(sorted(found))
