"""Outputs: devices and pipes are written in place, never replaced; a failed run changes nothing."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from aibom.cli import run
from tests.paths import EXAMPLE


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7); the real one without root."""
    path = tmp_path / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        return Path(f"/dev/{name}")
    return path


def _scan(*args: str) -> int:
    return run(["scan", str(EXAMPLE), "-q", *args])


def test_output_to_a_null_device_keeps_the_device(tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    assert _scan("-f", "cyclonedx-json", "-o", str(null)) == 0
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temp file beside it


def test_a_link_to_a_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    link = tmp_path / "stdout"
    link.symlink_to(null)
    assert _scan("-f", "json", "-o", str(link)) == 0
    assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)


def test_a_full_device_fails_with_exit_2_and_replaces_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = _device(tmp_path, "full", 7)
    kept = tmp_path / "kept.json"
    kept.write_text("old\n")
    code = _scan("-f", f"json={kept}", "-f", f"sarif={full}", "--policy", "enterprise")
    err = capsys.readouterr().err
    assert code == 2
    assert "No space left on device" in err
    assert kept.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "kept.json"]
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_a_fifo_with_a_reader_gets_the_output(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert _scan("-f", "json", "-o", str(fifo)) == 0
    reader.join(timeout=10)
    assert b'"components"' in received[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_without_a_reader_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert _scan("-f", "json", "-o", str(fifo)) == 2
    assert "a FIFO with no reader" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("kind", ["folder", "socket"])
def test_a_folder_or_socket_is_refused_before_the_scan(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    path = tmp_path / kind
    if kind == "folder":
        path.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    assert _scan("-o", str(path)) == 2
    assert f"it is a {kind}, not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize("second", ["same.json", "./same.json", "link.json", "../out/same.json"])
def test_two_outputs_naming_one_file_are_a_usage_error(
    second: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "same.json").write_text("old\n")
    (out / "link.json").symlink_to(out / "same.json")
    monkeypatch.chdir(out)
    assert _scan("-f", "json=same.json", "-f", f"cyclonedx-json={second}") == 2
    assert "named by two outputs" in capsys.readouterr().err
    assert (out / "same.json").read_text() == "old\n"


def test_the_same_new_file_twice_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.json"
    assert _scan("-f", f"json={new}", "-f", f"json={new}") == 2
    assert "named by two outputs" in capsys.readouterr().err
    assert not new.exists()


def test_a_link_to_a_regular_file_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert _scan("-f", "json", "-o", str(link)) == 0
    assert link.is_symlink()
    assert '"components"' in real.read_text()


def test_the_lockfile_is_never_written_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.write_text("precious\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("gpt2")\n'
    )
    (repo / "aibom.lock").symlink_to(outside)
    assert run(["lock", str(repo), "-q"]) == 2
    assert "a symbolic link, not a regular file" in capsys.readouterr().err
    assert outside.read_text() == "precious\n"
    assert (repo / "aibom.lock").is_symlink()


def test_a_dash_is_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("-f", "json=-") == 0
    assert '"components"' in capsys.readouterr().out
