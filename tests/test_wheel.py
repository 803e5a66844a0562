"""The wheel: built from this tree, installed elsewhere, it runs and finds its data folders."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.paths import ROOT


def test_installed_wheel_runs_and_carries_its_data(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("aibom-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        members = archive.namelist()
    for folder in ("license_db", "policies", "templates"):
        assert any(m.startswith(f"aibom/_data/{folder}/") for m in members), folder
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import aibom, aibom.core.data as d; "
            "print(aibom.__file__); print(d.data_dir('license_db'))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, license_db = probe.stdout.splitlines()
    assert module_file.startswith(str(target))
    assert license_db.startswith(str(target)) and Path(license_db).is_dir()
    scan = subprocess.run(
        [sys.executable, "-m", "aibom", "scan", str(ROOT / "examples" / "demo-app"), "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert scan.returncode == 0, scan.stderr
    assert "meta-llama/Llama-3.1-8B-Instruct" in scan.stdout
