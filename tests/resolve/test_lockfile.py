"""aibom.lock: written deterministically, read back exactly, and broken files reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from aibom.core.model import Component, Ecosystem, Evidence, Pin, PinnedFile, PinSource
from aibom.resolve import lockfile

SEEN = (Evidence("app.py", 1, 1, "x", "python"),)
PIN = Pin(
    PinSource.HUB,
    commit="a" * 40,
    requested="main",
    files=(
        PinnedFile("model.safetensors", 10, "b" * 64),
        PinnedFile("config.json", 2, None, "c" * 40),
    ),
    card_license="llama3.1",
    license_text_sha256="d" * 64,
)


def component(name: str, pin: Pin | None) -> Component:
    return Component(name, Ecosystem.HUGGINGFACE, SEEN, pin=pin)


def test_round_trip_and_determinism(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    components = (component("org/b", PIN), component("org/a", Pin(PinSource.NONE, reason="x")))
    text = lockfile.render(components, None)
    assert text == lockfile.render(components, None)
    assert "org/a" not in text  # unpinned models are not locked
    path = tmp_path / "aibom.lock"
    path.write_text(text)
    read = lockfile.read(path)
    assert read is not None
    entry = read.get(component("ORG/B", None))
    assert entry is not None and entry.source is PinSource.LOCKFILE
    assert (entry.commit, entry.requested, entry.card_license) == ("a" * 40, "main", "llama3.1")
    assert sorted(entry.files) == sorted(PIN.files)
    assert entry.resolved_at == "2023-11-14T22:13:20Z"


def test_unchanged_entries_keep_their_resolution_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = tmp_path / "aibom.lock"
    path.write_text(lockfile.render((component("org/b", PIN),), None))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    previous = lockfile.read(path)
    again = lockfile.render((component("org/b", PIN),), previous)
    assert again == path.read_text()
    moved = lockfile.render((component("org/b", Pin(PinSource.HUB, commit="e" * 40)),), previous)
    assert "2027-01-15T08:00:00Z" in moved


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("version: 9\nmodels: {}\n", r"aibom\.lock:1: version: must be 1"),
        ("models: [\n", r"aibom\.lock:2: not valid YAML"),
        (
            "version: 1\nmodels:\n  huggingface:x/y:\n    files: [{path: a, size: big}]\n",
            r"aibom\.lock:4: models\.huggingface:x/y\.files\[0\]\.size: must be a size in bytes",
        ),
    ],
)
def test_broken_lockfiles_are_user_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "aibom.lock"
    path.write_text(content)
    with pytest.raises(lockfile.LockfileError, match=message):
        lockfile.read(path)


def test_no_lockfile_is_none(tmp_path: Path) -> None:
    assert lockfile.read(tmp_path / "aibom.lock") is None
