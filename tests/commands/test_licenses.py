"""``aibom licenses``: list, show (text and JSON) and identify, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aibom.cli import run
from aibom.core.data import data_dir

TEXTS = data_dir("license_db") / "texts"


def test_list_names_every_license(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["licenses", "list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("KEY") and "\nmit " in out


def test_show_json_has_every_term_with_its_citation(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["licenses", "show", "MIT", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["key"], document["spdx"], document["category"]) == ("mit", "MIT", "permissive")
    assert document["commercial_use"]["value"] is True
    assert document["attribution"]["clause"] == "para. 2"
    assert "copyright notice" in document["attribution"]["quote"]
    assert document["user_threshold"] == {"status": "absent"}
    assert document["geographic_restrictions"] == {"status": "absent", "items": []}
    for term in (
        "revenue_threshold",
        "restricts_training_other_models",
        "governing_law",
        "derivatives_inherit",
    ):
        assert term in document


def test_show_unknown_license_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["licenses", "show", "no-such-license"]) == 2
    assert "no license named" in capsys.readouterr().err


def test_identify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rewrapped = tmp_path / "LICENSE"
    rewrapped.write_text(
        "Copyright 2024 Someone\n\n" + " ".join((TEXTS / "mit.txt").read_text().split())
    )
    assert run(["licenses", "identify", str(rewrapped)]) == 0
    assert ": mit (MIT License), confidence 1.00: identical" in capsys.readouterr().out
    other = tmp_path / "notes.txt"
    other.write_text("hello world")
    assert run(["licenses", "identify", str(other)]) == 0
    assert "not a license text aibom knows" in capsys.readouterr().out
    assert run(["licenses", "identify", str(tmp_path / "missing")]) == 2
