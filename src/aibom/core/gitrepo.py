"""Every git call aibom makes on a scanned repository, with nothing that repository configures run.

A repository's own ``.git/config`` can name commands that git runs as a side effect of reading
it: ``core.fsmonitor`` on any command that reads the index, ``filter.<driver>.clean`` and
``.process`` when a work-tree file is compared, ``diff.<driver>.textconv`` and ``diff.external``
when a diff is produced, hooks such as ``post-index-change`` when the index is rewritten, and
transports (``ext::`` URLs, ``core.sshCommand``) when a partial clone fetches a missing object.
aibom runs as root on repositories written by strangers, so each call here:

- overrides every such setting on the command line (``-c`` wins over all configuration files),
  including the per-driver keys found in the repository's own (local and worktree) config;
- sets ``GIT_OPTIONAL_LOCKS=0`` (git never rewrites the index, so no index hook runs),
  ``GIT_ALLOW_PROTOCOL=`` (no transport at all: nothing is fetched), no prompts, no pager;
- passes ``--no-ext-diff --no-textconv --ignore-submodules=all`` to diffs (a submodule's own
  config is never read);
- has a deadline: a config that includes a FIFO cannot hang the scan.

The user's own system and global configuration is trusted and kept (Git LFS filters, say).
The hot file walk streams ``git ls-files -z`` through a pipe as git writes it; GitPython is
imported only to resolve a revision and diff the work tree against it.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from aibom.core.errors import AibomError

if TYPE_CHECKING:
    import git

GIT_TIMEOUT_SECONDS = 60.0
_PROBE_TIMEOUT_SECONDS = 10.0

# Settings that name a command, or make git start one, whatever the scanned repository says.
# An empty value means "none" for each of them (git skips an empty filter, textconv or command).
FIXED_OVERRIDES: tuple[str, ...] = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.sshCommand=",
    "core.gitProxy=",
    "core.askPass=",
    "core.alternateRefsCommand=",
    "core.untrackedCache=false",
    "diff.external=",
    "credential.helper=",
    "gpg.program=",
    "protocol.allow=never",
    "submodule.recurse=false",
)

# Per-driver keys (``filter.<name>.clean``...) that run a command; found in the repository's config.
_DRIVER_KEYS: dict[str, tuple[str, ...]] = {
    "filter": ("clean", "smudge", "process"),
    "diff": ("textconv", "command"),
    "merge": ("driver",),
    "protocol": ("allow",),
}
_UNTRUSTED_SCOPES = frozenset({"local", "worktree"})

_ENVIRONMENT = {
    "GIT_OPTIONAL_LOCKS": "0",  # never refresh and rewrite the index: no index hooks, no writes
    "GIT_ALLOW_PROTOCOL": "",  # an empty allow-list: no transport, so no lazy fetch runs anything
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GIT_LITERAL_PATHSPECS": "1",  # a folder named with glob characters is a path, not a pattern
}
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 or SHA-256 repositories
_UNSET = ("GIT_EXTERNAL_DIFF", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_PROXY_COMMAND", "GIT_EDITOR")


class GitError(AibomError):
    """git could not answer: not installed, not a repository, a bad revision, or too slow."""


@dataclass(frozen=True)
class Repository:
    """A work tree git can read, and the ``-c`` overrides every call on it carries."""

    cwd: Path
    overrides: tuple[str, ...]

    def command(self, *args: str) -> list[str]:
        """The argument vector of ``git ARGS`` run safely in this repository."""
        options = [part for override in self.overrides for part in ("-c", override)]
        return ["git", "--no-pager", *options, *args]


def git_available() -> bool:
    """Whether a git executable is on PATH."""
    return shutil.which("git") is not None


def has_git_dir(path: Path) -> bool:
    """Cheap check before starting git: is there a ``.git`` at or above ``path``?"""
    current = path.resolve()
    return any(os.path.lexists(candidate / ".git") for candidate in (current, *current.parents))


def open_repository(cwd: Path) -> Repository:
    """The repository ``cwd`` is in, with the overrides its own configuration calls for.

    Reading configuration runs nothing; it tells which filter and diff drivers the repository
    defines, so that each can be switched off by name. Raises GitError when git is missing or
    does not answer within its deadline (an ``include.path`` naming a FIFO, say).
    """
    if not git_available():
        raise GitError("git is not installed")
    probe = Repository(cwd, FIXED_OVERRIDES)
    listing = _run(probe, ("config", "--list", "-z", "--show-scope"), _PROBE_TIMEOUT_SECONDS)
    return Repository(cwd, FIXED_OVERRIDES + tuple(_driver_overrides(listing)))


def _driver_overrides(listing: bytes) -> Iterator[str]:
    """``-c`` values that empty every command-running driver key the repository defines."""
    tokens = listing.split(b"\0")
    seen: set[str] = set()
    for scope, entry in zip(tokens[::2], tokens[1::2], strict=False):
        if scope.decode("ascii", "replace") not in _UNTRUSTED_SCOPES:
            continue
        key = entry.split(b"\n", 1)[0].decode("utf-8", "surrogateescape")
        section, _, rest = key.partition(".")
        name, _, variable = rest.rpartition(".")
        if not name or variable not in _DRIVER_KEYS.get(section, ()):
            continue
        override = f"{section}.{name}.{variable}=" + ("never" if section == "protocol" else "")
        if override not in seen:
            seen.add(override)
            yield override
            if section == "filter":  # a required filter with no command would fail the call
                yield f"filter.{name}.required=false"


def environment() -> dict[str, str]:
    """The process environment for a git call: the user's, with the safety settings applied."""
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    env.update(_ENVIRONMENT)
    return env


def run(repo: Repository, *args: str, timeout: float = GIT_TIMEOUT_SECONDS) -> bytes:
    """The standard output of ``git ARGS`` in the repository; GitError on failure or timeout."""
    return _run(repo, args, timeout)


def _run(repo: Repository, args: tuple[str, ...], timeout: float) -> bytes:
    try:
        done = subprocess.run(
            repo.command(*args),
            cwd=repo.cwd,
            env=environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"{repo.cwd}: git {args[0]} did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise GitError(f"{repo.cwd}: cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise GitError(f"{repo.cwd}: git {args[0]} failed: {_first_line(done.stderr)}")
    return done.stdout


def ignores_cwd(repo: Repository) -> bool:
    """Whether the repository's ignore rules cover its folder ``repo.cwd`` itself.

    ``git check-ignore`` answers from the rules alone, without walking the tree: exit 0 means
    ignored, 1 not ignored; anything else (not a work tree) counts as not ignored.
    """
    env = environment()
    del env["GIT_LITERAL_PATHSPECS"]  # check-ignore refuses pathspec magic; "." has no glob
    try:
        done = subprocess.run(
            repo.command("check-ignore", "-q", "."),
            cwd=repo.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def stream_z(repo: Repository, *args: str) -> Iterator[str] | None:
    """The NUL-separated records of ``git ARGS`` as git writes them; None when git refuses.

    The first record (or git's exit) is awaited before returning, so a caller can fall back to
    another way when the folder is not a work tree. Later failures end the stream early.
    """
    try:
        process = subprocess.Popen(
            repo.command(*args),
            cwd=repo.cwd,
            env=environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    records = _records(process)
    first = next(records, None)
    if first is None:
        if process.wait() != 0:
            return None
        return iter(())
    return _chain_first(first, records)


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _records(process: subprocess.Popen[bytes]) -> Iterator[str]:
    """Split the pipe on NUL as it fills; always reap the process, also when not drained."""
    pipe = cast("io.BufferedReader", process.stdout)  # Popen(stdout=PIPE) always sets it
    pending = b""
    try:
        while chunk := pipe.read1(1 << 16):
            *done, pending = (pending + chunk).split(b"\0")
            for record in done:
                if record:
                    yield os.fsdecode(record)
        if pending:
            yield os.fsdecode(pending)
    finally:
        pipe.close()
        if process.poll() is None:
            process.kill()
        process.wait()


def head_commit(root: Path) -> str | None:
    """The commit checked out in the work tree holding ``root``, for a report to name; None
    outside git, before the first commit, or when git cannot answer (a report is still made)."""
    if not has_git_dir(root) or not git_available():
        return None
    # rev-parse reads refs and objects only: no filter, diff driver or index is involved, so the
    # fixed overrides suffice and the config need not be probed first. It still reads the
    # config, so it gets the probe's short deadline (an include naming a FIFO).
    refs_only = Repository(root, FIXED_OVERRIDES)
    try:
        out = _run(
            refs_only, ("rev-parse", "--verify", "--quiet", "HEAD^{commit}"), _PROBE_TIMEOUT_SECONDS
        )
    except GitError:
        return None
    commit = out.decode("ascii", "replace").strip()
    return commit if _OBJECT_ID.fullmatch(commit) else None


def changed_paths(root: Path, ref: str) -> tuple[str, ...]:
    """Files under ``root`` added or modified since the merge base of ``ref`` and HEAD.

    Paths are relative to ``root``. The work tree is compared with the base, so committed,
    staged, unstaged and untracked (not ignored) files all count; deletions do not. GitPython
    resolves the revision and runs the diff, with this module's overrides on every call.
    """
    if not ref or ref.startswith("-"):
        raise GitError(f"{ref!r}: not a git revision")
    repository = open_repository(root)
    import git  # imported lazily: GitPython fails at import time where no git executable exists

    try:
        handle = git.Repo(root, search_parent_directories=True)
    except git.exc.NoSuchPathError:
        raise GitError(f"{root}: no such folder") from None
    except git.exc.InvalidGitRepositoryError:
        raise GitError(
            f"{root}: not in a git repository (comparing with {ref} needs one)"
        ) from None
    with handle:
        _make_safe(handle, repository)
        top = _work_tree(handle, root)
        base = _merge_base(handle, ref, top)
        prefix = root.resolve().relative_to(top).as_posix()
        paths: list[str | os.PathLike[str]] | None = None if prefix == "." else [prefix]
        try:
            diffs = base.diff(
                None,
                paths=paths,
                no_renames=True,
                diff_filter="d",
                no_ext_diff=True,
                no_textconv=True,
                ignore_submodules="all",
            )
            untracked = handle.git.ls_files("-z", "--others", "--exclude-standard", "--", prefix)
        except git.exc.GitCommandError as exc:
            raise GitError(f"{top}: git could not list the changes: {_reason(exc)}") from None
    names = [d.b_path for d in diffs if d.b_path] + [n for n in untracked.split("\0") if n]
    if prefix == ".":
        return tuple(sorted(set(names)))
    return tuple(sorted({posixpath.relpath(name, prefix) for name in names}))


def _make_safe(handle: git.Repo, repository: Repository) -> None:
    handle.git.set_persistent_git_options(c=list(repository.overrides))
    handle.git.update_environment(**_ENVIRONMENT)


def _work_tree(handle: git.Repo, root: Path) -> Path:
    if handle.bare or handle.working_tree_dir is None:
        raise GitError(f"{root}: a bare git repository has no files to compare")
    top = Path(handle.working_tree_dir).resolve()
    if not root.resolve().is_relative_to(top):  # core.worktree can put it elsewhere
        raise GitError(f"{root}: not in the work tree of {top}")
    return top


def _merge_base(handle: git.Repo, ref: str, top: Path) -> git.Commit:
    """The commit ``ref`` and HEAD last shared, or a GitError saying which end is missing."""
    import git

    commits = []
    for name, missing in (
        (ref, f"{ref}: no such commit, branch or tag in {top}"),
        ("HEAD", f"{top}: HEAD has no commit yet"),
    ):
        try:
            commits.append(handle.commit(name))
        except (git.exc.BadName, git.exc.GitCommandError, ValueError):
            raise GitError(missing) from None
    try:
        bases = handle.merge_base(*commits)
    except git.exc.GitCommandError:
        bases = []
    if not bases:
        raise GitError(
            f"{ref} and HEAD share no commit (in a shallow clone, fetch the history: "
            "git fetch --unshallow, or actions/checkout with fetch-depth: 0)"
        )
    base = bases[0]
    if not isinstance(base, git.Commit):
        raise GitError(f"{ref}: the merge base with HEAD is not a commit")
    return base


def _reason(exc: git.exc.GitCommandError) -> str:
    """git's own complaint, on one line."""
    text = str(exc.stderr or exc).strip().strip("'").strip()
    return " ".join(text.removeprefix("stderr:").split()) or "unknown error"


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return " ".join(text.splitlines()[:1]) if text else "no message"
