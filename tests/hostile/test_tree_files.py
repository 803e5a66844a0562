"""Files in the scanned tree that are not what the git index says: FIFOs, devices, links out.

The index records what a path was when it was added; the work tree may hold something else
now. Every such path is refused where it is opened, listed as skipped with the reason, and the
scan ends promptly (a FIFO opened the ordinary way would block it for ever).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepos import LOAD, commit_all, git


def _scan(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aibom", "scan", str(root), "-v", "-f", "json", "-o", os.devnull],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def swapped(tmp_path: Path) -> Path:
    """A repository whose tracked files were replaced: by a FIFO, a link to a device, a link
    to a file outside it; one file is left as it was."""
    root = tmp_path / "repo"
    root.mkdir()
    secret = tmp_path / "secret.py"
    secret.write_text(LOAD.format("outside/secret-model"))
    for name in ("fifo.py", "urandom.py", "outside.py", "kept.py"):
        (root / name).write_text(LOAD.format(f"acme/{name[:-3]}"))
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "files")
    for name in ("fifo.py", "urandom.py", "outside.py"):
        (root / name).unlink()
    os.mkfifo(root / "fifo.py")
    (root / "urandom.py").symlink_to("/dev/urandom")
    (root / "outside.py").symlink_to(secret)
    return root


def test_tracked_files_replaced_by_a_fifo_a_device_link_and_an_outside_link(
    swapped: Path,
) -> None:
    done = _scan(swapped)
    assert done.returncode == 0, done.stderr
    err = done.stderr
    assert "aibom: skipped fifo.py: not read: a FIFO, not a regular file" in err
    assert "aibom: skipped urandom.py: not read: a link out of the scanned tree" in err
    assert "aibom: skipped outside.py: not read: a link out of the scanned tree" in err
    assert "3 files skipped" in err
    assert "Traceback" not in err


def test_the_skips_say_why(swapped: Path) -> None:
    from aibom.discover.engine import find_refs

    found = find_refs(swapped)
    assert {(s.path, s.reason) for s in found.skipped} == {
        ("fifo.py", "not read: a FIFO, not a regular file"),
        ("urandom.py", "not read: a link out of the scanned tree"),
        ("outside.py", "not read: a link out of the scanned tree"),
    }
    assert {r.name for r in found.refs} == {"acme/kept"}


def test_weight_files_linked_out_of_the_tree_are_neither_read_nor_hashed(tmp_path: Path) -> None:
    from aibom.pipeline import scan
    from tests.weightfiles import write_safetensors

    outside = write_safetensors(
        tmp_path / "elsewhere" / "secret.safetensors",
        {"w": ((1,), [1.0])},
        {"license": "mit", "base_model": "outside/leaked"},
    )
    root = tmp_path / "repo"
    (root / "models" / "m").mkdir(parents=True)
    write_safetensors(root / "models" / "m" / "model.safetensors", {"w": ((1,), [2.0])})
    (root / "models" / "m" / "extra.safetensors").symlink_to(outside)
    report = scan(root)
    assert [s.reason for s in report.skipped if s.path.endswith("extra.safetensors")] == [
        "not read: a link out of the scanned tree"
    ]
    text = repr(report)
    assert "outside/leaked" not in text
    hashed = [f.path for c in report.components if c.pin for f in c.pin.files]
    assert "models/m/extra.safetensors" not in hashed
    assert "models/m/model.safetensors" in hashed


def _deep_folder(root: Path, depth: int) -> str:
    """Folders nested past PATH_MAX, made relative to each other (an absolute path cannot)."""
    name = "d" * 200
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        made = os.open("app.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(made, LOAD.format("deep/model").encode())
        os.close(made)
    finally:
        os.close(fd)
    return "/".join([name] * depth)


def test_a_folder_too_deep_to_open_is_listed_not_silently_dropped(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "kept.py").write_text(LOAD.format("acme/kept"))
    _deep_folder(root, 24)  # 24 x 201 characters: past Linux's 4,096-byte PATH_MAX
    done = _scan(root)
    assert done.returncode == 0, done.stderr
    assert "File name too long" in done.stderr
    assert "files skipped" in done.stderr
    assert "Traceback" not in done.stderr
