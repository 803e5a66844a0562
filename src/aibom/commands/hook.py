"""``aibom hook FILES``: the pre-commit hook, on the files being committed, offline."""

from __future__ import annotations

from pathlib import Path

import click

from aibom.commands.common import fail_on_option, load_policy, policy_failed, policy_option, warn
from aibom.core.exitcodes import EXIT_OK, EXIT_POLICY


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@policy_option
@fail_on_option
def hook(files: tuple[Path, ...], policy: str | None, fail_on: str) -> int:
    """Check only FILES (a pre-commit hook's changed files), offline, from the current folder.

    Models referenced in FILES are pinned from aibom.lock and the local caches, licensed and
    checked against the policy; exit 1 when it fails.
    """
    from aibom.pipeline import scan as run_scan

    report = run_scan(Path(), only=[f.as_posix() for f in files], policy=load_policy(policy))
    for component in report.components:  # pre-commit shows this on failure or with -v
        licensing = component.licensing
        license_key = licensing.key if licensing and licensing.key else "license unknown"
        warn(f"aibom: {component.name} ({component.ecosystem}, {license_key})")
    for finding in report.findings:
        if finding.waiver is None:
            where = finding.evidence[0] if finding.evidence else None
            place = f"{where.path}:{where.line}: " if where else ""
            warn(
                f"{place}{finding.severity}: [{finding.rule}] {finding.model}: {finding.message}",
            )
    return EXIT_POLICY if policy_failed(report, fail_on, quiet=True) else EXIT_OK
