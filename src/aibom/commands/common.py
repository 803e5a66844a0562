"""What several commands share: options, the policy verdict, and messages on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from aibom.core.errors import AibomError
from aibom.render import SPEC_VERSIONS

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:  # the command line is imported for every command: its imports stay light
    from aibom.core.model import Messages, Progress, Report
    from aibom.policy import Policy

online_option = click.option(
    "--online/--offline",
    default=False,
    show_default=True,
    help="Ask the Hugging Face Hub for models the lockfile and local cache cannot pin.",
)
policy_option = click.option(
    "--policy",
    metavar="NAME|FILE",
    help="Evaluate an organisation policy: a shipped one (enterprise, permissive-only, research, "
    "eu) or a YAML file. Exit 1 when it fails.",
)
fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="The lowest severity of an unwaived finding that fails the run.",
)


def output_options(formats: Iterable[str]) -> Callable[[F], F]:
    """``-f FORMAT[=FILE]`` (repeatable) and ``-o FILE``, for the commands that write outputs."""
    names = ", ".join(formats)
    format_option = click.option(
        "-f",
        "--format",
        "formats",
        multiple=True,
        metavar="FORMAT[=FILE]",
        help="Output format, optionally with its own file; repeat for several outputs. "
        f"Formats: {names}. Default: text to stdout.",
    )
    output_option = click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        metavar="FILE",
        help="File for the output when one format is asked for (default: stdout).",
    )

    def decorate(command: F) -> F:
        return format_option(output_option(command))

    return decorate


spec_version_option = click.option(
    "--spec-version",
    type=click.Choice(SPEC_VERSIONS),
    default="1.6",
    show_default=True,
    help="CycloneDX specification version.",
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")


def warn(message: str, *, prefix: str = "", nl: bool = True) -> None:
    """A message for the person at the terminal, on stderr; names and paths in it come from
    the scanned tree, so its control characters are shown escaped, never sent raw."""
    from aibom.core.text import printable

    click.echo(prefix + printable(message), err=True, nl=nl)


def load_policy(name: str | None) -> Policy | None:
    """The policy named on the command line, checked; PolicyError (exit 2) lists every problem."""
    if name is None:
        return None
    from aibom.policy import load_policy as load

    return load(name)


def check_folder(path: Path) -> None:
    """The path to scan must be a folder; say what it is otherwise."""
    if not path.exists():
        raise AibomError(f"{path}: no such file or folder")
    if not path.is_dir():
        raise AibomError(f"{path}: not a folder (aibom scans a repository or folder)")


def scan_target(path: Path) -> tuple[Path, tuple[str, ...] | None]:
    """What ``aibom scan PATH`` reads: a folder, walked; or one file, in its folder.

    A folder git ignores as a whole is scanned all the same (it was named), and said so.
    """
    if not path.exists():
        raise AibomError(f"{path}: no such file or folder")
    if path.is_dir():
        from aibom.discover.walk import ignored_by_git

        if ignored_by_git(path):
            click.echo(f"aibom: {path} is ignored by git; scanning every file in it", err=True)
        return path, None
    if not path.is_file():
        raise AibomError(f"{path}: not a regular file or folder")
    return path.parent, (path.name,)


def policy_failed(report: Report, fail_on: str, quiet: bool) -> bool:
    """Whether the findings fail the run; unless ``quiet``, the verdict and notes on stderr."""
    if report.policy is None:
        return False
    from aibom.core.model import Severity
    from aibom.policy import fails

    failed = fails(report.findings, Severity(fail_on))
    if not quiet:
        open_findings = [f for f in report.findings if f.waiver is None]
        waived = len(report.findings) - len(open_findings)
        verdict = "failed" if failed else "passed"
        warn(
            f"aibom: policy {report.policy} {verdict}: {len(open_findings)} findings"
            + (f", {waived} waived" if waived else ""),
        )
        for note in report.policy_notes:
            warn(f"aibom: policy: {note}")
    return failed


def messages(quiet: bool) -> Messages | None:
    """Progress messages of long work, on a terminal only."""
    if quiet or not sys.stderr.isatty():
        return None

    def say(message: str) -> None:
        warn(f"aibom: {message}", prefix="\r\033[K", nl=False)

    return say


def file_progress(quiet: bool) -> Progress | None:
    """A running count of the files scanned, on a terminal only."""
    if quiet or not sys.stderr.isatty():
        return None

    def report(done: int) -> None:
        warn(f"aibom: scanned {done} files", prefix="\r", nl=False)

    return report
