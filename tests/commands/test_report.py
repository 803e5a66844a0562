"""``aibom report``: a saved JSON report rendered again, in any format, without a scan."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from aibom.cli import run
from aibom.render import FORMATS
from tests.paths import EXAMPLE


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("saved") / "aibom.json"
    assert run(["scan", str(EXAMPLE), "--policy", "enterprise", "-q", "-f", f"json={path}"]) == 1
    return path


def test_html_from_a_saved_report_matches_the_scan(saved: Path, tmp_path: Path) -> None:
    direct, again = tmp_path / "scan.html", tmp_path / "report.html"
    assert run(["scan", str(EXAMPLE), "--policy", "enterprise", "-q", "-f", f"html={direct}"]) == 1
    assert run(["report", str(saved), "-f", f"html={again}"]) == 0
    assert again.read_bytes() == direct.read_bytes()


def test_every_format_renders_from_a_report(saved: Path, tmp_path: Path) -> None:
    args = ["report", str(saved)]
    for name in FORMATS:
        args += ["-f", f"{name}={tmp_path / name}"]
    assert run(args) == 0
    assert json.loads((tmp_path / "json").read_text()) == json.loads(saved.read_text())
    assert (tmp_path / "notices").read_text().startswith("# Third-party AI model notices")
    assert json.loads((tmp_path / "spdx-json").read_text())["@context"].endswith(
        "spdx-context.jsonld"
    )


def test_default_is_the_table_on_stdout(saved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", str(saved)]) == 0
    assert capsys.readouterr().out.startswith("MODEL")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "not an aibom JSON report"),
        ("not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_a_file_that_is_not_a_report_exits_2(
    tmp_path: Path, content: str | bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    assert run(["report", str(path), "-f", "html"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_fifo_or_device_is_refused_without_blocking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(run(["report", str(fifo)])), daemon=True)
    worker.start()
    worker.join(10)
    assert result == [2] and time.monotonic() - started < 10
    assert "a FIFO, not a regular file" in capsys.readouterr().err
    assert run(["report", "/dev/zero"]) == 2
    assert run(["report", str(tmp_path / "missing.json")]) == 2


def test_help_names_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", "--help"]) == 0
    out = capsys.readouterr().out
    for word in ("REPORT", "FORMAT[=FILE]", "html", "notices", "spdx-json", "Examples:"):
        assert word in out
