"""``aibom diff``: exit codes a CI relies on, outputs, and unusable inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aibom.cli import run
from tests.paths import EXAMPLE


def scan_to(tree: Path, out: Path, fmt: str = "json") -> Path:
    run(["scan", str(tree), "--policy", "enterprise", "-q", "-f", f"{fmt}={out}"])
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pair")
    tree = folder / "demo-app"
    shutil.copytree(EXAMPLE, tree)
    old = scan_to(tree, folder / "old.json")
    (tree / "app" / "extra.py").write_text(
        'import transformers as t\nt.pipeline(model="google/gemma-2-2b-it")\n'
    )
    return old, scan_to(tree, folder / "new.json")


def test_a_new_model_asks_for_review(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair
    assert run(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "Models added (1):" in out and "google/gemma-2-2b-it" in out
    assert run(["diff", str(new), str(old)]) == 0  # the model removed: nothing to review
    assert run(["diff", str(old), str(old)]) == 0


def test_formats_and_files(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair
    target = tmp_path / "diff.json"
    code = run(
        [
            "diff",
            str(old),
            str(new),
            "-f",
            f"json={target}",
            "-f",
            f"html={tmp_path / 'd.html'}",
            "-f",
            "markdown",
        ]
    )
    assert code == 1
    assert json.loads(target.read_text())["license_relevant"] is True
    assert (tmp_path / "d.html").read_text().startswith("<!DOCTYPE html>")
    assert capsys.readouterr().out.startswith("## ")
    assert run(["diff", str(old), str(new), "-o", str(tmp_path / "out.txt")]) == 1
    assert "Models added" in (tmp_path / "out.txt").read_text()


def test_two_cyclonedx_sboms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sbom = scan_to(EXAMPLE, tmp_path / "a.cdx.json", "cyclonedx-json")
    assert run(["diff", str(sbom), str(sbom)]) == 0
    assert "policy findings: a CycloneDX SBOM records no policy findings" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "missing.json", "missing.json"], "cannot read"),
        (["diff", "/dev/zero", "/dev/zero"], "a character device, not a regular file"),
        (["diff", "OLD", "NEW", "-f", "sarif"], "unknown format 'sarif'"),
        (["diff", "only-one"], "Missing argument"),
    ],
)
def test_unusable_input_exits_2(
    args: list[str], message: str, pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(pair[0]) if a == "OLD" else str(pair[1]) if a == "NEW" else a for a in args]
    assert run(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", "--help"]) == 0
    out = capsys.readouterr().out
    for word in ("OLD", "NEW", "FORMAT[=FILE]", "markdown", "Exit 1", "Examples:"):
        assert word in out
