"""The commit a report names: HEAD of the scanned work tree, or nothing outside git."""

from __future__ import annotations

from pathlib import Path

from aibom.core.gitrepo import head_commit
from aibom.pipeline import scan
from tests.gitrepos import LOAD, commit_all, git


def test_the_report_names_the_checked_out_commit(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "app.py").write_text(LOAD.format("org/model"))
    assert head_commit(tmp_path) is None  # no commit yet
    commit_all(tmp_path, "first")
    expected = git(tmp_path, "rev-parse", "HEAD").strip()
    assert head_commit(tmp_path) == expected
    assert scan(tmp_path).commit == expected


def test_no_commit_outside_git(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(LOAD.format("org/model"))
    assert head_commit(tmp_path) is None
    assert scan(tmp_path).commit is None
