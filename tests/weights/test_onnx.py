"""The ONNX metadata reader, on real protobuf-encoded ModelProto files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from aibom.weights import onnx
from aibom.weights.onnx import OnnxError, parse_metadata, read_metadata
from tests.weightfiles import onnx_bytes, write_onnx


class Counting(io.BytesIO):
    """A stream that tallies the bytes handed out, to show that the graph is never read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.total = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.total += len(chunk)
        return chunk


def test_round_trip(tmp_path: Path) -> None:
    path = write_onnx(
        tmp_path / "model.onnx",
        {"license": "apache-2.0", "author": "Example Org"},
        producer_name="pytorch",
        producer_version="2.3.0",
        domain="ai.example",
        model_version=7,
        doc_string="A tiny identity model.",
    )
    found = read_metadata(path)
    assert found.ir_version == 9
    assert found.model_version == 7
    assert found.fields == {
        "producer_name": "pytorch",
        "producer_version": "2.3.0",
        "domain": "ai.example",
        "doc_string": "A tiny identity model.",
    }
    assert found.metadata_props == {"license": "apache-2.0", "author": "Example Org"}


def test_graph_is_skipped_not_read() -> None:
    data = onnx_bytes({"license": "mit"}, initializer_bytes=4 * 1024 * 1024)
    stream = Counting(data)
    found = parse_metadata(stream, len(data))
    assert found.metadata_props == {"license": "mit"}  # stored after the graph
    assert stream.total < 1024


def test_negative_model_version(tmp_path: Path) -> None:
    assert read_metadata(write_onnx(tmp_path / "m.onnx", model_version=-3)).model_version == -3


def test_empty_message(tmp_path: Path) -> None:
    (tmp_path / "m.onnx").write_bytes(b"")
    assert read_metadata(tmp_path / "m.onnx") == onnx.OnnxMetadata()


def test_long_doc_string_is_cut(tmp_path: Path) -> None:
    found = read_metadata(write_onnx(tmp_path / "m.onnx", doc_string="x" * 50_000))
    assert len(found.fields["doc_string"]) == onnx.MAX_VALUE_CHARS
    assert found.model_version == 1
    assert found.fields["producer_name"] == "pytorch"


def test_non_utf8_strings_are_replaced(tmp_path: Path) -> None:
    data = onnx_bytes() + b"\x72\x06\x0a\x02\xff\xfe\x12\x00"  # field 14: key b"\xff\xfe", value ""
    (tmp_path / "m.onnx").write_bytes(data)
    assert read_metadata(tmp_path / "m.onnx").metadata_props == {"\ufffd\ufffd": ""}


def test_oversized_and_surplus_props_are_read_past(tmp_path: Path) -> None:
    props = {f"k{index:03}": "v" for index in range(onnx.MAX_PROPS + 10)}
    found = read_metadata(write_onnx(tmp_path / "m.onnx", props))
    assert len(found.metadata_props) == onnx.MAX_PROPS
    big = read_metadata(write_onnx(tmp_path / "b.onnx", {"big": "v" * (onnx.MAX_ENTRY_BYTES + 1)}))
    assert big.metadata_props == {}


@pytest.mark.parametrize("cut", [1, 3, 10, 40, -1])
def test_truncated(tmp_path: Path, cut: int) -> None:
    data = onnx_bytes({"license": "mit"}, doc_string="doc")
    (tmp_path / "m.onnx").write_bytes(data[:cut])
    with pytest.raises(OnnxError):
        read_metadata(tmp_path / "m.onnx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x0b\x00", "wire type 3"),  # field 1 as a start-group
        (b"\x00\x01", "field number 0"),
        (b"\x08" + b"\xff" * 11, "10 bytes"),
        (b"\x3a\xff\xff\xff\xff\x0f", "past the end"),  # graph of 4 GiB in a tiny file
        (b"\x72\x04\x0a\x09ab", "truncated"),  # a metadata entry whose key overruns it
        (b"\x72\x02\x0b\x00", "wire type 3"),
        (b"\x09\x00\x00", "truncated"),  # a fixed64 field cut short
    ],
)
def test_malformed(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "m.onnx").write_bytes(data)
    with pytest.raises(OnnxError, match=message) as raised:
        read_metadata(tmp_path / "m.onnx")
    assert isinstance(raised.value, ValueError)


def test_too_many_fields(tmp_path: Path) -> None:
    (tmp_path / "m.onnx").write_bytes(b"\x08\x01" * (onnx.MAX_FIELDS + 1))
    with pytest.raises(OnnxError, match="top-level fields"):
        read_metadata(tmp_path / "m.onnx")
