"""Writers of tiny but real safetensors, GGUF and ONNX files, in the layouts their specs define."""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# --- safetensors (huggingface/safetensors, "Format") ------------------------------------------


def safetensors_bytes(
    tensors: Mapping[str, tuple[tuple[int, ...], Sequence[float]]],
    metadata: Mapping[str, str] | None = None,
) -> bytes:
    """float32 tensors laid out back to back after a JSON header padded with spaces to 8 bytes."""
    header: dict[str, object] = {}
    if metadata is not None:
        header["__metadata__"] = dict(metadata)
    data = b""
    for name, (shape, values) in tensors.items():
        blob = struct.pack(f"<{len(values)}f", *values)
        header[name] = {
            "dtype": "F32",
            "shape": list(shape),
            "data_offsets": [len(data), len(data) + len(blob)],
        }
        data += blob
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + data


def write_safetensors(
    path: Path,
    tensors: Mapping[str, tuple[tuple[int, ...], Sequence[float]]],
    metadata: Mapping[str, str] | None = None,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(safetensors_bytes(tensors, metadata))
    return path


# --- GGUF (ggml-org/ggml docs/gguf.md) ----------------------------------------------------------

UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL = 0, 1, 2, 3, 4, 5, 6, 7
STRING, ARRAY, UINT64, INT64, FLOAT64 = 8, 9, 10, 11, 12
_FORMATS = {
    UINT8: "B", INT8: "b", UINT16: "H", INT16: "h", UINT32: "I", INT32: "i", FLOAT32: "f",
    BOOL: "?", UINT64: "Q", INT64: "q", FLOAT64: "d",
}  # fmt: skip


@dataclass(frozen=True)
class Typed:
    """A value with an explicit GGUF type; ``element`` is the element type of an array."""

    kind: int
    value: object
    element: int | None = None


def _infer(value: object) -> Typed:
    if isinstance(value, Typed):
        return value
    if isinstance(value, bool):
        return Typed(BOOL, value)
    if isinstance(value, int):
        return Typed(UINT32 if 0 <= value < 2**32 else INT64, value)
    if isinstance(value, float):
        return Typed(FLOAT32, value)
    if isinstance(value, str | bytes):
        return Typed(STRING, value)
    if isinstance(value, list):
        element = _infer(value[0]).kind if value else STRING
        return Typed(ARRAY, value, element)
    raise TypeError(f"no GGUF type for {value!r}")


Metadata = Mapping[str, object] | Mapping[str | bytes, object]  # bytes keys: not-ASCII tests


class _GGUFWriter:
    def __init__(self, order: str) -> None:
        self.order = order
        self.out = bytearray()

    def pack(self, fmt: str, *values: object) -> None:
        self.out += struct.pack(self.order + fmt, *values)

    def string(self, value: str | bytes) -> None:
        raw = value.encode() if isinstance(value, str) else value
        self.pack("Q", len(raw))
        self.out += raw

    def value(self, typed: Typed) -> None:
        if typed.kind == STRING:
            assert isinstance(typed.value, str | bytes)
            self.string(typed.value)
        elif typed.kind == ARRAY:
            assert isinstance(typed.value, list) and typed.element is not None
            self.pack("IQ", typed.element, len(typed.value))
            for item in typed.value:
                self.value(item if isinstance(item, Typed) else Typed(typed.element, item))
        else:
            self.pack(_FORMATS[typed.kind], typed.value)


def gguf_bytes(
    kv: Metadata,
    tensors: Sequence[tuple[str, tuple[int, ...], Sequence[float]]] = (),
    *,
    order: str = "<",
    version: int = 3,
    alignment: int = 32,
) -> bytes:
    """A GGUF file: header, metadata, tensor infos, padding to ``alignment``, f32 tensor data."""
    writer = _GGUFWriter(order)
    writer.out += b"GGUF"
    writer.pack("IQQ", version, len(tensors), len(kv))
    for key, value in kv.items():
        typed = _infer(value)
        writer.string(key)
        writer.pack("I", typed.kind)
        writer.value(typed)
    blobs: list[bytes] = []
    offset = 0
    for name, shape, values in tensors:
        writer.string(name)
        writer.pack("I", len(shape))
        for dim in reversed(shape):  # ggml lists dimensions fastest-varying first
            writer.pack("Q", dim)
        writer.pack("IQ", 0, offset)  # GGML_TYPE_F32
        blob = struct.pack(f"{order}{len(values)}f", *values)
        blob += b"\0" * (-len(blob) % alignment)
        blobs.append(blob)
        offset += len(blob)
    writer.out += b"\0" * (-len(writer.out) % alignment)
    return bytes(writer.out) + b"".join(blobs)


def write_gguf(
    path: Path,
    kv: Metadata,
    tensors: Sequence[tuple[str, tuple[int, ...], Sequence[float]]] = (),
    **options: int | str,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gguf_bytes(kv, tensors, **options))  # type: ignore[arg-type]
    return path


def vocabulary(size: int) -> list[str]:
    """A tokenizer-sized string array, like ``tokenizer.ggml.tokens``."""
    return [f"tok{index}" for index in range(size)]


# --- ONNX ModelProto (onnx/onnx.proto), protobuf wire format -----------------------------------


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes | str | int) -> bytes:
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    raw = payload.encode() if isinstance(payload, str) else payload
    return _varint(number << 3 | 2) + _varint(len(raw)) + raw


def _graph(initializer_bytes: int) -> bytes:
    """GraphProto: one Identity node from x to y, and optionally one large float initializer."""
    node = _field(1, "x") + _field(2, "y") + _field(3, "identity") + _field(4, "Identity")
    graph = _field(1, node) + _field(2, "main")
    if initializer_bytes:
        # TensorProto: dims = 1, data_type = 2 (FLOAT = 1), name = 8, raw_data = 9
        count = initializer_bytes // 4
        tensor = _field(1, count) + _field(2, 1) + _field(8, "w") + _field(9, b"\0" * (count * 4))
        graph += _field(5, tensor)
    # ValueInfoProto: name = 1, type = 2 (TypeProto.tensor_type = 1: elem_type = 1, shape = 2)
    tensor_type = _field(1, _field(1, 1) + _field(2, _field(1, _field(1, 2))))
    typed = _field(2, tensor_type)
    return graph + _field(11, _field(1, "x") + typed) + _field(12, _field(1, "y") + typed)


def onnx_bytes(
    metadata_props: Mapping[str, str] | None = None,
    *,
    producer_name: str = "pytorch",
    producer_version: str = "2.3.0",
    domain: str = "",
    model_version: int = 1,
    doc_string: str = "",
    initializer_bytes: int = 0,
) -> bytes:
    """A ModelProto with its fields in field-number order, as protobuf serialises them."""
    out = _field(1, 9) + _field(2, producer_name) + _field(3, producer_version)
    if domain:
        out += _field(4, domain)
    out += _field(5, model_version)
    if doc_string:
        out += _field(6, doc_string)
    out += _field(7, _graph(initializer_bytes))
    out += _field(8, _field(1, "") + _field(2, 17))  # opset_import: default domain, opset 17
    for key, value in (metadata_props or {}).items():
        out += _field(14, _field(1, key) + _field(2, value))
    return out


def write_onnx(
    path: Path, metadata_props: Mapping[str, str] | None = None, **fields: object
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(onnx_bytes(metadata_props, **fields))  # type: ignore[arg-type]
    return path
