"""Which files changed since a base commit, so that a pull request reports only what it adds."""

from __future__ import annotations

from pathlib import Path

from aibom.core.errors import AibomError
from aibom.core.gitrepo import GitError, changed_paths
from aibom.core.model import Report


class ChangesError(AibomError):
    """What changed cannot be known: no git, not a repository, or a revision git cannot find."""


def changed_files(root: Path, ref: str) -> frozenset[str]:
    """Files under ``root`` added or modified since ``ref``, as root-relative POSIX paths.

    The base is the merge base of ``ref`` and HEAD, as in a pull request's diff: commits made on
    ``ref`` after the branch left it are not this branch's changes. The work tree is compared with
    that base, so committed, staged, unstaged and untracked (not ignored) files all count. Deleted
    files are left out (they reference nothing any more); a renamed file counts as added.
    Raises ChangesError, with a one-line message, when any of this cannot be known.
    """
    if not root.exists():
        raise ChangesError(f"{root}: no such folder")
    try:
        return frozenset(changed_paths(root, ref))
    except GitError as exc:
        raise ChangesError(str(exc)) from None


def new_references(report: Report, changed: frozenset[str]) -> set[str]:
    """Names of the components seen in at least one of the ``changed`` files.

    ``changed`` holds paths relative to the scan root, as :func:`changed_files` returns them and
    as evidence records them. A model also referenced by untouched files still counts: the
    changed file references it anew.
    """
    return {
        component.name
        for component in report.components
        if any(evidence.path in changed for evidence in component.evidence)
    }
