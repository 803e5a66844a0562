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

from tests.gitrepos import LOAD, commit_all, git


def _scan(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aibom", "scan", str(root), "-v", "-f", "json", "-o", os.devnull],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_tracked_files_replaced_by_a_fifo_a_device_link_and_an_outside_link(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    secret = tmp_path / "secret.py"
    secret.write_text(LOAD.format("outside/secret-model"))
    for name in ("fifo.py", "urandom.py", "outside.py", "kept.py"):
        (root / name).write_text(LOAD.format(f"acme/{name[:-3]}"))
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "files")
    (root / "fifo.py").unlink()
    os.mkfifo(root / "fifo.py")
    (root / "urandom.py").unlink()
    (root / "urandom.py").symlink_to("/dev/urandom")
    (root / "outside.py").unlink()
    (root / "outside.py").symlink_to(secret)
    done = _scan(root)
    assert done.returncode == 0, done.stderr
    err = done.stderr
    assert "aibom: skipped fifo.py: not read: a FIFO, not a regular file" in err
    assert "aibom: skipped urandom.py: not read: a link out of the scanned tree" in err
    assert "aibom: skipped outside.py: not read: a link out of the scanned tree" in err
    assert "3 files skipped" in err
    assert "Traceback" not in err


def test_the_skips_say_why(tmp_path: Path) -> None:
    from aibom.discover.engine import find_refs

    root = tmp_path / "repo"
    root.mkdir()
    outside = tmp_path / "secret.py"
    outside.write_text(LOAD.format("outside/secret-model"))
    for name in ("fifo.py", "urandom.py", "outside.py", "kept.py"):
        (root / name).write_text(LOAD.format(f"acme/{name[:-3]}"))
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "files")
    for name in ("fifo.py", "urandom.py", "outside.py"):
        (root / name).unlink()
    os.mkfifo(root / "fifo.py")
    (root / "urandom.py").symlink_to("/dev/urandom")
    (root / "outside.py").symlink_to(outside)
    found = find_refs(root)
    assert {(s.path, s.reason) for s in found.skipped} == {
        ("fifo.py", "not read: a FIFO, not a regular file"),
        ("urandom.py", "not read: a link out of the scanned tree"),
        ("outside.py", "not read: a link out of the scanned tree"),
    }
    assert {r.name for r in found.refs} == {"acme/kept"}
