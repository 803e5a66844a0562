"""``aibom scan``: find the models a tree depends on, evaluate a policy, write the outputs."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from aibom.commands.common import (
    fail_on_option,
    file_progress,
    load_policy,
    messages,
    online_option,
    output_options,
    policy_failed,
    policy_option,
    quiet_option,
    scan_target,
    spec_version_option,
    warn,
)
from aibom.core.errors import AibomError
from aibom.core.exitcodes import EXIT_OK, EXIT_POLICY
from aibom.render import FORMATS, RenderOptions

if TYPE_CHECKING:
    from aibom.core.model import Report


@dataclass(frozen=True)
class OutputSpec:
    """One output of a run: a format and where it goes (None: standard output)."""

    format: str
    path: Path | None


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default=".")
@output_options(FORMATS)
@spec_version_option
@click.option(
    "--include-docs",
    is_flag=True,
    help="Also list models only mentioned in documentation, marked as mentions.",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1024),
    default=8 * 1024 * 1024,
    show_default=True,
    metavar="BYTES",
    help="Larger files are skipped (weight files are read only for their headers).",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="List skipped files and every unresolved value."
)
@quiet_option
@online_option
@policy_option
@fail_on_option
@click.option(
    "--changed-since",
    metavar="REF",
    help="Report policy findings only for models referenced in files changed since REF (git).",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    metavar="SBOM",
    help="A previous aibom CycloneDX JSON SBOM: only models not in it can fail the run.",
)
@click.option(
    "--locked",
    is_flag=True,
    help="Fail (exit 1) when a model has no aibom.lock entry or drifted from it.",
)
def scan(
    path: Path,
    formats: tuple[str, ...],
    output: Path | None,
    spec_version: str,
    include_docs: bool,
    max_file_size: int,
    verbose: bool,
    quiet: bool,
    online: bool,
    policy: str | None,
    fail_on: str,
    changed_since: str | None,
    baseline: Path | None,
    locked: bool,
) -> int:
    """Find the AI models the code at PATH depends on and write them out.

    \b
    Examples:
      aibom scan examples/demo-app
      aibom scan . -f cyclonedx-json=aibom.cdx.json -f text
      aibom scan . -f cyclonedx-xml -o aibom.cdx.xml --spec-version 1.5
      aibom scan . --policy enterprise -f sarif=aibom.sarif -f html=review.html
      aibom scan app/train.py             one file (a pre-commit hook scans changed files)
    """
    from aibom.commands.outputs import check_distinct, check_writable, write_outputs
    from aibom.core.model import Severity
    from aibom.core.reproducible import source_date_epoch
    from aibom.pipeline import scan as run_scan
    from aibom.resolve.stage import ResolveOptions

    specs = parse_outputs(formats, output)
    root, only = scan_target(path)
    targets = [None if spec.path is None else check_writable(spec.path) for spec in specs]
    check_distinct([target for target in targets if target is not None])
    source_date_epoch()  # a malformed value is the user's to fix: say so before the scan
    report = run_scan(
        root,
        only=only,
        include_docs=include_docs,
        max_file_bytes=max_file_size,
        progress=file_progress(quiet),
        resolve_options=ResolveOptions(online=online, progress=messages(quiet)),
        locked=locked,
        policy=load_policy(policy),
        changed_since=changed_since,
        baseline=baseline,
    )
    options = RenderOptions(spec_version=spec_version, verbose=verbose, fail_on=Severity(fail_on))
    rendered = [FORMATS[spec.format](report, options) for spec in specs]
    write_outputs([(t, text) for t, text in zip(targets, rendered, strict=True) if t is not None])
    for target, text in zip(targets, rendered, strict=True):
        if target is None:
            click.echo(text, nl=False)
    if not quiet:
        _summary(report, specs)
        if verbose and not any(s.format == "text" and s.path is None for s in specs):
            for skipped in report.skipped:  # the table lists them itself; other formats do not
                verb = "" if skipped.reason.startswith("partly read") else "skipped "
                warn(f"aibom: {verb}{skipped.path}: {skipped.reason}")
    for problem in report.lock_problems:
        warn(f"aibom: locked: {problem}")
    failed = policy_failed(report, fail_on, quiet)
    return EXIT_POLICY if report.lock_problems or failed else EXIT_OK


def parse_outputs(
    formats: tuple[str, ...], output: Path | None, choices: Iterable[str] = FORMATS
) -> list[OutputSpec]:
    """``-f FORMAT[=FILE]`` and ``-o FILE`` into a list of outputs, checked for conflicts;
    ``choices`` are the format names the command knows."""
    known = list(choices)
    specs: list[OutputSpec] = []
    for item in formats or ("text",):
        name, sep, file = item.partition("=")
        if name not in known:
            raise AibomError(f"unknown format {name!r} (choose from: {', '.join(known)})")
        if sep and not file:
            raise AibomError(f"-f {item}: the file name after '=' is empty")
        specs.append(OutputSpec(name, Path(file) if file and file != "-" else None))
    to_stdout = [s for s in specs if s.path is None]
    if output is not None and str(output) != "-":
        if len(to_stdout) != 1:
            raise AibomError("-o names the file of a single format; use -f FORMAT=FILE for several")
        specs[specs.index(to_stdout[0])] = OutputSpec(to_stdout[0].format, output)
    elif len(to_stdout) > 1:
        raise AibomError("only one format can go to stdout; give the others a file: -f FORMAT=FILE")
    return specs


def _summary(report: Report, specs: list[OutputSpec]) -> None:
    counts: dict[str, int] = {}
    for component in report.components:
        counts[component.ecosystem.value] = counts.get(component.ecosystem.value, 0) + 1
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"
    line = f"aibom: {len(report.components)} models ({kinds}) in {report.stats.files_seen} files"
    if report.unresolved:
        line += f"; {len(report.unresolved)} unresolved"
    partly = sum(1 for s in report.skipped if s.reason.startswith("partly read"))
    if len(report.skipped) > partly:
        line += f"; {len(report.skipped) - partly} files skipped (-v lists them)"
    if partly:
        line += f"; {partly} files read in part (-v says which)"
    unpinned = sum(1 for c in report.components if c.pin and c.pin.source.value == "none")
    if unpinned:
        line += f"; {unpinned} unpinned"
    if report.hub_calls:
        line += f"; {report.hub_calls} Hub requests"
    written = [str(s.path) for s in specs if s.path is not None]
    if written:
        line += f"; wrote {', '.join(written)}"
    warn(line, prefix="\r\033[K" if sys.stderr.isatty() else "")
