"""The whole scan as one function: discover, resolve, license, evaluate, in that order.

Each stage takes and returns plain data. A library user gets from :func:`scan` the same report
the command line renders; the CLI only parses options, renders and maps exit codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from aibom import licenses
from aibom.core.model import Progress, Report
from aibom.core.reproducible import source_date_epoch
from aibom.discover.components import build_components, mentions_of, outputs_of
from aibom.discover.engine import DEFAULT_MAX_FILE_BYTES, find_refs
from aibom.resolve import lockfile
from aibom.resolve.stage import ResolveOptions, resolve

if TYPE_CHECKING:
    from aibom.policy import Policy


def scan(
    root: Path,
    *,
    include_docs: bool = False,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    progress: Progress | None = None,
    resolve_options: ResolveOptions | None = None,
    locked: bool = False,
    only: Iterable[str] | None = None,
    policy: Policy | None = None,
    changed_since: str | None = None,
    baseline: Path | None = None,
    today: date | None = None,
) -> Report:
    """Scan the tree at ``root``: discover, resolve (pin), license, and evaluate ``policy``.

    ``only``: scan just these root-relative files (a pre-commit hook's), without walking.
    ``locked``: compare every reference with ``aibom.lock`` and list what is missing or drifted.
    ``changed_since`` (a git revision) and ``baseline`` (an aibom CycloneDX SBOM) keep only the
    findings of models new since then. ``today`` decides which waivers have expired (default:
    the day of ``SOURCE_DATE_EPOCH``, else today).
    """
    from aibom.core.gitrepo import head_commit  # git is run only for a whole-tree scan

    root = Path(root)
    discovery = find_refs(
        root,
        include_docs=include_docs,
        max_file_bytes=max_file_bytes,
        progress=progress,
        only=only,
    )
    options = resolve_options or ResolveOptions()
    if options.lock is None:
        options.lock = lockfile.read(root / lockfile.LOCK_NAME)
    components = resolve(build_components(discovery), root, options)
    report = Report(
        project=root.resolve().name or str(root),
        root=str(root),
        components=licenses.apply(components),
        outputs=outputs_of(discovery),
        mentions=mentions_of(discovery),
        unresolved=tuple(sorted(discovery.unresolved, key=lambda u: u.evidence)),
        skipped=discovery.skipped,
        stats=discovery.stats,
        lock_problems=tuple(lockfile.problems(components, options.lock)) if locked else (),
        hub_calls=options.hub_calls.value,
        # A hook checks files about to be committed: HEAD is not what it looked at.
        commit=head_commit(root) if only is None else None,
    )
    if policy is None:
        return report
    return evaluate(report, policy, root, changed_since, baseline, today)


def evaluate(
    report: Report,
    policy: Policy,
    root: Path,
    changed_since: str | None = None,
    baseline: Path | None = None,
    today: date | None = None,
) -> Report:
    """The report with the policy's findings, narrowed to new models when asked."""
    from aibom.policy import with_findings
    from aibom.policy.scope import narrow

    evaluated = with_findings(report, policy, today or waiver_day())
    return narrow(evaluated, root, changed_since, baseline)


def waiver_day() -> date:
    """The day waivers are judged on: SOURCE_DATE_EPOCH's, for a reproducible run, else today."""
    fixed = source_date_epoch()
    return fixed.date() if fixed else date.today()
