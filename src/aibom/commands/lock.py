"""``aibom lock``: pin every model of a tree in its ``aibom.lock``, or check that file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from aibom.commands.common import check_folder, messages, online_option, quiet_option
from aibom.core.exitcodes import EXIT_OK, EXIT_POLICY

if TYPE_CHECKING:
    from aibom.core.model import Report
    from aibom.resolve.lockfile import Lockfile


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default=".")
@online_option
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when aibom.lock is missing entries, stale or drifted.",
)
@quiet_option
def lock(path: Path, online: bool, check: bool, quiet: bool) -> int:
    """Pin every model under PATH in PATH/aibom.lock: commit, files, sha256, card license.

    \b
    Examples:
      aibom lock . --online        resolve through the Hub and write aibom.lock
      aibom lock --check           in CI: is aibom.lock complete and current?
    """
    from aibom.commands.outputs import write_atomic
    from aibom.pipeline import scan as run_scan
    from aibom.resolve import lockfile
    from aibom.resolve.stage import ResolveOptions

    check_folder(path)
    target = path / lockfile.LOCK_NAME
    previous = lockfile.read(target)
    options = ResolveOptions(
        online=online, lock=None if not check else previous, progress=messages(quiet)
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


def _check_lock(report: Report, previous: Lockfile | None, target: Path) -> int:
    from aibom.resolve import lockfile

    problems = list(report.lock_problems)
    if previous is None:
        problems.insert(0, f"{target}: missing (run `aibom lock`)")
    else:
        stale = lockfile.stale_entries(previous, report.components)
        problems += [f"{key}: in aibom.lock but no longer referenced" for key in stale]
    for problem in problems:
        click.echo(f"aibom: lock check: {problem}", err=True)
    return EXIT_POLICY if problems else EXIT_OK
