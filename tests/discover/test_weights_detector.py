"""The weights detector on real weight files and model-folder configs in a temporary tree."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from aibom.core.model import Confidence, Ecosystem, LocalModel, WeightFile
from aibom.discover.base import Detector, Sink, SourceFile, Tree
from aibom.discover.weights import DETECTOR
from tests.weightfiles import gguf_bytes, vocabulary, write_gguf, write_onnx, write_safetensors

PHI_URL = "https://huggingface.co/microsoft/Phi-3-mini-4k-instruct"


def detect(root: Path, rel: str, data: bytes | None = None) -> Sink:
    """Run the detector on ``rel`` the way the scan does: weight files arrive with no bytes."""
    files = frozenset(
        path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()
    )
    dirs = frozenset(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir())
    tree = Tree(root, files, dirs)
    if data is None:
        data = b"" if not rel.endswith(".json") else (root / rel).read_bytes()
    assert DETECTOR.claims(rel)
    sink = Sink(SourceFile(rel, data, tree), DETECTOR.name)
    DETECTOR.detect(sink)
    return sink


def only(sink: Sink) -> LocalModel:
    assert len(sink.local_models) == 1, sink.local_models
    return sink.local_models[0]


def test_satisfies_the_protocol() -> None:
    detector: Detector = DETECTOR
    assert detector.name == "weights"
    assert detector.trigger is None  # weight files carry no bytes to search


@pytest.mark.parametrize(
    ("path", "claimed"),
    [
        ("models/x/model.safetensors", True),
        ("m/Phi.Q4_K_M.GGUF", True),
        ("a/model.onnx", True),
        ("pytorch_model.bin", True),
        ("ckpt/last.ckpt", True),
        ("clf.pkl", True),
        ("app.llamafile", True),
        ("models/bert/config.json", True),
        ("adapter_config.json", True),
        ("tokenizer_config.json", True),
        ("generation_config.json", True),
        ("tsconfig.json", False),
        ("model_config.json", False),
        ("model.safetensors.index.json", False),
        ("README.md", False),
        ("train.py", False),
    ],
)
def test_claims(path: str, claimed: bool) -> None:
    assert DETECTOR.claims(path) is claimed


def test_lone_safetensors_is_its_own_model(tmp_path: Path) -> None:
    rel = "weights/classifier.safetensors"
    write_safetensors(tmp_path / rel, {"w": ((1, 2), [0.5, 0.5])}, {"format": "pt"})
    assert only(detect(tmp_path, rel)).path == rel


def test_shards_share_their_folder(tmp_path: Path) -> None:
    rel = "ckpt/model-00001-of-00002.safetensors"
    write_safetensors(tmp_path / rel, {"w": ((1, 2), [0.5, 0.5])}, {"format": "pt"})
    assert only(detect(tmp_path, rel)).path == "ckpt"


def test_safetensors_in_a_folder(tmp_path: Path) -> None:
    rel = "models/bot/adapter_model.safetensors"
    (tmp_path / "models/bot").mkdir(parents=True)
    (tmp_path / "models/bot/adapter_config.json").write_text("{}")
    write_safetensors(
        tmp_path / rel,
        {"lora_A.weight": ((2, 4), [0.1] * 8), "lora_B.weight": ((4, 2), [0.0] * 8)},
        {"format": "pt", "license": "apache-2.0"},
    )
    model = only(detect(tmp_path, rel))
    assert model.path == "models/bot"
    assert model.license == "apache-2.0"
    (file,) = model.files
    assert (file.path, file.format, file.size) == (
        rel,
        "safetensors",
        (tmp_path / rel).stat().st_size,
    )
    assert file.metadata == (
        ("format", "pt"),
        ("license", "apache-2.0"),
        ("parameter_count", "16"),
        ("tensor_count", "2"),
    )


def test_file_at_the_root_belongs_to_folder_dot(tmp_path: Path) -> None:
    write_safetensors(tmp_path / "model.safetensors", {"w": ((1,), [1.0])})
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    assert only(detect(tmp_path, "model.safetensors")).path == "."


def test_malformed_safetensors_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "m.safetensors").write_bytes(b"\xff" * 8 + b"{}")
    sink = detect(tmp_path, "m.safetensors")
    assert sink.local_models == []
    assert [s.reason for s in sink.skipped] == [
        f"malformed safetensors header: header length {2**64 - 1} exceeds the 16777216-byte cap"
    ]


def test_gguf_with_base_model(tmp_path: Path) -> None:
    rel = "models/phi-mini.Q4_K_M.gguf"
    kv = {
        "general.architecture": "phi3",
        "general.name": "Phi 3 Mini",
        "general.license": "mit",
        "general.base_model.count": 1,
        "general.base_model.0.name": "Phi 3 Mini 4k Instruct",
        "general.base_model.0.organization": "Microsoft",
        "general.base_model.0.repo_url": PHI_URL,
        "tokenizer.ggml.tokens": vocabulary(5000),
    }
    write_gguf(tmp_path / rel, kv, [("token_embd.weight", (2, 2), [1.0] * 4)])
    sink = detect(tmp_path, rel)
    model = only(sink)
    assert model.path == rel
    assert model.name_or_path == "Phi 3 Mini"
    assert model.architectures == ("phi3",)
    assert model.license == "mit"
    assert model.base_model == ("microsoft/Phi-3-mini-4k-instruct",)
    meta = dict(model.files[0].metadata)
    assert meta["tensor_count"] == "1"
    assert meta["general.base_model.0.repo_url"] == PHI_URL
    assert not any(key.startswith("tokenizer.ggml.tokens") for key in meta)
    (ref,) = sink.refs
    assert (ref.name, ref.ecosystem) == ("microsoft/Phi-3-mini-4k-instruct", Ecosystem.HUGGINGFACE)
    assert (ref.evidence.path, ref.evidence.detector, ref.evidence.line) == (rel, "weights", 1)
    assert ref.evidence.snippet == f"general.base_model.0.repo_url = {PHI_URL}"


def test_gguf_base_from_organization_and_name(tmp_path: Path) -> None:
    kv = {
        "general.base_model.0.organization": "Qwen",
        "general.base_model.0.name": "Qwen2.5-7B",
        "general.base_model.1.organization": "Meta Llama",  # a display name, not an id
        "general.base_model.1.name": "Llama 3.1 8B",
    }
    write_gguf(tmp_path / "m.gguf", kv)
    sink = detect(tmp_path, "m.gguf")
    assert only(sink).base_model == ("Qwen/Qwen2.5-7B",)
    assert [ref.name for ref in sink.refs] == ["Qwen/Qwen2.5-7B"]


def test_gguf_source_repository(tmp_path: Path) -> None:
    kv = {
        "general.name": "llama",
        "general.source.huggingface.repository": "TinyLlama/TinyLlama-1.1B",
    }
    write_gguf(tmp_path / "tiny.gguf", kv)
    sink = detect(tmp_path, "tiny.gguf")
    assert only(sink).base_model == ("TinyLlama/TinyLlama-1.1B",)
    assert [ref.name for ref in sink.refs] == ["TinyLlama/TinyLlama-1.1B"]


def test_gguf_own_repo_url_is_a_reference(tmp_path: Path) -> None:
    kv = {"general.repo_url": "https://huggingface.co/bartowski/Phi-3-GGUF", "general.url": "x"}
    write_gguf(tmp_path / "p.gguf", kv)
    sink = detect(tmp_path, "p.gguf")
    assert only(sink).base_model == ()
    assert [ref.name for ref in sink.refs] == ["bartowski/Phi-3-GGUF"]


def test_gguf_shards_share_one_path(tmp_path: Path) -> None:
    first = "models/Llama-3-8B-Q8_0-00001-of-00002.gguf"
    second = "models/Llama-3-8B-Q8_0-00002-of-00002.gguf"
    write_gguf(tmp_path / first, {"general.name": "Llama 3 8B", "split.no": 0, "split.count": 2})
    write_gguf(tmp_path / second, {"split.no": 1, "split.count": 2})
    one, two = only(detect(tmp_path, first)), only(detect(tmp_path, second))
    assert one.path == two.path == "models/Llama-3-8B-Q8_0.gguf"
    assert [file.path for file in (*one.files, *two.files)] == [first, second]
    assert one.name_or_path == "Llama 3 8B"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"GGML" + b"\0" * 20, "malformed gguf header: not a GGUF file (bad magic)"),
        (
            b"GGUF\x03\x00\x00\x00" + b"\0" * 8 + b"\xff" * 8,
            "malformed gguf header: metadata count",
        ),
        (gguf_bytes({"general.name": "X"}, alignment=1)[:-1], "malformed gguf header: file trunc"),
    ],
)
def test_malformed_gguf_is_skipped(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.gguf").write_bytes(content)
    sink = detect(tmp_path, "bad.gguf")
    assert sink.local_models == []
    assert len(sink.skipped) == 1
    assert sink.skipped[0].reason.startswith(reason)


def test_onnx(tmp_path: Path) -> None:
    write_onnx(tmp_path / "m/model.onnx", {"license": "mit"}, initializer_bytes=65536)
    model = only(detect(tmp_path, "m/model.onnx"))
    assert model.path == "m/model.onnx"  # nothing beside it makes "m" a model folder
    assert model.license == "mit"
    assert dict(model.files[0].metadata) == {
        "ir_version": "9",
        "license": "mit",
        "model_version": "1",
        "producer_name": "pytorch",
        "producer_version": "2.3.0",
    }


def test_pickle_is_never_loaded(tmp_path: Path) -> None:
    marker = tmp_path / "unpickled"
    # Loading this would call os.mkdir(marker): the detector must only name the file.
    payload = b"cos\nmkdir\n(V" + str(marker).encode() + b"\ntR."
    for name in ("clf.pkl", "model.pt", "last.ckpt"):
        (tmp_path / name).write_bytes(payload)
    formats = [
        only(detect(tmp_path, name)).files[0].format
        for name in ("clf.pkl", "model.pt", "last.ckpt")
    ]
    assert formats == ["pickle", "pytorch", "checkpoint"]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        (b"PK\x03\x04" + b"\0" * 60, "pytorch"),  # torch.save's zip container
        (pickle.dumps({"w": [1.0]}, protocol=2), "pytorch"),  # a legacy torch.save pickle
        (b"tjgg\x03\x00\x00\x00" + b"\0" * 32, "ggml"),
        (b"\x00\x01\x02firmware", None),
        (b"", None),
    ],
)
def test_bin_files_by_magic(tmp_path: Path, content: bytes, fmt: str | None) -> None:
    (tmp_path / "pytorch_model.bin").write_bytes(content)
    sink = detect(tmp_path, "pytorch_model.bin")
    assert [model.files[0].format for model in sink.local_models] == ([fmt] if fmt else [])
    assert sink.skipped == []


def test_other_formats_are_named_by_suffix(tmp_path: Path) -> None:
    for name in ("m.h5", "m.keras", "m.tflite", "m.nemo", "flax_model.msgpack", "m.mlmodel"):
        (tmp_path / name).write_bytes(b"\0" * 16)
    got = {
        name: only(detect(tmp_path, name)).files[0].format
        for name in ("m.h5", "m.keras", "m.tflite", "m.nemo", "flax_model.msgpack", "m.mlmodel")
    }
    assert got == {
        "m.h5": "keras-h5",
        "m.keras": "keras",
        "m.tflite": "tflite",
        "m.nemo": "nemo",
        "flax_model.msgpack": "flax",
        "m.mlmodel": "coreml",
    }


def test_llamafile_stands_alone(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin/mistral.llamafile").write_bytes(b"MZqFpD='\n" + b"\0" * 64)
    model = only(detect(tmp_path, "bin/mistral.llamafile"))
    assert model.path == "bin/mistral.llamafile"
    assert model.files == (WeightFile("bin/mistral.llamafile", 73, "llamafile"),)


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    tree = Tree(tmp_path, frozenset({"gone.safetensors"}), frozenset())
    sink = Sink(SourceFile("gone.safetensors", b"", tree), DETECTOR.name)
    DETECTOR.detect(sink)
    assert sink.local_models == []
    assert [s.reason for s in sink.skipped] == ["unreadable weight file: No such file or directory"]


CONFIG = """{
  "_name_or_path": "meta-llama/Llama-3.1-8B-Instruct",
  "architectures": [
    "LlamaForCausalLM"
  ],
  "model_type": "llama",
  "torch_dtype": "bfloat16",
  "quantization_config": {"quant_method": "awq", "bits": 4},
  "transformers_version": "4.44.0"
}
"""


def test_model_config(tmp_path: Path) -> None:
    (tmp_path / "models/llama").mkdir(parents=True)
    (tmp_path / "models/llama/config.json").write_text(CONFIG)
    sink = detect(tmp_path, "models/llama/config.json")
    model = only(sink)
    assert model.path == "models/llama"
    assert model.name_or_path == "meta-llama/Llama-3.1-8B-Instruct"
    assert model.architectures == ("LlamaForCausalLM",)
    assert model.base_model == ()
    assert model.files[0].format == "config"
    assert dict(model.files[0].metadata) == {
        "model_type": "llama",
        "quantization_config.quant_method": "awq",
        "torch_dtype": "bfloat16",
        "transformers_version": "4.44.0",
    }
    (ref,) = sink.refs
    assert ref.name == "meta-llama/Llama-3.1-8B-Instruct"
    assert (ref.evidence.line, ref.evidence.column) == (2, 20)
    assert ref.evidence.confidence is Confidence.MEDIUM
    assert ref.evidence.snippet == '"_name_or_path": "meta-llama/Llama-3.1-8B-Instruct",'


@pytest.mark.parametrize("name", ["/home/me/checkpoints/run-3", "./out", "checkpoint-500", ""])
def test_config_local_name_is_no_reference(tmp_path: Path, name: str) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"_name_or_path": name, "model_type": "bert"}))
    sink = detect(tmp_path, "config.json")
    assert only(sink).name_or_path == (name or None)
    assert sink.refs == []
    assert sink.unresolved == []


def test_other_tools_config_json_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"compilerOptions": {"strict": true}, "model": "x"}')
    sink = detect(tmp_path, "config.json")
    assert sink.local_models == []
    assert sink.skipped == []
    assert sink.refs == []


def test_malformed_model_config_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "llama", ')
    sink = detect(tmp_path, "config.json")
    assert sink.local_models == []
    assert [s.reason for s in sink.skipped] == ["malformed config.json: not UTF-8 JSON"]


def test_config_that_is_not_an_object(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('["model_type": 1]'.replace(":", ","))
    sink = detect(tmp_path, "config.json")
    assert sink.local_models == []
    assert sink.skipped == []


ADAPTER = """{
  "base_model_name_or_path": "meta-llama/Llama-3.1-8B-Instruct",
  "peft_type": "LORA",
  "task_type": "CAUSAL_LM",
  "r": 16,
  "lora_alpha": 32,
  "target_modules": ["q_proj", "v_proj"]
}
"""


def test_adapter_config(tmp_path: Path) -> None:
    (tmp_path / "lora").mkdir()
    (tmp_path / "lora/adapter_config.json").write_text(ADAPTER)
    sink = detect(tmp_path, "lora/adapter_config.json")
    model = only(sink)
    assert (model.path, model.base_model) == ("lora", ("meta-llama/Llama-3.1-8B-Instruct",))
    assert dict(model.files[0].metadata) == {
        "lora_alpha": "32",
        "peft_type": "LORA",
        "r": "16",
        "task_type": "CAUSAL_LM",
    }
    (ref,) = sink.refs
    assert ref.name == "meta-llama/Llama-3.1-8B-Instruct"
    assert (ref.evidence.line, ref.evidence.confidence) == (2, Confidence.HIGH)


def test_adapter_on_a_base_in_the_tree(tmp_path: Path) -> None:
    write_safetensors(tmp_path / "models/base/model.safetensors", {"w": ((1,), [0.0])})
    (tmp_path / "models/lora").mkdir()
    config = {"base_model_name_or_path": "../base", "peft_type": "LORA"}
    (tmp_path / "models/lora/adapter_config.json").write_text(json.dumps(config))
    sink = detect(tmp_path, "models/lora/adapter_config.json")
    assert only(sink).base_model == ("models/base",)
    assert [(ref.name, ref.ecosystem) for ref in sink.refs] == [
        ("models/base", Ecosystem.LOCAL_FILE)
    ]


def test_adapter_on_an_absolute_path_records_nothing_unresolved(tmp_path: Path) -> None:
    config = {"base_model_name_or_path": "/data/llama-8b", "peft_type": "LORA"}
    (tmp_path / "adapter_config.json").write_text(json.dumps(config))
    sink = detect(tmp_path, "adapter_config.json")
    assert only(sink).base_model == ()
    assert sink.refs == []
    assert sink.unresolved == []


@pytest.mark.parametrize("name", ["tokenizer_config.json", "generation_config.json"])
def test_folder_configs_mark_a_model_folder(tmp_path: Path, name: str) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / name).write_text('{"anything": 1}')
    model = only(detect(tmp_path, f"m/{name}"))
    assert model.path == "m"
    assert model.files == (WeightFile(f"m/{name}", 15, "config"),)


def test_config_handed_over_without_bytes_is_read_here(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(CONFIG)
    sink = detect(tmp_path, "config.json", data=b"")
    assert only(sink).architectures == ("LlamaForCausalLM",)
    assert [(ref.name, ref.evidence.line) for ref in sink.refs] == [
        ("meta-llama/Llama-3.1-8B-Instruct", 2)
    ]


def test_a_fifo_named_like_weights_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "model.safetensors")
    sink = detect(tmp_path, "model.safetensors")
    assert sink.local_models == []
    assert [s.reason for s in sink.skipped] == ["not a regular file"]


@pytest.mark.parametrize(
    "path",
    ["for-tests-ggml-base.bin", "fixtures/model.safetensors", "testdata/clf.onnx", "dummy.gguf"],
)
def test_test_fixtures_are_not_models(tmp_path: Path, path: str) -> None:
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_bytes(b"tjgg\x03\x00\x00\x00" + b"\0" * 32)
    assert detect(tmp_path, path).local_models == []


def test_a_model_named_like_a_word_with_test_in_it_is_kept(tmp_path: Path) -> None:
    (tmp_path / "contest-winner.bin").write_bytes(b"tjgg\x03\x00\x00\x00" + b"\0" * 32)
    assert [m.path for m in detect(tmp_path, "contest-winner.bin").local_models] == [
        "contest-winner.bin"
    ]
