"""File names from strangers: undecodable bytes and terminal escape sequences in every output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aibom.cli import run
from aibom.render import json_report

LOAD = 'from transformers import AutoModel\nAutoModel.from_pretrained("acme/{}")\n'
ESCAPE_NAME = "\x1b]0;owned\x07\x1b[31mred.py"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    (root / os.fsdecode(b"caf\xe9.py")).write_text(LOAD.format("latin"))
    (root / ESCAPE_NAME).write_text(LOAD.format("escape"))
    return root


def test_every_output_is_utf8_and_names_survive(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = {fmt: tmp_path / f"out.{fmt}" for fmt in ("json", "sarif", "markdown", "text")}
    args = [f"-f{fmt}={path}" for fmt, path in out.items()]
    code = run(["scan", str(tree), "--policy", "enterprise", *args, "-v"])
    err = capsys.readouterr().err
    assert code == 1  # the policy fails (unknown licenses): the outputs are all written
    for path in out.values():
        data = path.read_bytes()
        data.decode("utf-8")  # strict: every output is valid UTF-8
        assert b"\x1b" not in data and b"\x07" not in data
    report = json_report.parse(out["json"].read_text(encoding="utf-8"))
    paths = {e.path for c in report.components for e in c.evidence}
    assert paths == {os.fsdecode(b"caf\xe9.py"), ESCAPE_NAME}  # exact names, back from JSON
    sarif = json.loads(out["sarif"].read_text(encoding="utf-8"))
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert "caf%E9.py" in uris  # the byte, percent-encoded (RFC 3986)
    text = out["text"].read_text(encoding="utf-8")
    assert "caf\\xe9.py" in text and "\\x1b]0;owned\\x07" in text
    assert "\x1b" not in err and "\x07" not in err


def test_no_partial_output_is_left_when_one_write_fails(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text("previous\n")
    missing = tmp_path / "no-such-folder" / "out.sarif"
    code = run(
        ["scan", str(tree), f"-fjson={kept}", f"-fsarif={missing}", "--policy", "enterprise"]
    )
    assert code == 2
    assert kept.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.json", "tree"]
