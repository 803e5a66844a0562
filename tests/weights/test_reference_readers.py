"""The weight readers agree with the formats' reference readers: gguf-py and safetensors.

Files are written by the reference writers (``gguf.GGUFWriter``, ``safetensors.numpy``) and read
by aibom, and files written by the test writers here are read by the reference readers, so a
mistake shared by aibom's reader and the test writer cannot hide.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import gguf
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safetensors import safe_open
from safetensors.numpy import save_file

from aibom.weights import gguf as ours_gguf
from aibom.weights import safetensors as ours_safetensors
from tests.weightfiles import UINT32, Typed, gguf_bytes, safetensors_bytes


def _text_of(value: object) -> str:
    """A reference reader's value in the text form aibom keeps metadata in."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(float(f"{value:.7g}"))
    if isinstance(value, list):
        return json.dumps([_plain(item) for item in value], ensure_ascii=False)
    return str(value)


def _plain(value: object) -> object:
    return float(f"{value:.7g}") if isinstance(value, float) else value


def _reference_gguf(path: Path) -> dict[str, str]:
    reader = gguf.GGUFReader(path)
    return {
        key: _text_of(field.contents())
        for key, field in reader.fields.items()
        if not key.startswith("GGUF.") and not key.startswith("tokenizer.ggml.tokens")
    }


def _write_reference_gguf(path: Path, endian: gguf.GGUFEndian, values: dict[str, object]) -> None:
    writer = gguf.GGUFWriter(path, "llama", endianess=endian)
    for key, value in values.items():
        if isinstance(value, bool):
            writer.add_bool(key, value)
        elif isinstance(value, int):
            writer.add_uint64(key, value)
        elif isinstance(value, float):
            writer.add_float32(key, value)
        elif isinstance(value, list):
            writer.add_array(key, value)
        else:
            writer.add_string(key, str(value))
    # The writer swaps the tensor's bytes itself for a big-endian file.
    writer.add_tensor("token_embd.weight", np.zeros((2, 3), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


METADATA: dict[str, object] = {
    "general.name": "Tiny Llama 1.1B Chat",
    "general.license": "apache-2.0",
    "general.base_model.0.repo_url": "https://huggingface.co/TinyLlama/TinyLlama-1.1B",
    "general.tags": ["text-generation", "llama"],
    "llama.context_length": 4096,
    "llama.rope.freq_base": 10000.0,
    "general.quantized": True,
    "tokenizer.ggml.model": "llama",
    "tokenizer.ggml.tokens": [f"tok{i}" for i in range(300)],
}


@pytest.mark.parametrize("endian", [gguf.GGUFEndian.LITTLE, gguf.GGUFEndian.BIG])
def test_gguf_written_by_gguf_py_reads_the_same(tmp_path: Path, endian: gguf.GGUFEndian) -> None:
    path = tmp_path / "model.gguf"
    _write_reference_gguf(path, endian, METADATA)
    header = ours_gguf.read_header(path)
    assert header.big_endian is (endian is gguf.GGUFEndian.BIG)
    assert header.tensor_count == 1
    assert header.metadata == _reference_gguf(path)
    assert "tokenizer.ggml.tokens" not in header.metadata  # skipped, as designed


@pytest.mark.parametrize("order", ["<", ">"])
def test_gguf_written_here_reads_the_same_in_gguf_py(tmp_path: Path, order: str) -> None:
    path = tmp_path / "model.gguf"
    kv = {
        "general.architecture": "llama",
        "general.name": "Support Bot",
        "general.file_type": Typed(UINT32, 15),
        "general.tags": ["chat", "support"],
        "general.license": "llama3.1",
    }
    path.write_bytes(gguf_bytes(kv, [("w", (2,), [1.0, 2.0])], order=order))
    assert ours_gguf.read_header(path).metadata == _reference_gguf(path)


def test_byte_swapped_magic_is_refused_by_both(tmp_path: Path) -> None:
    """A big-endian file keeps the magic bytes ``GGUF``; ``FUGG`` is no GGUF file for either."""
    path = tmp_path / "model.gguf"
    _write_reference_gguf(path, gguf.GGUFEndian.LITTLE, {"general.name": "x"})
    path.write_bytes(b"FUGG" + path.read_bytes()[4:])
    with pytest.raises(ValueError, match="magic"):
        gguf.GGUFReader(path)
    with pytest.raises(ours_gguf.GGUFError, match="bad magic"):
        ours_gguf.read_header(path)


_keys = st.from_regex(r"[a-z]{1,8}\.[a-z_]{1,12}", fullmatch=True)
_values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=0, max_value=2**63 - 1),
    st.booleans(),
    st.floats(width=32, allow_nan=False, allow_infinity=False),
    st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=5),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.dictionaries(_keys, _values, max_size=6))
def test_gguf_metadata_of_any_shape_agrees(tmp_path: Path, values: dict[str, object]) -> None:
    values.pop("general.architecture", None)
    path = tmp_path / "model.gguf"
    _write_reference_gguf(path, gguf.GGUFEndian.LITTLE, values)
    mine = ours_gguf.read_header(path).metadata
    reference = _reference_gguf(path)
    for key, text in reference.items():
        if len(text) <= ours_gguf.MAX_VALUE_CHARS:
            assert mine[key] == text, key


def test_safetensors_written_by_the_reference_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    tensors = {
        "embed.weight": np.zeros((4, 3), dtype=np.float32),
        "lm_head.weight": np.ones((3, 4), dtype=np.float16),
        "scale": np.zeros((), dtype=np.float32),
    }
    metadata = {"format": "pt", "license": "mit", "base_model": "gpt2"}
    save_file(tensors, str(path), metadata=metadata)
    header = ours_safetensors.read_header(path)
    with safe_open(str(path), framework="numpy") as reference:
        assert header.metadata == reference.metadata()
        keys = list(reference.keys())
        assert header.tensor_count == len(keys)
        shapes = [reference.get_slice(key).get_shape() for key in keys]
    assert header.parameter_count == sum(math.prod(shape) for shape in shapes)


def test_safetensors_written_here_reads_in_the_reference(tmp_path: Path) -> None:
    path = tmp_path / "adapter_model.safetensors"
    path.write_bytes(
        safetensors_bytes({"a": ((2, 2), [1.0, 2.0, 3.0, 4.0])}, {"format": "pt", "peft": "lora"})
    )
    with safe_open(str(path), framework="numpy") as reference:
        assert reference.metadata() == ours_safetensors.read_header(path).metadata
        assert reference.get_tensor("a").tolist() == [[1.0, 2.0], [3.0, 4.0]]
