"""Real git repositories for tests: a fixed identity, no user or system configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# A fixed identity and no user or system configuration: the tests see the same git everywhere.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
LOAD = 'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("{}")\n'


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output; a failure fails the test."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
