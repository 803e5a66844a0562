"""THIRD_PARTY_MODEL_NOTICES.md: the notices, displays, names and use policies models require.

A product team commits this file next to its own NOTICE. It holds no date and no commit, so it
changes only when a duty changes. Notice texts sit in fenced blocks so the committed file holds
them character for character; every other string from the report is escaped as Markdown (a model
name comes from code a stranger may have written).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from aibom.core.model import Report
from aibom.render.duties import Duties, Duty, gather
from aibom.render.markdown import cell

_INTRO = (
    "The attribution and display duties of the AI models this project depends on, gathered by "
    "aibom from the license terms of each model and of the base models it derives from. Each "
    "duty names the license clause that imposes it and the models it comes from. Regenerate it "
    "after adding or changing a model: `aibom scan . -f notices=THIRD_PARTY_MODEL_NOTICES.md`."
)


def render(report: Report) -> str:
    """The notices file for ``report``: Markdown, deterministic, ending with a newline."""
    duties = gather(report)
    lines = [f"# Third-party AI model notices: {cell(report.project)}", "", _INTRO]
    lines += _section(
        "Notice texts",
        "Ship each text, exactly as written, in a `Notice` file with every copy of the model "
        "or of a work that contains it.",
        duties.notices,
        duties,
        _notice,
    )
    lines += _section(
        "Display duties",
        "Show each text where the license says (a website, user interface, about page or "
        "product documentation).",
        duties.displays,
        duties,
        _quoted,
    )
    lines += _section(
        "Naming duties",
        "A model you distribute that is built with these models must have a name that begins "
        "with the text shown.",
        duties.naming,
        duties,
        _quoted,
    )
    lines += _section(
        "Acceptable-use policies to pass on",
        "These policies flow down: pass each on to the users of the product (in its terms of "
        "service) and to whoever receives the model.",
        duties.acceptable_use,
        duties,
        _policy,
    )
    lines += _section(
        "Other attribution duties",
        "Duties the licenses word without a fixed text.",
        duties.other,
        duties,
        _other,
    )
    kinds = (duties.notices, duties.displays, duties.naming, duties.acceptable_use, duties.other)
    if not any(kinds):
        lines += ["", "No model of this project carries an attribution or display duty."]
    return "\n".join(lines) + "\n"


Entry = Callable[[Duty, Duties], list[str]]


def _section(
    title: str, lead: str, items: tuple[Duty, ...], duties: Duties, entry: Entry
) -> list[str]:
    if not items:
        return []
    lines = ["", f"## {title}", "", lead]
    for duty in items:
        lines += ["", *entry(duty, duties)]
    return lines


def _notice(duty: Duty, duties: Duties) -> list[str]:
    return [
        f"### {cell(_licenses(duty, duties))}",
        "",
        *_fenced(duty.text),
        "",
        *_provenance(duty, duties),
    ]


def _quoted(duty: Duty, duties: Duties) -> list[str]:
    return _titled(_code(duty.text), duty.wording, duty, duties)


def _policy(duty: Duty, duties: Duties) -> list[str]:
    return _titled(cell(duty.text), duty.quotes, duty, duties)


def _titled(title: str, quotes: Iterable[str], duty: Duty, duties: Duties) -> list[str]:
    """A heading, the license's words as block quotes, then where the duty comes from."""
    quoted = [f"> {cell(quote)}" for quote in quotes]
    return [f"### {title}", "", *quoted, *([""] if quoted else []), *_provenance(duty, duties)]


def _other(duty: Duty, duties: Duties) -> list[str]:
    lines = [f"- {cell(duty.text)}", *[f"  {line}" for line in _provenance(duty, duties) if line]]
    if "NOTICE" in duty.text:
        lines += _notice_pointers(duty, duties)
    return lines


def _notice_pointers(duty: Duty, duties: Duties) -> list[str]:
    """Where the NOTICE files an Apache-style duty points at are, as far as the report knows."""
    shipped = dict(duties.notice_files)
    lines = []
    for model in duty.models:
        name = model.split(" (through ", 1)[0]
        where = shipped.get(name)
        if where:
            found = _code(where)
        elif name in duties.listed:
            found = "none among its files"
        else:
            found = "its files are not pinned: look for one in the model's repository"
        lines.append(f"  - NOTICE file of {cell(name)}: {found}")
    return lines


def _provenance(duty: Duty, duties: Duties) -> list[str]:
    sources = "; ".join(
        f"{duties.license_names.get(key, key)} ({key})" + (f", \u00a7 {clause}" if clause else "")
        for key, clause in duty.sources
    )
    return [f"Required by: {cell(sources)}.\\", f"Models: {cell(', '.join(duty.models))}."]


def _licenses(duty: Duty, duties: Duties) -> str:
    return "; ".join(dict.fromkeys(duties.license_names.get(k, k) for k, _ in duty.sources))


def _fenced(text: str) -> list[str]:
    """``text`` in a fenced block: shown and copied exactly, whatever characters it holds."""
    longest = max((len(run) for run in re.findall(r"`+|~+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text, fence]


def _code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    return (
        f"{ticks} {text} {ticks}"
        if text.startswith("`") or text.endswith("`")
        else f"{ticks}{text}{ticks}"
    )
