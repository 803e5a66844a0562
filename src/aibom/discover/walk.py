"""List the files of a tree: git-aware when the tree is a git work tree, by filesystem otherwise.

Vendored and tool folders are skipped, symlinks are never followed out of the root, and the
list is sorted so that everything downstream is deterministic.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from aibom.core import gitrepo
from aibom.core.model import Skipped

SKIPPED_DIRS = frozenset(
    """.git .hg .svn .tox .nox .venv venv .env.d env site-packages node_modules bower_components
    vendor vendored third_party third-party __pycache__ .mypy_cache .pytest_cache .ruff_cache
    .ipynb_checkpoints .idea .vscode .cache .eggs .terraform .gradle .next .nuxt dist-packages
    .direnv .pixi .conda""".split()
)


def list_files(root: Path) -> list[str]:
    """Tree-relative POSIX paths of the regular files to consider, sorted."""
    return sorted(iter_files(root))


def iter_files(root: Path, unread: list[Skipped] | None = None) -> Iterator[str]:
    """The same files as :func:`list_files`, in walk order, as soon as they are found.

    A folder git ignores as a whole (``build/``, a scratch copy) is listed from the filesystem:
    it was named to be scanned, and git would list nothing in it. A folder that cannot be read
    (no permission, a path longer than the system allows) is added to ``unread`` with the
    reason: a scan that left part of the tree out says so.
    """
    files = _git_files(root)
    if files is not None:
        return files
    return _walk_files(root, [] if unread is None else unread)  # skipped folders are pruned


def given_files(root: Path, paths: Iterable[str]) -> list[str]:
    """Of ``paths`` (relative to ``root``), the regular files inside it a walk would list."""
    found = set()
    base = str(root)
    for path in paths:
        name = posixpath.normpath(path.replace("\\", "/"))
        if name.startswith(("../", "/")) or name == ".." or _in_skipped_dir(name):
            continue
        if _regular_file_inside(root, base, name):
            found.add(name)
    return sorted(found)


_SKIPPED_PART = re.compile(
    "(?:^|/)(?:"
    + "|".join(re.escape(name) for name in sorted(SKIPPED_DIRS))
    + r"|[^/]*\.egg-info)/"
)


def _in_skipped_dir(path: str) -> bool:
    """Whether a folder on the path is one the walk skips (one regex search, not a split)."""
    return _SKIPPED_PART.search(path) is not None


def _git_files(root: Path) -> Iterator[str] | None:
    """Tracked and untracked-but-not-ignored files, as git sees them; None when not a work tree.

    git runs through :mod:`aibom.core.gitrepo`, so nothing the scanned repository configures runs;
    its output is consumed as it arrives.
    """
    if not gitrepo.git_available() or not gitrepo.has_git_dir(root):
        return None
    try:
        repository = gitrepo.open_repository(root)
    except gitrepo.GitError:
        return None
    if _ignored(repository):
        return None
    # -s gives tracked entries their mode, so only links need a stat of their own.
    entries = gitrepo.stream_z(
        repository,
        "ls-files",
        "-z",
        "-s",
        "--cached",
        "--others",
        "--exclude-standard",
        "--deduplicate",
        "--",
        ".",
    )
    return None if entries is None else _git_entries(entries)


def ignored_by_git(root: Path) -> bool:
    """Whether git ignores the folder ``root`` itself (so a git-aware walk would list nothing)."""
    if not gitrepo.git_available() or not gitrepo.has_git_dir(root):
        return False
    try:
        return _ignored(gitrepo.open_repository(root))
    except gitrepo.GitError:
        return False


def _ignored(repository: gitrepo.Repository) -> bool:
    """Whether git's ignore rules cover the folder itself (``git check-ignore .``, no walk)."""
    return gitrepo.ignores_cwd(repository)


_GIT_LISTED_MODES = frozenset({"100644", "100755", "100664", "120000"})


def _git_entries(entries: Iterable[str]) -> Iterator[str]:
    """Paths from ``ls-files -s`` records (relative to the root, where git ran).

    The index says what a path was when it was added; the file may since have been replaced by
    a FIFO, a device or a link out of the root. That is checked where the file is opened
    (:func:`aibom.core.safeio.open_in_tree`), once, instead of a ``stat`` of every path here.
    """
    for entry in entries:
        meta, tab, name = entry.partition("\t")
        if not tab:
            name = meta  # an untracked file: git does not say what it is
        elif meta[:6] not in _GIT_LISTED_MODES:
            continue  # 160000 is a submodule: a folder, not a file to read
        if not name.startswith("../") and not _in_skipped_dir(name):
            yield name


def _regular_file_inside(root: Path, base: str, name: str) -> bool:
    """A regular file, or a link to one inside the root (deleted-but-tracked files drop out)."""
    try:
        mode = os.lstat(os.path.join(base, name)).st_mode
    except OSError:
        return False
    if stat.S_ISLNK(mode):
        return _link_stays_inside(root, root / name)
    return stat.S_ISREG(mode)


def _link_stays_inside(root: Path, path: Path) -> bool:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target.is_file() and target.is_relative_to(root.resolve())


def _walk_files(root: Path, unread: list[Skipped]) -> Iterator[str]:
    """Regular files and links under ``root``, not descending into skipped or linked folders.

    A link is listed as it is: where it is opened, it is followed only if it stays inside the
    tree (:func:`aibom.core.safeio.open_in_tree`), and refused with the reason otherwise.
    """
    stack = [""]
    base = str(root)
    while stack:
        rel = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(base, rel) if rel else base))
        except OSError as exc:
            unread.append(Skipped(rel or ".", f"folder not read: {exc.strerror or exc}"))
            continue
        for entry in entries:
            child = f"{rel}/{entry.name}" if rel else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED_DIRS and not entry.name.endswith(".egg-info"):
                        stack.append(child)
                elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
                    yield child
            except OSError as exc:
                unread.append(Skipped(child, f"not read: {exc.strerror or exc}"))
