"""Which files changed since a base commit, so that a pull request reports only what it adds."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from aibom.errors import AibomError
from aibom.model import Report

if TYPE_CHECKING:
    import git


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
    if not ref or ref.startswith("-"):
        raise ChangesError(f"{ref!r}: not a git revision")
    if shutil.which("git") is None:
        raise ChangesError("git is not installed; comparing with a base commit needs it")
    import git  # imported lazily: GitPython fails at import time where no git executable exists

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except git.exc.NoSuchPathError:
        raise ChangesError(f"{root}: no such folder") from None
    except git.exc.InvalidGitRepositoryError:
        raise ChangesError(
            f"{root}: not in a git repository (comparing with {ref} needs one)"
        ) from None
    with repo:
        if repo.bare or repo.working_tree_dir is None:
            raise ChangesError(f"{root}: a bare git repository has no files to compare")
        top = Path(repo.working_tree_dir).resolve()
        if not root.resolve().is_relative_to(top):  # core.worktree can put it elsewhere
            raise ChangesError(f"{root}: not in the work tree of {top}")
        prefix = root.resolve().relative_to(top).as_posix()
        base = _merge_base(repo.git, ref, top)
        # `:(literal)`: a folder named with glob characters is a path, not a pattern.
        spec = [] if prefix == "." else ["--", f":(literal){prefix}"]
        try:
            diffed = repo.git.diff(
                "--name-only", "-z", "--no-renames", "--diff-filter=d", base, *spec
            )
            untracked = repo.git.ls_files("-z", "--others", "--exclude-standard", *spec)
        except git.exc.GitCommandError as exc:
            raise ChangesError(f"{top}: git could not list the changes: {_reason(exc)}") from None
    names = (name for name in (*diffed.split("\0"), *untracked.split("\0")) if name)
    return frozenset(name if prefix == "." else posixpath.relpath(name, prefix) for name in names)


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


def _merge_base(git_cmd: git.Git, ref: str, top: Path) -> str:
    """The commit ``ref`` and HEAD last shared, or a ChangesError saying which end is missing."""
    import git

    for name, missing in (
        (ref, f"{ref}: no such commit, branch or tag in {top}"),
        ("HEAD", f"{top}: HEAD has no commit yet"),
    ):
        try:
            git_cmd.rev_parse("--verify", "--quiet", f"{name}^{{commit}}")
        except git.exc.GitCommandError:
            raise ChangesError(missing) from None
    try:
        return str(git_cmd.merge_base(ref, "HEAD")).strip()
    except git.exc.GitCommandError:
        raise ChangesError(
            f"{ref} and HEAD share no commit (in a shallow clone, fetch the history: "
            "git fetch --unshallow, or actions/checkout with fetch-depth: 0)"
        ) from None


def _reason(exc: git.exc.GitCommandError) -> str:
    """git's own complaint, on one line."""
    text = str(exc.stderr or exc).strip().strip("'").strip()
    return " ".join(text.removeprefix("stderr:").split()) or "unknown error"
