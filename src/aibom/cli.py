"""The ``aibom`` command line: parse arguments, run the pipeline, write outputs, map exit codes.

Exit codes (a CI relies on them): 0 scan completed and passed, 1 policy failed, 2 no
trustworthy result (usage, unreadable input, unwritable output), 3 internal error, 130
interrupted. Click runs with ``standalone_mode=False`` so that its own exit 1 for usage errors
never reads as "policy failed".
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from aibom import __version__
from aibom.commands.licenses import licenses
from aibom.commands.outputs import check_distinct, check_writable, write_atomic, write_outputs
from aibom.commands.policy import policy_group
from aibom.core.errors import AibomError
from aibom.core.exitcodes import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OK, EXIT_POLICY, EXIT_UNUSABLE
from aibom.core.model import Report, Severity
from aibom.core.reproducible import source_date_epoch
from aibom.discover.engine import Progress
from aibom.render import FORMATS, SPEC_VERSIONS, RenderOptions

if TYPE_CHECKING:
    from aibom.policy import Policy


@dataclass(frozen=True)
class OutputSpec:
    """One output of a run: a format and where it goes (None: standard output)."""

    format: str
    path: Path | None


_online_option = click.option(
    "--online/--offline",
    default=False,
    show_default=True,
    help="Ask the Hugging Face Hub for models the lockfile and local cache cannot pin.",
)


_policy_option = click.option(
    "--policy",
    metavar="NAME|FILE",
    help="Evaluate an organisation policy: a shipped one (enterprise, permissive-only, research, "
    "eu) or a YAML file. Exit 1 when it fails.",
)
_fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="The lowest severity of an unwaived finding that fails the run.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="aibom")
def cli() -> None:
    """aibom: an SBOM of the AI models a code base depends on.

    It finds every model a repository references (Python, notebooks, configs, Modelfiles,
    Dockerfiles, compose and Kubernetes files, shell scripts, model cards, local weight files)
    and writes a CycloneDX ML-BOM, a JSON report or a table.

    \b
    Examples:
      aibom scan .                                   table of models on stdout
      aibom scan . -f cyclonedx-json=aibom.cdx.json  CycloneDX 1.6 ML-BOM
      aibom scan . -f json -o report.json -v         aibom's JSON report, skipped files listed

    Exit codes: 0 ok, 1 policy failed, 2 unusable input or output, 3 internal error.
    """


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), default=".")
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[=FILE]",
    help="Output format, optionally with its own file; repeat for several outputs. "
    f"Formats: {', '.join(FORMATS)}. Default: text to stdout.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="File for the output when one format is asked for (default: stdout).",
)
@click.option(
    "--spec-version",
    type=click.Choice(SPEC_VERSIONS),
    default="1.6",
    show_default=True,
    help="CycloneDX specification version.",
)
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
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
@_online_option
@_policy_option
@_fail_on_option
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
    """
    from aibom.pipeline import scan as run_scan
    from aibom.resolve.stage import ResolveOptions

    specs = parse_outputs(formats, output)
    _check_folder(path)
    targets = [None if spec.path is None else check_writable(spec.path) for spec in specs]
    check_distinct([target for target in targets if target is not None])
    source_date_epoch()  # a malformed value is the user's to fix: say so before the scan
    rules = _load_policy(policy)
    report = run_scan(
        path,
        include_docs=include_docs,
        max_file_bytes=max_file_size,
        progress=None if quiet else _progress_reporter(),
        resolve_options=ResolveOptions(online=online, progress=_messages(quiet)),
        locked=locked,
    )
    report = _evaluate(report, rules, path, changed_since, baseline)
    options = RenderOptions(spec_version=spec_version, verbose=verbose, fail_on=Severity(fail_on))
    rendered = [FORMATS[spec.format](report, options) for spec in specs]
    write_outputs([(t, text) for t, text in zip(targets, rendered, strict=True) if t is not None])
    for target, text in zip(targets, rendered, strict=True):
        if target is None:
            click.echo(text, nl=False)
    if not quiet:
        _summary(report, specs)
    for problem in report.lock_problems:
        click.echo(f"aibom: locked: {problem}", err=True)
    failed = _policy_failed(report, fail_on, quiet)
    return EXIT_POLICY if report.lock_problems or failed else EXIT_OK


def _load_policy(name: str | None) -> Policy | None:
    if name is None:
        return None
    from aibom.policy import load_policy

    return load_policy(name)


def _today() -> date:
    """The day waivers are judged on: SOURCE_DATE_EPOCH's, for a reproducible run, else today."""
    fixed = source_date_epoch()
    return fixed.date() if fixed else date.today()


def _evaluate(
    report: Report,
    rules: Policy | None,
    root: Path,
    changed_since: str | None,
    baseline: Path | None,
) -> Report:
    """Policy findings, narrowed to new references and to models not in the baseline."""
    if rules is None:
        return report
    from aibom.policy import with_findings
    from aibom.policy.baseline import baseline_models, new_models
    from aibom.policy.changes import changed_files, new_references

    evaluated = with_findings(report, rules, _today())
    keep: set[str] | None = None
    if changed_since is not None:
        keep = new_references(report, changed_files(root, changed_since))
    if baseline is not None:
        fresh = new_models(report, baseline_models(baseline))
        keep = fresh if keep is None else keep & fresh
    if keep is None:
        return evaluated
    findings = tuple(f for f in evaluated.findings if f.model in keep)
    return replace(evaluated, findings=findings)


def _policy_failed(report: Report, fail_on: str, quiet: bool) -> bool:
    if report.policy is None:
        return False
    from aibom.policy import fails

    failed = fails(report.findings, Severity(fail_on))
    if not quiet:
        open_findings = [f for f in report.findings if f.waiver is None]
        waived = len(report.findings) - len(open_findings)
        verdict = "failed" if failed else "passed"
        click.echo(
            f"aibom: policy {report.policy} {verdict}: {len(open_findings)} findings"
            + (f", {waived} waived" if waived else ""),
            err=True,
        )
        for note in report.policy_notes:
            click.echo(f"aibom: policy: {note}", err=True)
    return failed


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), default=".")
@_online_option
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when aibom.lock is missing entries, stale or drifted.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
def lock(path: Path, online: bool, check: bool, quiet: bool) -> int:
    """Pin every model under PATH in PATH/aibom.lock: commit, files, sha256, card license.

    \b
    Examples:
      aibom lock . --online        resolve through the Hub and write aibom.lock
      aibom lock --check           in CI: is aibom.lock complete and current?
    """
    from aibom.pipeline import scan as run_scan
    from aibom.resolve import lockfile
    from aibom.resolve.stage import ResolveOptions

    _check_folder(path)
    target = path / lockfile.LOCK_NAME
    previous = lockfile.read(target)
    options = ResolveOptions(
        online=online, lock=None if not check else previous, progress=_messages(quiet)
    )
    report = run_scan(path, resolve_options=options, locked=check)
    if check:
        return _check_lock(report, previous, target)
    text = lockfile.render(report.components, previous)
    write_atomic(target, text, follow_links=False)  # a link in the scanned tree is not followed
    pinned = sum(1 for c in report.components if c.pin and c.pin.source.value != "none")
    unpinned = [c for c in report.components if c.pin and c.pin.source.value == "none"]
    if not quiet:
        click.echo(
            f"aibom: wrote {target}: {pinned} models pinned, {len(unpinned)} unpinned"
            + (f"; {report.hub_calls} Hub requests" if online else ""),
            err=True,
        )
        for component in unpinned:
            click.echo(
                f"aibom: unpinned: {component.name}: "
                f"{component.pin.reason if component.pin else ''}",
                err=True,
            )
    return EXIT_OK


def _check_lock(report: Report, previous: object, target: Path) -> int:
    from aibom.resolve import lockfile

    problems = list(report.lock_problems)
    if previous is None:
        problems.insert(0, f"{target}: missing (run `aibom lock`)")
    elif isinstance(previous, lockfile.Lockfile):
        current = {lockfile.key_of(c).casefold() for c in report.components}
        problems += [
            f"{key}: in aibom.lock but no longer referenced"
            for key in sorted(previous.entries)
            if key.casefold() not in current
        ]
    for problem in problems:
        click.echo(f"aibom: lock check: {problem}", err=True)
    return EXIT_POLICY if problems else EXIT_OK


def _check_folder(path: Path) -> None:
    if not path.exists():
        raise AibomError(f"{path}: no such file or folder")
    if not path.is_dir():
        raise AibomError(f"{path}: not a folder (aibom scans a repository or folder)")


def _messages(quiet: bool) -> Callable[[str], None] | None:
    """Progress messages of long work, on a terminal only."""
    if quiet or not sys.stderr.isatty():
        return None

    def say(message: str) -> None:
        click.echo(f"\r\033[Kaibom: {message}", err=True, nl=False)

    return say


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@_policy_option
@_fail_on_option
def hook(files: tuple[Path, ...], policy: str | None, fail_on: str) -> int:
    """Check only FILES (a pre-commit hook's changed files), offline, from the current folder.

    Models referenced in FILES are pinned from aibom.lock and the local caches, licensed and
    checked against the policy; exit 1 when it fails.
    """
    from aibom.pipeline import scan as run_scan

    root = Path()
    rules = _load_policy(policy)
    report = run_scan(root, only=[f.as_posix() for f in files], progress=None)
    report = _evaluate(report, rules, root, None, None)
    for component in report.components:  # pre-commit shows this on failure or with -v
        licensing = component.licensing
        license_key = licensing.key if licensing and licensing.key else "license unknown"
        click.echo(f"aibom: {component.name} ({component.ecosystem}, {license_key})", err=True)
    for finding in report.findings:
        if finding.waiver is None:
            where = finding.evidence[0] if finding.evidence else None
            place = f"{where.path}:{where.line}: " if where else ""
            click.echo(
                f"{place}{finding.severity}: [{finding.rule}] {finding.model}: {finding.message}",
                err=True,
            )
    return EXIT_POLICY if _policy_failed(report, fail_on, quiet=True) else EXIT_OK


def parse_outputs(formats: tuple[str, ...], output: Path | None) -> list[OutputSpec]:
    """``-f FORMAT[=FILE]`` and ``-o FILE`` into a list of outputs, checked for conflicts."""
    specs: list[OutputSpec] = []
    for item in formats or ("text",):
        name, sep, file = item.partition("=")
        if name not in FORMATS:
            raise AibomError(f"unknown format {name!r} (choose from: {', '.join(FORMATS)})")
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


def _progress_reporter() -> Progress | None:
    if not sys.stderr.isatty():
        return None

    def report(done: int) -> None:
        click.echo(f"\raibom: scanned {done} files", err=True, nl=False)

    return report


def _summary(report: Report, specs: list[OutputSpec]) -> None:
    counts: dict[str, int] = {}
    for component in report.components:
        counts[component.ecosystem.value] = counts.get(component.ecosystem.value, 0) + 1
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"
    line = f"aibom: {len(report.components)} models ({kinds}) in {report.stats.files_seen} files"
    if report.unresolved:
        line += f"; {len(report.unresolved)} unresolved"
    if report.skipped:
        line += f"; {len(report.skipped)} files skipped (-v lists them)"
    unpinned = sum(1 for c in report.components if c.pin and c.pin.source.value == "none")
    if unpinned:
        line += f"; {unpinned} unpinned"
    if report.hub_calls:
        line += f"; {report.hub_calls} Hub requests"
    written = [str(s.path) for s in specs if s.path is not None]
    if written:
        line += f"; wrote {', '.join(written)}"
    click.echo(("\r\033[K" if sys.stderr.isatty() else "") + line, err=True)


cli.add_command(licenses)
cli.add_command(policy_group)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn every outcome into a documented exit code."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (without exiting), for tests and embedding."""
    try:
        result = cli.main(args=argv, prog_name="aibom", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aibom: interrupted", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("aibom: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        return EXIT_UNUSABLE
    except AibomError as exc:
        click.echo(f"aibom: error: {exc}", err=True)
        return exc.exit_code
    except Exception:
        traceback.print_exc()
        click.echo(
            "aibom: internal error (a bug in aibom); please report it with the traceback above",
            err=True,
        )
        return EXIT_BUG
    return result if isinstance(result, int) else EXIT_OK
