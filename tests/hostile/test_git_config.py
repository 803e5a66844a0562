"""A scanned repository's git configuration never makes aibom run a command.

Each case plants one setting that names a command (``touch`` of a marker file) in the
repository's own config, shows that plain git does run it, and then runs every aibom command
that calls git on that repository: the marker must never appear.
"""

from __future__ import annotations

import os
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from aibom.cli import run
from aibom.core import gitrepo
from tests.conftest import write_tree
from tests.gitrepos import GIT_ENV, LOAD, commit_all, git


@dataclass(frozen=True)
class Trap:
    """A setting (``key=value`` with ``{marker}``) and the plain git call that springs it."""

    settings: tuple[str, ...]
    springs: tuple[str, ...] | None  # None: shown by a test of its own below


TRAPS = {
    "fsmonitor": Trap(("core.fsmonitor=touch {marker}; false",), ("status",)),
    "filter-clean": Trap(("filter.evil.clean=touch {marker}; cat",), ("diff", "HEAD")),
    "filter-process": Trap(
        ("filter.evil.process=touch {marker}", "filter.evil.required=true"), ("diff", "HEAD")
    ),
    "filter-smudge": Trap(("filter.evil.smudge=touch {marker}; cat",), ("checkout", "--", ".")),
    "textconv": Trap(("diff.evil.textconv=touch {marker}; cat",), ("diff", "HEAD~1")),
    "diff-command": Trap(("diff.evil.command=touch {marker}",), ("diff", "HEAD~1")),
    "diff-external": Trap(("diff.external=touch {marker}",), ("diff", "HEAD~1")),
    "pager": Trap(("core.pager=touch {marker}",), None),
    "ssh-command": Trap(("core.sshCommand=touch {marker}",), None),
    "hooks-path": Trap(("core.hooksPath={hooks}",), ("commit", "--allow-empty", "-qm", "x")),
}


def _plant(repo: Path, trap: Trap, marker: Path) -> None:
    hooks = repo.parent / "hooks"
    hooks.mkdir(exist_ok=True)
    for name in ("pre-commit", "post-index-change", "reference-transaction", "post-checkout"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    for setting in trap.settings:
        key, _, value = setting.partition("=")
        git(repo, "config", key, value.format(marker=marker, hooks=hooks))


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Two commits touching a file under a filter and diff driver, then a local edit."""
    repo = tmp_path / "repo"
    write_tree(
        repo,
        {"app.py": LOAD.format("acme/first"), ".gitattributes": "*.py filter=evil diff=evil\n"},
    )
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "one")
    (repo / "app.py").write_text(LOAD.format("acme/second"))
    commit_all(repo, "two")
    (repo / "app.py").write_text(LOAD.format("acme/third"))
    os.utime(repo / "app.py", (0, 0))  # stat-dirty: git must read the file to compare it
    return repo


def _aibom_calls(repo: Path) -> list[list[str]]:
    return [
        ["scan", str(repo), "-q", "-f", "json"],
        [
            "scan",
            str(repo),
            "-q",
            "-f",
            "json",
            "--policy",
            "enterprise",
            "--changed-since",
            "HEAD~1",
        ],
        ["scan", str(repo / "."), "-q", "--policy", "enterprise", "--changed-since", "main"],
    ]


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_no_setting_of_the_scanned_repository_runs(
    name: str, history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trap = TRAPS[name]
    marker = history.parent / f"ran-{name}"
    _plant(history, trap, marker)
    for call in _aibom_calls(history):
        code = run(call)
        out, err = capsys.readouterr()
        assert code in (0, 1), err
        assert not marker.exists(), f"{name} ran during aibom {' '.join(call)}"
    scanned = run(["scan", str(history), "-q", "-f", "json"])
    out, _ = capsys.readouterr()
    assert scanned == 0 and '"acme/third"' in out  # the scan still read the tree through git
    if trap.springs is not None:  # the trap is real: plain git, given the same repository, runs it
        subprocess.run(
            ["git", *trap.springs],
            cwd=history,
            env={**os.environ, **GIT_ENV},
            capture_output=True,
            check=False,
        )
        assert marker.exists(), f"{name}: plain git did not run the planted command"


def test_changed_since_still_sees_the_edit_under_overrides(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _plant(history, TRAPS["filter-process"], history.parent / "ran")
    assert gitrepo.changed_paths(history, "HEAD~1") == ("app.py",)
    assert not (history.parent / "ran").exists()


def test_a_partial_clone_never_fetches_a_missing_object(tmp_path: Path) -> None:
    """A lazy fetch through an ``ext::`` remote would run the remote's command."""
    repo = tmp_path / "repo"
    marker = tmp_path / "fetched"
    write_tree(repo, {"app.py": LOAD.format("acme/first")})
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "one")
    (repo / "app.py").write_text(LOAD.format("acme/second"))
    commit_all(repo, "two")
    blob = git(repo, "rev-parse", "HEAD~1:app.py").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    for key, value in (
        ("core.repositoryformatversion", "1"),
        ("extensions.partialClone", "origin"),
        ("remote.origin.url", f"ext::sh -c touch% {marker}"),
        ("remote.origin.promisor", "true"),
        ("protocol.ext.allow", "always"),
    ):
        git(repo, "config", key, value)
    (repo / "app.py").write_text(LOAD.format("acme/third"))
    run(["scan", str(repo), "-q", "--policy", "enterprise", "--changed-since", "HEAD~1"])
    assert not marker.exists()
    subprocess.run(  # the trap is real: plain git fetches the object through the remote
        ["git", "cat-file", "-p", blob],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        check=False,
    )
    assert marker.exists()


def test_pager_and_ssh_command_are_overridden_on_every_call(history: Path) -> None:
    """Neither runs for the read-only calls aibom makes; both are overridden all the same."""
    _plant(history, TRAPS["pager"], history.parent / "ran")
    repository = gitrepo.open_repository(history)
    shown = gitrepo.run(repository, "config", "--get", "core.pager").decode().strip()
    assert shown == "cat"
    assert "core.sshCommand=" in repository.command("status")
    assert "filter.evil.clean=" not in repository.overrides  # only what the repository defines


def test_a_config_include_that_never_ends_cannot_hang_the_scan(
    history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = history.parent / "endless"
    os.mkfifo(fifo)
    git(history, "config", "include.path", str(fifo))
    monkeypatch.setattr(gitrepo, "_PROBE_TIMEOUT_SECONDS", 1.0)
    start = time.monotonic()
    code = run(["scan", str(history), "-q", "-f", "json"])
    out, _ = capsys.readouterr()
    assert code == 0 and '"acme/third"' in out  # git gave up; the folder was walked instead
    assert time.monotonic() - start < 10  # every git call that reads the config has the deadline
