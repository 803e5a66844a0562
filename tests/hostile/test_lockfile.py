"""A hand-edited or hostile ``aibom.lock``: every problem named with its line, exit 2, no crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from aibom.cli import run
from aibom.resolve import lockfile

COMMIT = "0123456789abcdef0123456789abcdef01234567"
SHA = "ab" * 32
HEADER = "version: 1\nmodels:\n"


def _read(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "aibom.lock"
    if isinstance(text, str):
        path.write_text(text)
    else:
        path.write_bytes(text)
    with pytest.raises(lockfile.LockfileError) as raised:
        lockfile.read(path)
    return str(raised.value).replace(str(path), "aibom.lock")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # an int where a hash belongs, a list where text belongs
            f"  huggingface:org/m:\n    commit: {COMMIT}\n    files:\n"
            "    - path: a.bin\n      sha256: 12345\n    card_license: [mit]\n",
            [
                "aibom.lock:7: models.huggingface:org/m.files[0].sha256: "
                "must be text, not a number",
                "aibom.lock:8: models.huggingface:org/m.card_license: must be text, not a list",
            ],
        ),
        (  # a short commit is not a pin; a non-hex sha256 is not a hash
            "  huggingface:org/m:\n    commit: 0123abc\n    license_text_sha256: zz\n",
            [
                "aibom.lock:4: models.huggingface:org/m.commit: "
                "not a 40-character commit (lower-case hex): '0123abc'",
                "aibom.lock:5: models.huggingface:org/m.license_text_sha256: "
                "not a sha256 (64 lower-case hex digits): 'zz'",
            ],
        ),
        (  # the same key twice: the second would silently win
            f"  huggingface:org/m:\n    commit: {COMMIT}\n"
            f"  huggingface:org/m:\n    commit: {COMMIT}\n",
            ["aibom.lock:5: models.huggingface:org/m: duplicate key"],
        ),
        (  # a typo and an ecosystem that does not exist
            f"  huggingface:org/m:\n    comit: {COMMIT}\n  npm:left-pad:\n    commit: x\n",
            [
                "aibom.lock:4: models.huggingface:org/m.comit: "
                "unknown key (did you mean 'commit'?)",
                "aibom.lock:5: models.npm:left-pad: key must be <ecosystem>:<name>, with "
                "ecosystem one of huggingface, ollama, local-file",
            ],
        ),
        (  # a path that climbs out, a negative size
            "  local-file:models/m:\n    files:\n    - path: ../../etc/passwd\n      size: -1\n",
            [
                "aibom.lock:5: models.local-file:models/m.files[0].path: "
                "not a relative path inside the model: '../../etc/passwd'",
                "aibom.lock:6: models.local-file:models/m.files[0].size: "
                "must be a size in bytes (a whole number), not -1",
            ],
        ),
    ],
)
def test_every_problem_is_named_with_its_line(
    tmp_path: Path, body: str, expected: list[str]
) -> None:
    message = _read(tmp_path, HEADER + body)
    assert message.splitlines()[: len(expected)] == expected
    assert message.endswith("(fix these lines, or write the file anew with `aibom lock`)")


def test_deep_nesting_is_an_error_not_a_recursion_crash(tmp_path: Path) -> None:
    message = _read(tmp_path, HEADER + "  huggingface:org/m: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "aibom.lock:3: not valid YAML: exceeded maximum nesting depth" in message


def test_aliases_are_refused(tmp_path: Path) -> None:
    text = HEADER + f"  huggingface:a/b: &x\n    commit: {COMMIT}\n  huggingface:c/d: *x\n"
    assert "aliases are not supported" in _read(tmp_path, text)


def test_a_lockfile_over_the_size_limit_is_refused_at_once(tmp_path: Path) -> None:
    text = HEADER + f"  huggingface:o/m:\n    commit: {COMMIT}\n"
    assert "larger than 8388608 bytes" in _read(tmp_path, text + "#" * lockfile.MAX_LOCK_BYTES)


def test_not_utf8(tmp_path: Path) -> None:
    assert "not UTF-8 text" in _read(tmp_path, b"version: 1\nmodels: {\xff: 1}\n")


def test_a_broken_lockfile_fails_the_scan_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "app.py").write_text('from transformers import pipeline\npipeline(model="gpt2")\n')
    (tmp_path / "aibom.lock").write_text(HEADER + "  huggingface:gpt2:\n    commit: 7\n")
    assert run(["scan", str(tmp_path), "-q"]) == 2
    err = capsys.readouterr().err
    assert "aibom.lock:4: models.huggingface:gpt2.commit: must be text, not a number" in err
    assert "Traceback" not in err


def test_a_valid_hand_written_lockfile_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "aibom.lock"
    path.write_text(
        HEADER + f"  huggingface:org/m:\n    commit: {COMMIT}\n    gated: false\n"
        f"    resolved_at: '2025-01-31T12:00:00Z'\n    files:\n"
        f"    - {{path: model.safetensors, size: 10, sha256: {SHA}}}\n"
    )
    read = lockfile.read(path)
    assert read is not None
    pin = read.entries["huggingface:org/m"]
    assert pin.commit == COMMIT and pin.files[0].sha256 == SHA and pin.gated is False
