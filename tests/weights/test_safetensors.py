"""The safetensors header reader, on real files: what it returns and what it refuses."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from aibom.weights.safetensors import HEADER_CAP, SafetensorsError, read_header
from tests.weightfiles import safetensors_bytes, write_safetensors


def _raw(path: Path, header: bytes, data: bytes = b"") -> Path:
    path.write_bytes(struct.pack("<Q", len(header)) + header + data)
    return path


def test_round_trip(tmp_path: Path) -> None:
    path = write_safetensors(
        tmp_path / "model.safetensors",
        {"a.weight": ((2, 3), [1.0] * 6), "a.bias": ((3,), [0.0] * 3), "scalar": ((), [2.0])},
        {"format": "pt", "license": "apache-2.0"},
    )
    header = read_header(path)
    assert header.metadata == {"format": "pt", "license": "apache-2.0"}
    assert header.tensor_count == 3
    assert header.parameter_count == 6 + 3 + 1
    assert header.header_size == struct.unpack("<Q", path.read_bytes()[:8])[0]


def test_no_metadata(tmp_path: Path) -> None:
    header = read_header(write_safetensors(tmp_path / "m.safetensors", {"w": ((4,), [0.0] * 4)}))
    assert header.metadata == {}
    assert (header.tensor_count, header.parameter_count) == (1, 4)


def test_empty_and_short_files(tmp_path: Path) -> None:
    for content in (b"", b"\x10\x00\x00"):
        (tmp_path / "m.safetensors").write_bytes(content)
        with pytest.raises(SafetensorsError, match="shorter"):
            read_header(tmp_path / "m.safetensors")


def test_header_length_past_end_of_file(tmp_path: Path) -> None:
    path = tmp_path / "m.safetensors"
    path.write_bytes(struct.pack("<Q", 1000) + b"{}")
    with pytest.raises(SafetensorsError, match="past the end"):
        read_header(path)


def test_absurd_header_length_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "m.safetensors"
    path.write_bytes(struct.pack("<Q", 2**63) + b"{}")
    with pytest.raises(SafetensorsError, match="cap"):
        read_header(path)


def test_header_over_the_cap(tmp_path: Path) -> None:
    path = write_safetensors(tmp_path / "m.safetensors", {"w": ((1,), [0.0])}, {"k": "v" * 500})
    with pytest.raises(SafetensorsError, match="cap"):
        read_header(path, cap=100)
    assert read_header(path).metadata == {"k": "v" * 500}
    assert HEADER_CAP >= 16 * 1024 * 1024


def test_truncated_tensor_data_still_reads_the_header(tmp_path: Path) -> None:
    """Only the header is read: a file cut inside the data still names its tensors."""
    full = safetensors_bytes({"w": ((8,), [1.0] * 8)}, {"format": "pt"})
    path = tmp_path / "m.safetensors"
    path.write_bytes(full[:-16])
    assert read_header(path).metadata == {"format": "pt"}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (b"[1, 2]", "begin"),
        (b'{"a": ', "JSON"),
        (b'{"\xff\xfe": {}}', "UTF-8"),
        (b'{"__metadata__": {"n": 1}}', "map of strings"),
        (b'{"__metadata__": ["x"]}', "map of strings"),
        (b'{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}}', "shape"),
        (b'{"w": {"dtype": "F32", "shape": "2x2"}}', "shape"),
        (b'{"w": [1, 2]}', "shape"),
        (b'{"w": {"dtype": "F32", "shape": [true]}}', "shape"),
        (b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "JSON"),
    ],
)
def test_malformed_headers(tmp_path: Path, header: bytes, message: str) -> None:
    with pytest.raises(SafetensorsError, match=message) as raised:
        read_header(_raw(tmp_path / "m.safetensors", header))
    assert isinstance(raised.value, ValueError)


def test_whitespace_padding_is_allowed(tmp_path: Path) -> None:
    header = json.dumps({"__metadata__": {"a": "b"}}).encode() + b"   "
    assert read_header(_raw(tmp_path / "m.safetensors", header)).metadata == {"a": "b"}
