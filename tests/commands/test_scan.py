"""The command line as a user and a CI see it: outputs, messages and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aibom.cli import run
from tests.conftest import write_tree
from tests.gitrepos import LOAD, git
from tests.paths import EXAMPLE


def test_default_is_a_table_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("MODEL")
    assert "meta-llama/Llama-3.1-8B-Instruct" in out
    assert "aibom:" in err and "models" in err


def test_several_formats_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report, bom = tmp_path / "r.json", tmp_path / "bom.cdx.json"
    code = run(
        [
            "scan",
            str(EXAMPLE),
            "-q",
            "-f",
            f"json={report}",
            "-f",
            f"cyclonedx-json={bom}",
            "-f",
            "text",
        ]
    )
    assert code == 0
    assert json.loads(report.read_text())["schema"] == "aibom-report/2"
    assert json.loads(bom.read_text())["bomFormat"] == "CycloneDX"
    out, err = capsys.readouterr()
    assert out.startswith("MODEL") and err == ""


def test_output_file_for_a_single_format(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert run(["scan", str(EXAMPLE), "-q", "-f", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["components"]


def test_same_tree_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(["scan", str(EXAMPLE), "-q", "-f", f"json={first}"]) == 0
    assert run(["scan", str(EXAMPLE), "-q", "-f", f"json={second}"]) == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "does/not/exist"], "no such file or folder"),
        (["scan", str(EXAMPLE), "-f", "yaml"], "unknown format 'yaml'"),
        (["scan", str(EXAMPLE), "-f", "json", "-f", "text"], "only one format can go to stdout"),
        (["scan", str(EXAMPLE), "-f", "json", "-f", "text", "-o", "x"], "-o names the file"),
        (["scan", str(EXAMPLE), "-o", "/nonexistent-dir/out.txt"], "does not exist"),
        (["scan", str(EXAMPLE), "--spec-version", "2.0"], "Invalid value"),
        (["scan", str(EXAMPLE), "--no-such-flag"], "No such option"),
    ],
)
def test_user_errors_exit_2_with_one_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(args) == 2
    out, err = capsys.readouterr()
    assert message in err
    assert "Traceback" not in err and out == ""


def test_output_that_is_a_folder_fails_before_scanning(tmp_path: Path) -> None:
    assert run(["scan", str(EXAMPLE), "-q", "-f", f"json={tmp_path}"]) == 2


def test_scanning_a_file_scans_that_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", str(EXAMPLE / "Modelfile"), "-f", "json"]) == 0
    out, err = capsys.readouterr()
    evidence = {e["path"] for c in json.loads(out)["components"] for e in c["evidence"]}
    assert evidence == {"Modelfile"}
    assert "in 1 files" in err


def test_a_folder_git_ignores_is_scanned_when_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "init", "-q")
    write_tree(tmp_path, {".gitignore": "scratch/\n", "scratch/app.py": LOAD.format("acme/m1")})
    assert run(["scan", str(tmp_path / "scratch"), "-f", "json"]) == 0
    out, err = capsys.readouterr()
    assert [c["name"] for c in json.loads(out)["components"]] == ["acme/m1"]
    assert "is ignored by git; scanning every file in it" in err
    assert run(["scan", str(tmp_path), "-f", "json", "-q"]) == 0  # from above: ignored
    assert json.loads(capsys.readouterr().out)["components"] == []


def test_a_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", str(EXAMPLE / "no-such-file")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "--help"]) == 0
    out = capsys.readouterr().out
    for word in ("FORMAT[=FILE]", "cyclonedx-json", "--spec-version", "Examples:"):
        assert word in out


def test_installed_entry_point_exit_codes(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "aibom", "scan", str(EXAMPLE), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "aibom", "scan", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0


def test_outputs_are_ordinary_files(tmp_path: Path) -> None:
    target = tmp_path / "bom.json"
    previous = os.umask(0o022)
    try:
        assert run(["scan", str(EXAMPLE), "-q", "-f", f"cyclonedx-json={target}"]) == 0
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == 0o644
    assert not list(tmp_path.glob(".bom.json.*"))  # no temp file left behind
