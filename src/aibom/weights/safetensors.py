"""Read a safetensors header (metadata, tensor count, parameter count) without touching the data."""

from __future__ import annotations

import json
import math
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from aibom.core.safeio import open_buffered

# The format: an 8-byte little-endian u64 N, then N bytes of UTF-8 JSON beginning with "{"
# (https://github.com/huggingface/safetensors, "Format"). The reference loader refuses headers
# above 100 MB; real headers are a few hundred KiB, so a far smaller cap still reads them all.
HEADER_CAP = 16 * 1024 * 1024
_LENGTH = struct.Struct("<Q")


MAX_RANK = 64  # dimensions of one tensor; real models use at most a handful
MAX_ELEMENTS = 1 << 62  # elements in all: far beyond any model, far below a 4,300-digit integer


class SafetensorsError(ValueError):
    """The file is not a well-formed safetensors file."""


@dataclass(frozen=True)
class SafetensorsHeader:
    """What the header says: the free-form ``__metadata__`` map and the tensors' shapes, summed."""

    metadata: dict[str, str]
    tensor_count: int
    parameter_count: int
    header_size: int


def read_header(path: Path, cap: int = HEADER_CAP) -> SafetensorsHeader:
    """Read the header of the safetensors file at ``path``; raises SafetensorsError or OSError."""
    with open_buffered(path) as stream:
        return parse_header(stream, os.fstat(stream.fileno()).st_size, cap)


def parse_header(stream: BinaryIO, file_size: int, cap: int = HEADER_CAP) -> SafetensorsHeader:
    """Parse the header from ``stream``, positioned at the start of a ``file_size``-byte file."""
    prefix = stream.read(_LENGTH.size)
    if len(prefix) < _LENGTH.size:
        raise SafetensorsError("file shorter than the 8-byte header length")
    (size,) = _LENGTH.unpack(prefix)
    if size > cap:
        raise SafetensorsError(f"header length {size} exceeds the {cap}-byte cap")
    if size > file_size - _LENGTH.size:
        raise SafetensorsError(f"header length {size} runs past the end of the file")
    raw = stream.read(size)
    if len(raw) < size:
        raise SafetensorsError("file truncated inside the header")
    if not raw.startswith(b"{"):
        raise SafetensorsError("header does not begin with '{'")
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SafetensorsError(f"header is not UTF-8 JSON ({type(exc).__name__})") from None
    if not isinstance(header, dict):
        raise SafetensorsError("header is not a JSON object")
    metadata = _metadata(header.pop("__metadata__", {}))
    return SafetensorsHeader(metadata, len(header), _parameters(header), size)


def _metadata(value: object) -> dict[str, str]:
    # The reference implementation types __metadata__ as HashMap<String, String>.
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SafetensorsError("__metadata__ is not a map of strings")
    return {str(key): item for key, item in value.items()}


def _parameters(tensors: dict[str, object]) -> int:
    """The number of elements of all tensors; SafetensorsError past what any file could hold."""
    total = 0
    for name, info in tensors.items():
        shape = info.get("shape") if isinstance(info, dict) else None
        if not isinstance(shape, list) or not all(
            isinstance(dim, int) and not isinstance(dim, bool) and dim >= 0 for dim in shape
        ):
            raise SafetensorsError(f"tensor {name[:80]!r} has no valid shape")
        if len(shape) > MAX_RANK or any(dim > MAX_ELEMENTS for dim in shape):
            raise SafetensorsError(f"tensor {name[:80]!r} has an implausible shape")
        total += math.prod(shape)
        if total > MAX_ELEMENTS:  # a product of huge dimensions: no file holds that many
            raise SafetensorsError(f"more than {MAX_ELEMENTS} parameters")
    return total
