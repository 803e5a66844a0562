"""Write the tiny but real safetensors and GGUF files the corpus cases hold (run by hand).

Usage: ``python tests/corpus/make_weights.py``. The output is deterministic, so running it again
leaves the checked-in files byte-identical.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"

# GGUF value types (ggml/docs/gguf.md, "gguf_metadata_value_type").
GGUF_UINT32 = 4
GGUF_FLOAT32 = 6
GGUF_STRING = 8
GGUF_ALIGNMENT = 32
GGML_TYPE_F32 = 0

GgufValue = str | int | float


@dataclass(frozen=True)
class Tensor:
    """A small float32 tensor: its name, shape and values (row-major)."""

    name: str
    shape: tuple[int, ...]
    values: tuple[float, ...]

    def data(self) -> bytes:
        return struct.pack(f"<{len(self.values)}f", *self.values)


def _ramp(name: str, *shape: int) -> Tensor:
    count = 1
    for dim in shape:
        count *= dim
    return Tensor(name, shape, tuple(round(0.125 * (i + 1), 3) for i in range(count)))


def safetensors_bytes(metadata: dict[str, str], tensors: list[Tensor]) -> bytes:
    """safetensors: u64 LE header size, JSON header (padded with spaces to 8 bytes), raw data."""
    header: dict[str, object] = {"__metadata__": metadata}
    offset = 0
    for tensor in tensors:
        size = 4 * len(tensor.values)
        header[tensor.name] = {
            "dtype": "F32",
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + size],
        }
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"".join(t.data() for t in tensors)


def _gguf_string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def _gguf_value(value: GgufValue) -> bytes:
    if isinstance(value, str):
        return struct.pack("<I", GGUF_STRING) + _gguf_string(value)
    if isinstance(value, int):
        return struct.pack("<II", GGUF_UINT32, value)
    return struct.pack("<If", GGUF_FLOAT32, value)


def gguf_bytes(kvs: dict[str, GgufValue], tensors: list[Tensor]) -> bytes:
    """GGUF v3: magic, version, tensor and kv counts, kvs, tensor infos, aligned tensor data."""
    out = bytearray(b"GGUF")
    out += struct.pack("<IQQ", 3, len(tensors), len(kvs))
    for key, value in kvs.items():
        out += _gguf_string(key) + _gguf_value(value)
    offset = 0
    blobs: list[bytes] = []
    for tensor in tensors:
        # Dimensions are listed fastest-varying first (ggml ne[] order).
        out += _gguf_string(tensor.name) + struct.pack("<I", len(tensor.shape))
        out += b"".join(struct.pack("<Q", dim) for dim in reversed(tensor.shape))
        out += struct.pack("<IQ", GGML_TYPE_F32, offset)
        blob = tensor.data() + b"\0" * (-len(tensor.data()) % GGUF_ALIGNMENT)
        blobs.append(blob)
        offset += len(blob)
    out += b"\0" * (-len(out) % GGUF_ALIGNMENT)
    return bytes(out) + b"".join(blobs)


def _llm_gguf(
    arch: str, name: str, license_id: str, extra: dict[str, GgufValue] | None = None
) -> bytes:
    kvs: dict[str, GgufValue] = {
        "general.architecture": arch,
        "general.name": name,
        "general.license": license_id,
        "general.file_type": 15,  # MOSTLY_Q4_K_M, as the file names say
        "general.alignment": GGUF_ALIGNMENT,
    }
    kvs.update(extra or {})
    return gguf_bytes(kvs, [_ramp("token_embd.weight", 2, 4)])


def _lora_tensors(prefix: str, a: str, b: str) -> list[Tensor]:
    return [_ramp(f"{prefix}.{a}", 2, 4), _ramp(f"{prefix}.{b}", 4, 2)]


FILES: dict[str, bytes] = {
    "py-llama-cpp-local-gguf/models/phi-3-mini-4k-instruct-q4.gguf": _llm_gguf(
        "phi3", "Phi 3 Mini 4k Instruct", "mit"
    ),
    "sh-llama-cpp/models/qwen2.5-0.5b-instruct-q4_k_m.gguf": _llm_gguf(
        "qwen2", "Qwen2.5 0.5B Instruct", "apache-2.0"
    ),
    "modelfile-local-gguf-adapter/models/tinyllama-1.1b-chat.Q4_K_M.gguf": _llm_gguf(
        "llama", "TinyLlama 1.1B Chat v1.0", "apache-2.0"
    ),
    "modelfile-local-gguf-adapter/adapters/support-lora.gguf": gguf_bytes(
        {
            "general.architecture": "llama",
            "general.type": "adapter",
            "adapter.type": "lora",
            "adapter.lora.alpha": 16.0,
            "general.alignment": GGUF_ALIGNMENT,
        },
        _lora_tensors("blk.0.attn_q.weight", "lora_a", "lora_b"),
    ),
    "weights-gguf-base-model/models/support-q4.gguf": _llm_gguf(
        "qwen2",
        "Support Bot Q4",
        "apache-2.0",
        {
            "general.base_model.count": 1,
            "general.base_model.0.name": "Qwen2.5 1.5B Instruct",
            "general.base_model.0.organization": "Qwen",
            "general.base_model.0.repo_url": "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct",
        },
    ),
    "card-local-folder/models/support-bot/model.safetensors": safetensors_bytes(
        {"format": "pt"}, [_ramp("model.embed_tokens.weight", 2, 4), _ramp("lm_head.weight", 2, 4)]
    ),
    "card-base-model-list/models/merged-7b/model.safetensors": safetensors_bytes(
        {"format": "pt", "mergekit_version": "0.0.5"}, [_ramp("model.embed_tokens.weight", 2, 4)]
    ),
    "weights-config-name-or-path/checkpoints/sentiment-v2/model.safetensors": safetensors_bytes(
        {"format": "pt"},
        [_ramp("classifier.out_proj.weight", 2, 4), _ramp("classifier.out_proj.bias", 2)],
    ),
    "weights-config-local-name-or-path/models/intent-clf/model.safetensors": safetensors_bytes(
        {"format": "pt"}, [_ramp("classifier.weight", 3, 4), _ramp("classifier.bias", 3)]
    ),
    "weights-adapter-config/adapters/support-lora/adapter_model.safetensors": safetensors_bytes(
        {"format": "pt"},
        _lora_tensors(
            "base_model.model.model.layers.0.self_attn.q_proj", "lora_A.weight", "lora_B.weight"
        ),
    ),
    "weights-lone-safetensors/weights/classifier.safetensors": safetensors_bytes(
        {"format": "pt"}, [_ramp("weight", 2, 2), _ramp("bias", 2)]
    ),
}


def main() -> None:
    for relative, data in FILES.items():
        path = CASES / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{relative}: {len(data)} bytes")


if __name__ == "__main__":
    main()
