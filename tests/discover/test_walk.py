"""Listing a tree: git-aware with .gitignore, filesystem otherwise, never out through symlinks."""

from __future__ import annotations

import os
from pathlib import Path

import git

from aibom.discover.engine import find_refs
from aibom.discover.walk import ignored_by_git, list_files
from tests.conftest import write_tree

FILES = {
    "app.py": "x = 1\n",
    "src/pkg/mod.py": "y = 2\n",
    "node_modules/lib/index.py": "z\n",
    ".venv/lib/site.py": "z\n",
    "build_out/ignored.py": "z\n",
    ".github/workflows/ci.yml": "on: push\n",
}


def test_filesystem_walk_skips_vendored_folders(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    assert list_files(tmp_path) == [
        ".github/workflows/ci.yml",
        "app.py",
        "build_out/ignored.py",
        "src/pkg/mod.py",
    ]


def test_git_walk_honours_gitignore_and_sees_untracked(tmp_path: Path) -> None:
    write_tree(tmp_path, {**FILES, ".gitignore": "build_out/\n*.log\n", "debug.log": "x\n"})
    with git.Repo.init(tmp_path) as repo:
        repo.index.add(["app.py", ".gitignore"])
        repo.index.commit("init")
    assert list_files(tmp_path) == [
        ".github/workflows/ci.yml",
        ".gitignore",
        "app.py",
        "src/pkg/mod.py",
    ]


def test_git_walk_from_a_subfolder(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    git.Repo.init(tmp_path).close()
    assert list_files(tmp_path / "src") == ["pkg/mod.py"]


def test_symlinks_out_of_the_root_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    root = tmp_path / "root"
    write_tree(outside, {"secret.py": "s\n", "dir/inner.py": "i\n"})
    write_tree(root, {"a.py": "a\n"})
    os.symlink(outside / "secret.py", root / "link.py")
    os.symlink(outside / "dir", root / "linkdir")
    os.symlink(root / "a.py", root / "inside_link.py")
    # Links are listed (a linked folder is not entered); where they are opened, the one out
    # of the tree is refused with its reason, the one inside is read.
    assert list_files(root) == ["a.py", "inside_link.py", "link.py", "linkdir"]
    found = find_refs(root)
    assert {(s.path, s.reason) for s in found.skipped} == {
        ("link.py", "not read: a link out of the scanned tree"),
    }


def test_git_walk_skips_deleted_files_and_refuses_outside_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("x\n")
    root = tmp_path / "repo"
    write_tree(root, {"keep.py": "k\n", "gone.py": "g\n"})
    os.symlink(outside, root / "out_link.py")
    os.symlink(root / "keep.py", root / "in_link.py")
    with git.Repo.init(root) as repo:
        repo.index.add(["keep.py", "gone.py", "out_link.py", "in_link.py"])
        repo.index.commit("init")
    (root / "gone.py").unlink()
    listed = list_files(root)
    assert {"in_link.py", "keep.py"} <= set(listed)
    # What the index lists is checked where it is opened: a tracked file deleted from the work
    # tree is no error; a link out of the root is refused, and the skip says why.
    found = find_refs(root)
    assert [(s.path, s.reason) for s in found.skipped] == [
        ("out_link.py", "not read: a link out of the scanned tree")
    ]


def test_a_folder_git_ignores_is_listed_from_the_filesystem(tmp_path: Path) -> None:
    write_tree(tmp_path, {**FILES, ".gitignore": "build_out/\n"})
    git.Repo.init(tmp_path).close()
    assert ignored_by_git(tmp_path / "build_out")
    assert not ignored_by_git(tmp_path) and not ignored_by_git(tmp_path / "src")
    assert list_files(tmp_path / "build_out") == ["ignored.py"]
    assert "build_out/ignored.py" not in list_files(tmp_path)
