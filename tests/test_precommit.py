"""The pre-commit hooks, run by the real pre-commit in temporary git repositories.

The shipped hooks say ``language: python``, for which pre-commit builds a virtualenv and installs
aibom from the package index: neither offline nor fast. The runs below therefore take the
shipped definitions (files filter, stages, filenames and all) and change only how aibom is
found: ``language: system`` with the entry pointing at the aibom installed beside this Python.
That the shipped file itself is valid is checked against pre-commit's own schema.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_manifest  # type: ignore[import-untyped]

from aibom.cli import cli
from aibom.discover.registry import DETECTORS
from tests.conftest import write_tree
from tests.gitrepos import GIT_ENV, LOAD, commit_all, git
from tests.paths import ROOT

REPO = ROOT
MANIFEST = REPO / ".pre-commit-hooks.yaml"
AIBOM = Path(sys.executable).parent / "aibom"
HAS_HOOK_COMMAND = "hook" in cli.commands
# Until `aibom hook FILES` exists, the test definition of the `aibom` hook scans the whole tree.
SCAN_INSTEAD_OF_HOOK = "scan . -q -f text"


def shipped() -> dict[str, dict[str, Any]]:
    """The shipped hooks by id, as pre-commit reads them (defaults filled in, schema checked)."""
    return {hook["id"]: hook for hook in load_manifest(str(MANIFEST))}


def test_the_shipped_manifest_is_valid_for_pre_commit() -> None:
    hooks = shipped()
    assert set(hooks) == {"aibom", "aibom-full"}
    quick, full = hooks["aibom"], hooks["aibom-full"]
    assert quick["entry"] == "aibom hook"
    assert quick["language"] == full["language"] == "python"
    assert quick["pass_filenames"] is True and quick["always_run"] is False
    assert quick["require_serial"] is True and quick["stages"] == []
    assert full["entry"] == "aibom scan ."
    assert full["pass_filenames"] is False and full["always_run"] is True
    assert full["stages"] == ["pre-push", "manual"]


def _repository_files() -> list[str]:
    folders = (REPO / "examples", REPO / "tests" / "corpus", REPO / "src")
    return sorted(
        p.relative_to(REPO).as_posix() for f in folders for p in f.rglob("*") if p.is_file()
    )


EDGE_NAMES = """app.py gui.pyw nb.ipynb c.yaml c.yml p.json pyproject.toml .env .env.local prod.env
OAI_CONFIG_LIST env dotenv Modelfile Modelfile.dev chat.modelfile modelfile.py Dockerfile
Dockerfile.gpu api.dockerfile Containerfile Makefile GNUmakefile justfile .justfile rules.mk
build.just Procfile run.sh run.bash run.zsh README.md MODEL_CARD.md modelcard.md LICENSE
LICENSE.txt LICENSE-MODEL license_weights.md USE_POLICY.md ACCEPTABLE_USE_POLICY.md NOTICE
w.safetensors w.GGUF w.llamafile w.onnx w.bin w.pt w.pth w.ckpt w.pkl w.h5 w.keras w.tflite
w.nemo w.msgpack w.mlmodel w.ggml w.engine x.js docs.md notes.txt image.png setup.cfg
requirements.txt CHANGELOG.md COPYING""".split()
# Matched on purpose though no detector claims them: the lockfile is read by the resolve stage;
# the others are cheap to pass and are ignored by the scan.
WIDER = {"aibom.lock", "package-lock.json", "APP.PY"}


def test_the_files_filter_is_what_the_detectors_read() -> None:
    """A file any detector reads (documentation mentions aside) passes the filter; no other does."""
    pattern = re.compile(shipped()["aibom"]["files"])
    wrong = []
    for path in [*_repository_files(), *(f"d/{name}" for name in EDGE_NAMES)]:
        base = path.rsplit("/", 1)[-1]
        claimed = any(d.claims(base) for name, d in DETECTORS.items() if name != "docs")
        if bool(pattern.search(path)) is not claimed:
            wrong.append(f"{path}: {'claimed' if claimed else 'not claimed'} by a detector")
    assert wrong == []


@pytest.mark.parametrize("name", sorted(WIDER))
def test_the_files_filter_also_takes(name: str) -> None:
    assert re.compile(shipped()["aibom"]["files"]).search(f"d/{name}")


def local_manifest() -> list[dict[str, Any]]:
    """The shipped hooks, run by the aibom already installed here instead of a new virtualenv."""
    hooks: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    for hook in hooks:
        entry = hook["entry"]
        assert entry.startswith("aibom ")
        if entry == "aibom hook" and not HAS_HOOK_COMMAND:
            entry, hook["pass_filenames"] = f"aibom {SCAN_INSTEAD_OF_HOOK}", False
        hook["entry"] = shlex.quote(str(AIBOM)) + entry.removeprefix("aibom")
        hook["language"] = "system"
    return hooks


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """pre-commit's store in the temp folder, no colours, no user git configuration."""
    return {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(tmp_path / "store"),
        "PRE_COMMIT_COLOR": "never",
    }


@pytest.fixture
def hook_repo(tmp_path: Path) -> Path:
    """A git repository holding the hook definitions, as pre-commit clones hook repositories."""
    path = tmp_path / "hooks"
    path.mkdir()
    text = yaml.safe_dump(local_manifest(), sort_keys=False)
    (path / ".pre-commit-hooks.yaml").write_text(text, encoding="utf-8")
    git(path, "init", "-q", "-b", "main")
    commit_all(path, "hooks")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's repository with one committed model and a new file staged for commit."""
    path = tmp_path / "project"
    write_tree(path, {"app/old.py": LOAD.format("acme/old-model"), "web/app.js": "f();\n"})
    git(path, "init", "-q", "-b", "main")
    commit_all(path, "start")
    write_tree(path, {"app/new.py": LOAD.format("acme/new-model")})
    git(path, "add", "app/new.py")
    return path


def pre_commit(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_hook_runs_on_a_changed_file(
    hook_repo: Path, project: Path, env: dict[str, str]
) -> None:
    done = pre_commit(
        project, env, "try-repo", str(hook_repo), "aibom", "--files", "app/new.py", "-v"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"aibom \(AI models in changed files\)\.+Passed", done.stdout)
    assert "acme/new-model" in done.stdout
    if HAS_HOOK_COMMAND:  # only the files given are read
        assert "acme/old-model" not in done.stdout


def test_the_hook_skips_files_no_detector_reads(
    hook_repo: Path, project: Path, env: dict[str, str]
) -> None:
    done = pre_commit(project, env, "try-repo", str(hook_repo), "aibom", "--files", "web/app.js")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(
        r"aibom \(AI models in changed files\)\.+\(no files to check\)Skipped", done.stdout
    )


def test_the_full_hook_runs_only_at_its_stages(
    hook_repo: Path, project: Path, env: dict[str, str]
) -> None:
    at_commit = pre_commit(project, env, "try-repo", str(hook_repo), "aibom-full", "--all-files")
    assert at_commit.returncode == 1
    assert "No hook with id `aibom-full` in stage `pre-commit`" in at_commit.stdout
    done = pre_commit(
        project, env, "try-repo", str(hook_repo), "aibom-full", "--hook-stage", "manual", "-v"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"aibom \(all AI models\)\.+Passed", done.stdout)
    assert "acme/old-model" in done.stdout and "acme/new-model" in done.stdout


def configure(project: Path, hook_repo: Path, hooks: list[dict[str, Any]]) -> None:
    """A user's .pre-commit-config.yaml using the hook repository at its current commit."""
    rev = git(hook_repo, "rev-parse", "HEAD").strip()
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": hooks}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(project, "add", ".pre-commit-config.yaml")


def test_a_failing_aibom_fails_the_hook_with_its_message(
    hook_repo: Path, project: Path, env: dict[str, str]
) -> None:
    # The user's args reach aibom: here --locked, which fails where aibom.lock lacks a model.
    configure(project, hook_repo, [{"id": "aibom-full", "args": ["--locked"]}])
    done = pre_commit(project, env, "run", "aibom-full", "--hook-stage", "manual")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"aibom \(all AI models\)\.+Failed", done.stdout)
    assert "- exit code: 1" in done.stdout
    assert "acme/new-model" in done.stdout and "aibom.lock" in done.stdout


@pytest.mark.skipif(not HAS_HOOK_COMMAND, reason="needs the `aibom hook` command")
def test_a_policy_violation_in_a_changed_file_fails_the_commit(
    hook_repo: Path, project: Path, env: dict[str, str]
) -> None:
    # Llama 3.2's license excludes multimodal use by EU-domiciled companies; enterprise is one.
    write_tree(project, {"app/vision.py": LOAD.format("meta-llama/Llama-3.2-11B-Vision-Instruct")})
    git(project, "add", "app/vision.py")
    configure(project, hook_repo, [{"id": "aibom", "args": ["--policy", "enterprise"]}])
    done = pre_commit(project, env, "run", "aibom", "--files", "app/vision.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "meta-llama/Llama-3.2-11B-Vision-Instruct" in done.stdout
    # A change that references no model passes (an unknown, unpinned one would not: enterprise
    # makes both errors).
    write_tree(project, {"app/util.py": "def add(a, b):\n    return a + b\n"})
    git(project, "add", "app/util.py")
    passing = pre_commit(project, env, "run", "aibom", "--files", "app/util.py")
    assert passing.returncode == 0, passing.stdout + passing.stderr
