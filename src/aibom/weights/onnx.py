"""Read an ONNX model's top-level metadata with a minimal protobuf reader that seeks past the graph.

Field numbers are those of ``ModelProto`` and ``StringStringEntryProto`` in onnx/onnx.proto; the
wire format is protobuf's (tag = field << 3 | wire type; varints of at most 10 bytes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from aibom.core.safeio import open_buffered

MAX_FIELDS = 10_000  # top-level fields; a real model has about ten
MAX_PROPS = 256
MAX_ENTRY_BYTES = 64 * 1024  # a metadata_props entry larger than this is read past
MAX_VALUE_CHARS = 1024
_KEEP_BYTES = MAX_VALUE_CHARS * 4 + 4

_IR_VERSION, _PRODUCER_NAME, _PRODUCER_VERSION, _DOMAIN = 1, 2, 3, 4
_MODEL_VERSION, _DOC_STRING, _METADATA_PROPS = 5, 6, 14
_STRINGS = {
    _PRODUCER_NAME: "producer_name",
    _PRODUCER_VERSION: "producer_version",
    _DOMAIN: "domain",
    _DOC_STRING: "doc_string",
}
_VARINT, _I64, _LEN, _I32 = 0, 1, 2, 5


class OnnxError(ValueError):
    """The file is not a well-formed protobuf message, or exceeds the reader's bounds."""


@dataclass(frozen=True)
class OnnxMetadata:
    """The cheap top-level fields of a ``ModelProto``; ``fields`` holds the named string fields."""

    ir_version: int | None = None
    model_version: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    metadata_props: dict[str, str] = field(default_factory=dict)


def read_metadata(path: Path) -> OnnxMetadata:
    """Read the top-level metadata of the ONNX file at ``path``; raises OnnxError or OSError."""
    with open_buffered(path) as stream:
        return parse_metadata(stream, os.fstat(stream.fileno()).st_size)


def parse_metadata(stream: BinaryIO, file_size: int) -> OnnxMetadata:
    """Walk the top-level fields of the message in ``stream``, loading only the small ones."""
    ints: dict[int, int] = {}
    strings: dict[str, str] = {}
    props: dict[str, str] = {}
    for _ in range(MAX_FIELDS):
        if stream.tell() >= file_size:
            return OnnxMetadata(ints.get(_IR_VERSION), ints.get(_MODEL_VERSION), strings, props)
        number, wire = _tag(stream)
        if wire == _VARINT:
            ints[number] = _signed(_varint(stream))
        elif wire == _LEN:
            size = _varint(stream)
            if size > file_size - stream.tell():
                raise OnnxError(f"field {number} runs past the end of the file")
            _length_delimited(stream, number, size, strings, props)
        elif wire in (_I64, _I32):
            _seek(stream, 8 if wire == _I64 else 4, file_size)
        else:
            raise OnnxError(f"field {number} has wire type {wire}, which ONNX never uses")
    raise OnnxError(f"more than {MAX_FIELDS} top-level fields")


def _length_delimited(
    stream: BinaryIO, number: int, size: int, strings: dict[str, str], props: dict[str, str]
) -> None:
    name = _STRINGS.get(number)
    if name is not None:
        keep = min(size, _KEEP_BYTES)
        strings[name] = _text(stream.read(keep))
        stream.seek(size - keep, os.SEEK_CUR)
    elif number == _METADATA_PROPS and size <= MAX_ENTRY_BYTES and len(props) < MAX_PROPS:
        key, value = _entry(stream.read(size))
        if key is not None:
            props[key] = value
    else:
        stream.seek(size, os.SEEK_CUR)  # graph, opset_import, functions: never loaded


def _entry(data: bytes) -> tuple[str | None, str]:
    """A ``StringStringEntryProto``: key = 1, value = 2."""
    parts: dict[int, bytes] = {}
    pos = 0
    while pos < len(data):
        tag, pos = _varint_at(data, pos)
        number, wire = tag >> 3, tag & 7
        if wire == _VARINT:
            _, pos = _varint_at(data, pos)
        elif wire == _LEN:
            size, pos = _varint_at(data, pos)
            if pos + size > len(data):
                raise OnnxError("metadata entry truncated")
            parts[number] = data[pos : pos + size]
            pos += size
        elif wire in (_I64, _I32):
            pos += 8 if wire == _I64 else 4
        else:
            raise OnnxError(f"metadata entry field {number} has wire type {wire}")
    key = parts.get(1)
    return (_text(key) if key is not None else None), _text(parts.get(2, b""))


def _signed(value: int) -> int:
    # int64 fields: a negative value is its 64-bit two's complement (protobuf "Varint").
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def _tag(stream: BinaryIO) -> tuple[int, int]:
    tag = _varint(stream)
    if tag >> 3 == 0:
        raise OnnxError("field number 0 is not valid protobuf")
    return tag >> 3, tag & 7


def _varint(stream: BinaryIO) -> int:
    result = 0
    for shift in range(0, 70, 7):
        byte = stream.read(1)
        if not byte:
            raise OnnxError("file truncated inside a varint")
        result |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return result
    raise OnnxError("varint longer than 10 bytes")


def _varint_at(data: bytes, pos: int) -> tuple[int, int]:
    result = 0
    for shift in range(0, 70, 7):
        if pos >= len(data):
            raise OnnxError("metadata entry truncated inside a varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
    raise OnnxError("varint longer than 10 bytes")


def _seek(stream: BinaryIO, size: int, file_size: int) -> None:
    if stream.tell() + size > file_size:
        raise OnnxError("file truncated inside a fixed-width field")
    stream.seek(size, os.SEEK_CUR)


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "\u2026"
