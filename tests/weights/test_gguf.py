"""The GGUF header reader, on real GGUF v2/v3 files written in both byte orders."""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import pytest

from aibom.weights import gguf
from aibom.weights.gguf import GGUFError, read_header
from tests.weightfiles import (
    ARRAY,
    BOOL,
    FLOAT32,
    FLOAT64,
    INT8,
    INT16,
    INT32,
    INT64,
    STRING,
    UINT8,
    UINT16,
    UINT64,
    Typed,
    gguf_bytes,
    vocabulary,
    write_gguf,
)

PHI = {
    "general.architecture": "phi3",
    "general.name": "Phi 3 Mini",
    "general.license": "mit",
    "general.base_model.count": 1,
    "general.base_model.0.repo_url": "https://huggingface.co/microsoft/Phi-3-mini-4k-instruct",
    "general.tags": ["nlp", "code"],
    "general.languages": ["en"],
    "phi3.context_length": 4096,
    "general.file_type": 15,
}


def _raw(path: Path, body: bytes, kv_count: int, version: int = 3) -> Path:
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", version, 0, kv_count) + body)
    return path


def _string(value: bytes) -> bytes:
    return struct.pack("<Q", len(value)) + value


def test_round_trip(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "phi.gguf", PHI, [("token_embd.weight", (2, 4), [0.5] * 8)])
    header = read_header(path)
    assert header.version == 3
    assert header.tensor_count == 1
    assert not header.big_endian
    meta = header.metadata
    assert meta["general.name"] == "Phi 3 Mini"
    assert meta["general.license"] == "mit"
    assert meta["general.base_model.0.repo_url"].endswith("microsoft/Phi-3-mini-4k-instruct")
    assert meta["phi3.context_length"] == "4096"
    assert json.loads(meta["general.tags"]) == ["nlp", "code"]
    assert json.loads(meta["general.languages"]) == ["en"]


def test_every_scalar_type(tmp_path: Path) -> None:
    kv = {
        "a.u8": Typed(UINT8, 255),
        "a.i8": Typed(INT8, -128),
        "a.u16": Typed(UINT16, 65535),
        "a.i16": Typed(INT16, -2),
        "a.u32": 4_000_000_000,
        "a.i32": Typed(INT32, -7),
        "a.f32": 1e-5,
        "a.bool": True,
        "a.no": False,
        "a.u64": Typed(UINT64, 2**64 - 1),
        "a.i64": Typed(INT64, -(2**63)),
        "a.f64": Typed(FLOAT64, 0.1),
        "a.ints": Typed(ARRAY, [1, 2, 3], INT32),
    }
    meta = read_header(write_gguf(tmp_path / "t.gguf", kv)).metadata
    assert meta == {
        "a.u8": "255",
        "a.i8": "-128",
        "a.u16": "65535",
        "a.i16": "-2",
        "a.u32": "4000000000",
        "a.i32": "-7",
        "a.f32": "1e-05",
        "a.bool": "true",
        "a.no": "false",
        "a.u64": str(2**64 - 1),
        "a.i64": str(-(2**63)),
        "a.f64": "0.1",
        "a.ints": "[1, 2, 3]",
    }


def test_version_2_is_read(tmp_path: Path) -> None:
    header = read_header(write_gguf(tmp_path / "v2.gguf", {"general.name": "Old"}, version=2))
    assert (header.version, header.metadata) == (2, {"general.name": "Old"})


@pytest.mark.parametrize("version", [1, 4, 0xFFFFFFFF])
def test_unsupported_versions(tmp_path: Path, version: int) -> None:
    path = write_gguf(tmp_path / "v.gguf", {"general.name": "X"}, version=version)
    with pytest.raises(GGUFError, match="version"):
        read_header(path)


def test_big_endian_file(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "be.gguf", PHI, [("t", (2,), [1.0, 2.0])], order=">")
    header = read_header(path)
    assert header.big_endian
    assert (header.version, header.tensor_count) == (3, 1)
    assert header.metadata == read_header(write_gguf(tmp_path / "le.gguf", PHI)).metadata


def test_wrong_magic(tmp_path: Path) -> None:
    path = tmp_path / "x.gguf"
    path.write_bytes(b"GGML" + gguf_bytes(PHI)[4:])
    with pytest.raises(GGUFError, match="magic"):
        read_header(path)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "x.gguf").write_bytes(b"")
    with pytest.raises(GGUFError):
        read_header(tmp_path / "x.gguf")


def test_large_tokenizer_arrays_are_skipped(tmp_path: Path) -> None:
    kv = {
        "general.name": "Tok",
        "tokenizer.ggml.model": "gpt2",
        "tokenizer.ggml.tokens": vocabulary(200_000),
        "tokenizer.ggml.scores": Typed(ARRAY, [0.0] * 200_000, FLOAT32),
        "tokenizer.ggml.merges": [f"a{index} b{index}" for index in range(1000)],
        "tokenizer.chat_template": "{% for m in messages %}{{ m }}{% endfor %}",
        "general.license": "apache-2.0",  # after the arrays: reached only if they were skipped
    }
    header = read_header(write_gguf(tmp_path / "tok.gguf", kv))
    assert header.metadata == {
        "general.name": "Tok",
        "tokenizer.ggml.model": "gpt2",
        "general.license": "apache-2.0",
    }


def test_long_arrays_are_not_kept_but_short_ones_are(tmp_path: Path) -> None:
    kv = {
        "general.tags": [f"t{index}" for index in range(gguf.SHORT_ARRAY + 1)],
        "general.languages": ["en", "fr"],
        "general.name": "After",
    }
    assert read_header(write_gguf(tmp_path / "a.gguf", kv)).metadata == {
        "general.languages": '["en", "fr"]',
        "general.name": "After",
    }


def test_nested_arrays_are_read_past(tmp_path: Path) -> None:
    nested = Typed(ARRAY, [Typed(ARRAY, ["x", "y"], STRING), Typed(ARRAY, ["z"], STRING)], ARRAY)
    kv = {"a.nested": nested, "general.name": "N"}
    assert read_header(write_gguf(tmp_path / "n.gguf", kv)).metadata == {"general.name": "N"}


def test_deeply_nested_arrays_are_refused(tmp_path: Path) -> None:
    value: Typed = Typed(ARRAY, [1], INT32)
    for _ in range(gguf.MAX_DEPTH + 1):
        value = Typed(ARRAY, [value], ARRAY)
    with pytest.raises(GGUFError, match="nested"):
        read_header(write_gguf(tmp_path / "d.gguf", {"a.deep": value}))


def test_absurd_kv_count(tmp_path: Path) -> None:
    with pytest.raises(GGUFError, match="metadata count"):
        read_header(_raw(tmp_path / "k.gguf", b"", kv_count=2**60))


def test_absurd_tensor_count(tmp_path: Path) -> None:
    path = tmp_path / "t.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 2**60, 0))
    with pytest.raises(GGUFError, match="tensor count"):
        read_header(path)


def test_absurd_string_length(tmp_path: Path) -> None:
    body = _string(b"general.name") + struct.pack("<IQ", STRING, 2**62) + b"abc"
    with pytest.raises(GGUFError, match="truncated"):
        read_header(_raw(tmp_path / "s.gguf", body, kv_count=1))


def test_absurd_key_length(tmp_path: Path) -> None:
    body = struct.pack("<Q", 2**40) + b"general.name"
    with pytest.raises(GGUFError, match="key length"):
        read_header(_raw(tmp_path / "k.gguf", body, kv_count=1))


def test_absurd_array_length(tmp_path: Path) -> None:
    for kind in (STRING, INT32, ARRAY):
        body = _string(b"tokenizer.ggml.tokens") + struct.pack("<IIQ", ARRAY, kind, 2**60)
        with pytest.raises(GGUFError):
            read_header(_raw(tmp_path / "a.gguf", body, kv_count=1))


def test_truncated_inside_the_metadata(tmp_path: Path) -> None:
    full = gguf_bytes(PHI, alignment=1)
    for cut in (6, 20, 30, len(full) // 2, len(full) - 1):
        (tmp_path / "cut.gguf").write_bytes(full[:cut])
        with pytest.raises(GGUFError, match="truncated"):
            read_header(tmp_path / "cut.gguf")


def test_truncated_inside_a_skipped_vocabulary(tmp_path: Path) -> None:
    full = gguf_bytes({"tokenizer.ggml.tokens": vocabulary(50_000), "general.name": "X"})
    (tmp_path / "cut.gguf").write_bytes(full[: len(full) // 2])
    with pytest.raises(GGUFError, match="truncated"):
        read_header(tmp_path / "cut.gguf")


def test_header_cap(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "c.gguf", {"tokenizer.ggml.tokens": vocabulary(10_000)})
    with pytest.raises(GGUFError, match="cap"):
        read_header(path, cap=4096)
    assert read_header(path).metadata == {}


def test_non_ascii_key_is_dropped_and_reading_goes_on(tmp_path: Path) -> None:
    kv: dict[str | bytes, object] = {
        b"general.\xff\xfename": "bad key",
        b"general.caf\xc3\xa9": ["a", "b"],
        "general.name": "Good",
    }
    assert read_header(write_gguf(tmp_path / "k.gguf", kv)).metadata == {"general.name": "Good"}


def test_non_utf8_value_is_replaced(tmp_path: Path) -> None:
    meta = read_header(write_gguf(tmp_path / "v.gguf", {"general.name": b"Ph\xffi"})).metadata
    assert meta["general.name"] == "Ph\ufffdi"


def test_long_string_value_is_cut(tmp_path: Path) -> None:
    header = read_header(write_gguf(tmp_path / "l.gguf", {"general.description": "d" * 100_000}))
    value = header.metadata["general.description"]
    assert len(value) == gguf.MAX_VALUE_CHARS
    assert value.endswith("\u2026")


def test_unknown_value_type(tmp_path: Path) -> None:
    body = _string(b"general.name") + struct.pack("<I", 13) + b"\0" * 16
    with pytest.raises(GGUFError, match="value type 13"):
        read_header(_raw(tmp_path / "u.gguf", body, kv_count=1))


def test_invalid_bool(tmp_path: Path) -> None:
    body = _string(b"general.flag") + struct.pack("<IB", BOOL, 2)
    with pytest.raises(GGUFError, match="boolean"):
        read_header(_raw(tmp_path / "b.gguf", body, kv_count=1))


def test_reads_only_the_header(tmp_path: Path) -> None:
    """Tensor data after the header is never read."""
    data = gguf_bytes({"general.name": "Small"}) + b"\0" * (8 * 1024 * 1024)

    class Counting(io.BytesIO):
        total = 0

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            Counting.total += len(chunk)
            return chunk

    header = gguf.parse_header(Counting(data), len(data))
    assert header.metadata == {"general.name": "Small"}
    assert Counting.total <= 1024 * 1024
