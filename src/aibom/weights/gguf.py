"""Read the key-value metadata of a GGUF file, bounded, skipping the tokenizer's large arrays.

Layout (ggml-org/ggml docs/gguf.md, "File Structure"): magic ``GGUF``, version u32, tensor_count
u64, metadata_kv_count u64, then that many (key, value type u32, value) triples. Strings are a u64
byte length and the bytes. Version 3 files may be big-endian throughout; the spec gives no flag for
it, so a byte-swapped version number is what gives it away.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from aibom.core.safeio import open_buffered

MAGIC = b"GGUF"
HEADER_CAP = 64 * 1024 * 1024  # tokenizer vocabularies make headers of tens of MiB
MAX_KEY_BYTES = 65535  # the spec's limit for a key
MAX_KV_COUNT = 1 << 16
MAX_TENSOR_COUNT = 1 << 24
MAX_VALUE_CHARS = 1024  # longer kept strings are cut: a description, never a vocabulary
SHORT_ARRAY = 64  # arrays up to this length (general.tags, general.languages) are kept
MAX_DEPTH = 4  # nested arrays are legal; deeper nesting than this is not seen in practice
_CHUNK = 1 << 20
_SUPPORTED = (2, 3)  # version 1 used 32-bit counts and lengths, and predates every current tool

# gguf_metadata_value_type: the struct format of each fixed-size type.
_SCALARS = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "B",
    10: "Q",
    11: "q",
    12: "d",
}
_BOOL, _STRING, _ARRAY, _FLOAT32 = 7, 8, 9, 6


class GGUFError(ValueError):
    """The file is not a well-formed GGUF file, or its header exceeds the reader's bounds."""


@dataclass(frozen=True)
class GGUFHeader:
    """The header: format version, tensor count, byte order and the kept metadata as text."""

    version: int
    tensor_count: int
    metadata: dict[str, str]
    big_endian: bool = False


def read_header(path: Path, cap: int = HEADER_CAP) -> GGUFHeader:
    """Read the header of the GGUF file at ``path``; raises GGUFError or OSError."""
    with open_buffered(path) as stream:
        return parse_header(stream, path.stat().st_size, cap)


def parse_header(stream: BinaryIO, file_size: int, cap: int = HEADER_CAP) -> GGUFHeader:
    """Parse the header from ``stream``, reading at most ``cap`` bytes of it."""
    cursor = _Cursor(stream, file_size, cap)
    if cursor.take(4) != MAGIC:
        raise GGUFError("not a GGUF file (bad magic)")
    (version,) = cursor.unpack(struct.Struct("<I"))
    if version not in _SUPPORTED:
        swapped = int.from_bytes(version.to_bytes(4, "little"), "big")
        if swapped not in _SUPPORTED:
            raise GGUFError(f"unsupported GGUF version {version}")
        cursor.order, version = ">", swapped
    tensor_count, kv_count = cursor.unpack(cursor.fmt("QQ"))
    if tensor_count > MAX_TENSOR_COUNT:
        raise GGUFError(f"tensor count {tensor_count} exceeds the cap")
    if kv_count > MAX_KV_COUNT:
        raise GGUFError(f"metadata count {kv_count} exceeds the cap")
    metadata: dict[str, str] = {}
    for _ in range(kv_count):
        key, value = _read_pair(cursor)
        if key is not None and value is not None:
            metadata[key] = value
    return GGUFHeader(version, tensor_count, metadata, cursor.order == ">")


def _read_pair(cursor: _Cursor) -> tuple[str | None, str | None]:
    """One key-value pair; the key is None when it is not text, the value when it is not kept."""
    (size,) = cursor.unpack(cursor.fmt("Q"))
    if size > MAX_KEY_BYTES:
        raise GGUFError(f"key length {size} exceeds the spec's {MAX_KEY_BYTES}")
    raw_key = cursor.take(size)
    (kind,) = cursor.unpack(cursor.fmt("I"))
    try:
        key: str | None = raw_key.decode("ascii")
    except UnicodeDecodeError:
        key = None  # the spec requires ASCII keys; read past the value and drop the pair
    keep = key is not None and _worth_keeping(key)
    return key, _read_value(cursor, kind, keep, 0)


def _worth_keeping(key: str) -> bool:
    # The tokenizer's entries are vocabularies, merges and chat templates: none bears on identity.
    return not key.startswith("tokenizer.") or key == "tokenizer.ggml.model"


def _read_value(cursor: _Cursor, kind: int, keep: bool, depth: int) -> str | None:
    if kind == _ARRAY:
        return _read_array(cursor, keep, depth + 1)
    value = _read_scalar(cursor, kind, keep)
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def _read_scalar(cursor: _Cursor, kind: int, keep: bool) -> str | int | float | bool | None:
    if kind == _STRING:
        raw = cursor.string(MAX_VALUE_CHARS * 4 + 4 if keep else 0)
        return _text(raw) if keep else None
    scalar = _SCALARS.get(kind)
    if scalar is None:
        raise GGUFError(f"unknown metadata value type {kind}")
    (value,) = cursor.unpack(cursor.fmt(scalar))
    if kind == _BOOL:
        if value not in (0, 1):
            raise GGUFError(f"boolean value {value} is neither 0 nor 1")
        return bool(value)
    if kind == _FLOAT32:
        return float(f"{value:.7g}")  # float32 holds ~7 significant digits: 1e-05, not 9.99e-06
    return value


def _read_array(cursor: _Cursor, keep: bool, depth: int) -> str | None:
    if depth > MAX_DEPTH:
        raise GGUFError("arrays nested too deeply")
    kind, count = cursor.unpack(cursor.fmt("IQ"))
    if keep and count <= SHORT_ARRAY and kind != _ARRAY:
        items = [_read_scalar(cursor, kind, True) for _ in range(count)]
        return json.dumps(items, ensure_ascii=False)
    if kind == _STRING:
        cursor.skip_strings(count)
    elif kind == _ARRAY:
        if count * 12 > cursor.remaining:  # each element holds at least a type and a count
            raise cursor.overrun(count * 12, f"array of {count} arrays")
        for _ in range(count):
            _read_value(cursor, _ARRAY, False, depth)
    elif kind in _SCALARS:
        cursor.skip(count * struct.calcsize(_SCALARS[kind]))
    else:
        raise GGUFError(f"unknown array element type {kind}")
    return None


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "\u2026"


class _Cursor:
    """A forward-only reader over the first ``limit`` bytes of a stream, refilled in chunks."""

    def __init__(self, stream: BinaryIO, file_size: int, cap: int) -> None:
        self._stream = stream
        self._file_size = file_size
        self._cap = cap
        self._limit = min(file_size, cap)
        self._buf = b""
        self._pos = 0
        self._base = 0  # stream offset of self._buf[0]
        self.order = "<"

    @property
    def remaining(self) -> int:
        return self._limit - (self._base + self._pos)

    def overrun(self, size: int, what: str = "header") -> GGUFError:
        """The error for ``size`` more bytes than the file, or the cap, leaves."""
        if self._base + self._pos + size > self._file_size:
            return GGUFError(f"file truncated inside the {what}")
        return GGUFError(f"{what} exceeds the {self._cap}-byte read cap")

    def fmt(self, codes: str) -> struct.Struct:
        return _struct(self.order + codes)

    def _need(self, size: int) -> None:
        available = len(self._buf) - self._pos
        if size <= available:
            return
        if size > self.remaining:
            raise self.overrun(size)
        chunk = self._stream.read(max(min(_CHUNK, self.remaining - available), size - available))
        self._base += self._pos
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        if len(self._buf) < size:
            raise GGUFError("file truncated inside the header")

    def take(self, size: int) -> bytes:
        self._need(size)
        data = self._buf[self._pos : self._pos + size]
        self._pos += size
        return data

    def unpack(self, fmt: struct.Struct) -> tuple[int, ...]:
        self._need(fmt.size)
        values: tuple[int, ...] = fmt.unpack_from(self._buf, self._pos)
        self._pos += fmt.size
        return values

    def string(self, keep: int) -> bytes:
        """A string's first ``keep`` bytes; the rest is read past."""
        (size,) = self.unpack(self.fmt("Q"))
        data = self.take(min(size, keep))
        self.skip(size - len(data))
        return data

    def skip(self, size: int) -> None:
        """Move past ``size`` bytes, reading through them (the header cap bounds the cost)."""
        if size > self.remaining:
            raise self.overrun(size)
        available = len(self._buf) - self._pos
        if size <= available:
            self._pos += size
            return
        self._base += len(self._buf) + (size - available)
        self._stream.seek(size - available, 1)
        self._buf, self._pos = b"", 0

    def skip_strings(self, count: int) -> None:
        """Move past ``count`` strings: the hot loop for vocabularies of 100k+ entries."""
        if count * 8 > self.remaining:
            raise self.overrun(count * 8, f"array of {count} strings")
        length = self.fmt("Q")
        for _ in range(count):
            if self._pos + 8 > len(self._buf):
                self._need(8)
            (size,) = length.unpack_from(self._buf, self._pos)
            end = self._pos + 8 + size
            if end <= len(self._buf):
                self._pos = end
            else:
                self._pos += 8
                self.skip(size)


_STRUCTS: dict[str, struct.Struct] = {}


def _struct(fmt: str) -> struct.Struct:
    found = _STRUCTS.get(fmt)
    if found is None:
        found = _STRUCTS[fmt] = struct.Struct(fmt)
    return found
