"""Policy through the CLI: exit codes, validation messages with lines, the starter policy, hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aibom.cli import run
from tests.paths import EXAMPLE


def test_enterprise_policy_fails_the_example_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.json"
    assert run(["scan", str(EXAMPLE), "--policy", "enterprise", "-f", f"json={out}"]) == 1
    assert "policy enterprise failed" in capsys.readouterr().err


def test_a_small_organisation_passes_at_fail_on_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "small.yaml"
    policy.write_text(
        "version: 1\norganisation:\n  monthly_active_users: 1000\n  annual_revenue_usd: 10000\n"
        "  regions: [US]\n  trains_models: false\n  distributes_models: false\n"
        "rules:\n  unpinned: {severity: info}\n  unknown-license: {severity: info}\n"
    )
    assert run(["scan", str(EXAMPLE), "-q", "--policy", str(policy)]) == 0
    assert run(["scan", str(EXAMPLE), "-q", "--policy", str(policy), "--fail-on", "warning"]) == 1


def test_policy_validate_lists_every_error_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\norganisation:\n  monthly_active_users: many\n"
        "rules:\n  user-treshold: {severity: error}\n  unpinned: {severity: fatal}\n"
    )
    assert run(["policy", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:3:" in err and "monthly_active_users" in err
    assert "bad.yaml:5:" in err and "user-threshold" in err  # did you mean
    assert "bad.yaml:6:" in err and "fatal" in err
    assert run(["scan", str(EXAMPLE), "--policy", str(bad)]) == 2


def test_policy_init_writes_a_policy_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "aibom-policy.yaml"
    assert run(["policy", "init", "-o", str(target)]) == 0
    assert run(["policy", "validate", str(target)]) == 0
    assert "valid" in capsys.readouterr().out


def test_findings_reach_the_json_report(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run(["scan", str(EXAMPLE), "-q", "--policy", "enterprise", "-f", f"json={out}"])
    document = json.loads(out.read_text())
    rules = {f["rule"] for f in document["findings"]}
    assert {"user-threshold", "unpinned"} <= rules
    threshold = next(f for f in document["findings"] if f["rule"] == "user-threshold")
    assert threshold["term_clause"] == "2" and "700 million" in threshold["term_quote"]


def test_hook_checks_only_the_given_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(EXAMPLE)
    assert run(["hook", "--policy", "enterprise", "app/rag.py"]) == 1
    err = capsys.readouterr().err
    assert "meta-llama/Llama-3.1-8B-Instruct" in err and "facebook/bart-large-cnn" not in err
    assert run(["hook", "--policy", "enterprise", "README.md"]) == 0


def _repo_with_new_model(tmp_path: Path) -> Path:
    import shutil

    import git

    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    with git.Repo.init(root) as repo:
        repo.git.add("-A")
        repo.git.commit(
            "-m",
            "base",
            env={
                "GIT_AUTHOR_NAME": "t",
                "GIT_AUTHOR_EMAIL": "t@t",
                "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@t",
            },
        )
    (root / "app" / "vision.py").write_text(
        'AutoModel.from_pretrained("meta-llama/Llama-3.2-11B-Vision-Instruct")\n'
    )
    return root


def test_changed_since_reports_only_new_references(tmp_path: Path) -> None:
    root = _repo_with_new_model(tmp_path)
    out = tmp_path / "r.json"
    code = run(
        [
            "scan",
            str(root),
            "-q",
            "--policy",
            "enterprise",
            "--changed-since",
            "HEAD",
            "-f",
            f"json={out}",
        ]
    )
    assert code == 1
    models = {f["model"] for f in json.loads(out.read_text())["findings"]}
    assert models == {"meta-llama/Llama-3.2-11B-Vision-Instruct"}
    assert (
        run(["scan", str(root), "-q", "--policy", "enterprise", "--changed-since", "no-such-ref"])
        == 2
    )


def test_baseline_fails_only_on_models_not_in_it(tmp_path: Path) -> None:
    root = _repo_with_new_model(tmp_path)
    (root / "app" / "vision.py").rename(tmp_path / "vision.py")
    baseline = tmp_path / "base.cdx.json"
    assert run(["scan", str(root), "-q", "-f", f"cyclonedx-json={baseline}"]) == 0
    (tmp_path / "vision.py").rename(root / "app" / "vision.py")
    out = tmp_path / "r.json"
    run(
        [
            "scan",
            str(root),
            "-q",
            "--policy",
            "enterprise",
            "--baseline",
            str(baseline),
            "-f",
            f"json={out}",
        ]
    )
    models = {f["model"] for f in json.loads(out.read_text())["findings"]}
    assert models == {"meta-llama/Llama-3.2-11B-Vision-Instruct"}
