"""What changed since a base commit, read from real git repositories made in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from aibom.pipeline import scan
from aibom.policy.changes import ChangesError, changed_files, new_references
from tests.conftest import write_tree
from tests.gitrepos import LOAD, commit_all, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose branch ``feature`` left ``main`` after one commit; main moved on since."""
    write_tree(
        tmp_path,
        {
            "app/old.py": LOAD.format("acme/old-model"),
            "app/touched.py": "x = 1\n",
            "app/gone.py": "y = 2\n",
            "lib/keep.yaml": "base_model: acme/kept-model\n",
            ".gitignore": "*.log\n",
        },
    )
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "base")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    write_tree(tmp_path, {"app/new.py": LOAD.format("acme/new-model")})
    (tmp_path / "app/touched.py").write_text(LOAD.format("acme/touched-model"))
    (tmp_path / "app/gone.py").unlink()
    commit_all(tmp_path, "feature work")
    git(tmp_path, "checkout", "-q", "main")
    write_tree(
        tmp_path, {"lib/main-only.py": "z = 3\n", "lib/keep.yaml": "base_model: acme/main\n"}
    )
    commit_all(tmp_path, "main moves on")
    git(tmp_path, "checkout", "-q", "feature")
    return tmp_path


def test_committed_changes_since_the_merge_base(repo: Path) -> None:
    # main changed lib/ after the branch point: not this branch's changes.
    # app/gone.py was deleted: it references nothing any more.
    assert changed_files(repo, "main") == {"app/new.py", "app/touched.py"}


def test_uncommitted_staged_and_untracked_files_count(repo: Path) -> None:
    (repo / "lib/keep.yaml").write_text("base_model: org/edited\n")  # unstaged
    write_tree(repo, {"app/staged.py": "s = 1\n", "notes/untracked.toml": "a = 1\n"})
    git(repo, "add", "app/staged.py")
    write_tree(repo, {"debug.log": "ignored\n"})
    assert changed_files(repo, "main") == {
        "app/new.py",
        "app/touched.py",
        "app/staged.py",
        "lib/keep.yaml",
        "notes/untracked.toml",
    }


def test_head_as_base_gives_only_the_uncommitted_changes(repo: Path) -> None:
    assert changed_files(repo, "HEAD") == frozenset()
    (repo / "app/old.py").write_text('MODEL = "org/other"\n')
    assert changed_files(repo, "HEAD") == {"app/old.py"}


def test_a_subfolder_root_gives_paths_relative_to_it(repo: Path) -> None:
    (repo / "lib/keep.yaml").write_text("base_model: org/edited\n")
    write_tree(repo, {"app/deep/[x]/untracked.py": "u = 1\n"})
    assert changed_files(repo / "app", "main") == {
        "new.py",
        "touched.py",
        "deep/[x]/untracked.py",
    }
    assert changed_files(repo / "lib", "main") == {"keep.yaml"}


def test_a_folder_named_like_a_glob_is_taken_literally(repo: Path) -> None:
    write_tree(repo, {"a[b]/x.py": "x = 1\n", "ab/y.py": "y = 1\n"})
    assert changed_files(repo / "a[b]", "main") == {"x.py"}


def test_a_commit_hash_and_a_tag_work_as_refs(repo: Path) -> None:
    base = git(repo, "rev-parse", "main~1").strip()
    git(repo, "tag", "v1", base)
    assert (
        changed_files(repo, base) == changed_files(repo, "v1") == {"app/new.py", "app/touched.py"}
    )


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("no-such-branch", "no-such-branch: no such commit, branch or tag in"),
        ("--output=/tmp/x", "not a git revision"),
        ("", "not a git revision"),
    ],
)
def test_a_bad_ref_is_one_clear_line(repo: Path, ref: str, message: str) -> None:
    with pytest.raises(ChangesError) as raised:
        changed_files(repo, ref)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert raised.value.exit_code == 2


def test_not_a_repository(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "x = 1\n"})
    with pytest.raises(ChangesError, match="not in a git repository"):
        changed_files(tmp_path, "main")


def test_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ChangesError, match="no such folder"):
        changed_files(tmp_path / "missing", "main")


def test_a_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    with pytest.raises(ChangesError, match="HEAD: no such commit"):
        changed_files(tmp_path, "HEAD")


def test_unrelated_histories_have_no_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "other")
    commit_all(repo, "unrelated")
    git(repo, "checkout", "-q", "feature")
    with pytest.raises(ChangesError, match="share no commit"):
        changed_files(repo, "other")


def test_new_references_are_the_models_in_changed_files(repo: Path) -> None:
    report = scan(repo)
    assert {c.name for c in report.components} >= {
        "acme/old-model",
        "acme/new-model",
        "acme/touched-model",
        "acme/kept-model",
    }
    assert new_references(report, changed_files(repo, "main")) == {
        "acme/new-model",
        "acme/touched-model",
    }
    assert new_references(report, frozenset()) == set()


def test_new_references_from_a_subfolder_scan(repo: Path) -> None:
    root = repo / "app"
    assert new_references(scan(root), changed_files(root, "main")) == {
        "acme/new-model",
        "acme/touched-model",
    }


def test_a_work_tree_elsewhere(tmp_path: Path) -> None:
    # core.worktree puts the work tree of the repository in meta/.git somewhere else entirely.
    (tmp_path / "meta").mkdir()
    (tmp_path / "files").mkdir()
    git(tmp_path / "meta", "init", "-q", "-b", "main")
    git(tmp_path / "meta", "config", "core.worktree", str(tmp_path / "files"))
    with pytest.raises(ChangesError, match="not in the work tree of"):
        changed_files(tmp_path / "meta" / ".git", "main")
