"""Property-based tests of the readers of untrusted bytes outside the detectors.

Each reader, given any input, returns a value or raises its own documented error: never another
exception (which the CLI would report as a bug, exit 3). Example counts are bounded so the suite
stays fast; the fuzz targets under ``fuzz/`` run the same readers for longer.
"""

from __future__ import annotations

import contextlib
import io
import json
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aibom.core import yamlsafe
from aibom.policy import validate_text
from aibom.render import json_report
from aibom.resolve import lockfile
from aibom.weights import gguf, onnx, safetensors

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=50)
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)
_lock_words = st.sampled_from(
    ["version", "models", "commit", "files", "path", "size", "sha256", "git_oid", "gated",
     "huggingface:a/b", "ollama:x", "local-file:m", "resolved_at", "base_models", "&a", "*a",
     "- ", ": ", "\n  ", "\n", "[", "]", "{", "}", "1", "true", "0" * 40, "'", '"', "\t"]
)  # fmt: skip


@SETTINGS
@given(text=st.lists(_lock_words, max_size=40).map("".join))
def test_the_lockfile_reader_only_ever_raises_its_own_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "aibom.lock"
    path.write_text(text, encoding="utf-8")
    with contextlib.suppress(lockfile.LockfileError):
        lockfile.read(path)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_the_lockfile_reader_on_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "aibom.lock"
    path.write_bytes(data)
    with contextlib.suppress(lockfile.LockfileError):
        lockfile.read(path)


@SETTINGS
@given(document=_json)
def test_the_lockfile_reader_on_any_structure(tmp_path: Path, document: object) -> None:
    path = tmp_path / "aibom.lock"
    path.write_text(json.dumps({"version": 1, "models": document}), encoding="utf-8")
    with contextlib.suppress(lockfile.LockfileError):
        lockfile.read(path)


@SETTINGS
@given(document=_json)
def test_policy_validation_lists_problems_for_any_structure(document: object) -> None:
    problems = validate_text(
        json.dumps({"version": 1, "organisation": document, "rules": document})
    )
    assert all(isinstance(p, str) and p.startswith("policy.yaml:") for p in problems)


@SETTINGS
@given(text=st.text(max_size=300))
def test_policy_validation_on_any_text(text: str) -> None:
    assert all(isinstance(p, str) for p in validate_text(text))


@SETTINGS
@given(document=_json)
def test_a_saved_report_that_is_not_one_is_refused_cleanly(document: object) -> None:
    text = json.dumps({"schema": json_report.SCHEMA, "project": "p", "components": document})
    with contextlib.suppress(json_report.ReportFileError):
        json_report.parse(text)


@SETTINGS
@given(text=st.text(max_size=300))
def test_untrusted_yaml_loads_or_raises_a_load_error(text: str) -> None:
    with contextlib.suppress(yamlsafe.LOAD_ERRORS):
        yamlsafe.compose_document(text)


def _prefixed(body: bytes) -> bytes:
    return struct.pack("<Q", len(body)) + body


@SETTINGS
@given(
    data=st.one_of(
        st.binary(max_size=200),
        _json.map(lambda d: _prefixed(json.dumps(d).encode())),
        st.dictionaries(
            st.text(max_size=8),
            st.fixed_dictionaries(
                {"dtype": st.text(max_size=4), "shape": st.lists(st.integers(), max_size=300)}
            ),
            max_size=3,
        ).map(lambda d: _prefixed(json.dumps(d).encode())),
    )
)
def test_safetensors_headers(data: bytes) -> None:
    with contextlib.suppress(safetensors.SafetensorsError):
        safetensors.parse_header(io.BytesIO(data), len(data))


@SETTINGS
@given(tail=st.binary(max_size=300), version=st.sampled_from([2, 3, 3 << 24]))
def test_gguf_headers(tail: bytes, version: int) -> None:
    data = b"GGUF" + struct.pack("<I", version) + tail
    with contextlib.suppress(gguf.GGUFError):
        gguf.parse_header(io.BytesIO(data), len(data))


@SETTINGS
@given(data=st.binary(max_size=300))
def test_onnx_metadata(data: bytes) -> None:
    with contextlib.suppress(onnx.OnnxError):
        onnx.parse_metadata(io.BytesIO(data), len(data))


@pytest.mark.parametrize("shape", [[10**18] * 250, [2**62, 2**62], [-1], [True]])
def test_implausible_safetensors_shapes_are_errors(shape: list[int]) -> None:
    data = _prefixed(
        json.dumps({"t": {"dtype": "F32", "shape": shape, "data_offsets": [0, 0]}}).encode()
    )
    with pytest.raises(safetensors.SafetensorsError):
        safetensors.parse_header(io.BytesIO(data), len(data))


@pytest.mark.parametrize(
    ("value", "shown"), [("[]", "[]"), ("{a: 1}", "{'a': 1}"), ("[error]", "['error']")]
)
def test_a_severity_that_is_not_text_is_a_problem_not_a_crash(value: str, shown: str) -> None:
    """Found by fuzzing: ``severity: []`` raised TypeError (an unhashable value in a set test)."""
    text = f"version: 1\norganisation: {{}}\nrules:\n  unknown-license:\n    severity: {value}\n"
    problems = validate_text(text)
    assert problems[-1] == (
        f"policy.yaml:5: rules.unknown-license.severity: {shown} is not one of info, warning, error"
    )
