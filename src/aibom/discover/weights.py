"""Local weight files and model-folder configs: what they are, their names, what they derive from.

Weight files arrive with empty data (the walk never reads whole weights); this detector opens the
file itself and reads only its header, within the readers' bounds. Pickle-based formats are named
by their suffix and never opened beyond a few magic bytes.
"""

from __future__ import annotations

import json
import posixpath
import re
import stat
from collections.abc import Mapping
from pathlib import Path

from aibom.core.ids import Slot, hf_id, is_placeholder
from aibom.core.model import Confidence, Evidence, LocalModel, WeightFile
from aibom.core.modelnames import LEGACY_HF_NAMES
from aibom.core.safeio import open_regular, read_up_to
from aibom.discover.base import Sink, line_col
from aibom.weights import gguf, onnx, safetensors

NAME = "weights"
FORMATS = {
    ".safetensors": "safetensors",
    ".gguf": "gguf",
    ".llamafile": "llamafile",
    ".onnx": "onnx",
    ".bin": "pytorch",
    ".pt": "pytorch",
    ".pth": "pytorch",
    ".ckpt": "checkpoint",
    ".pkl": "pickle",
    ".h5": "keras-h5",
    ".keras": "keras",
    ".tflite": "tflite",
    ".nemo": "nemo",
    ".msgpack": "flax",
    ".mlmodel": "coreml",
}
CONFIGS = frozenset(
    {"config.json", "adapter_config.json", "generation_config.json", "tokenizer_config.json"}
)
MAX_ENTRIES = 128  # metadata pairs kept per file
MAX_VALUE = 512
MAX_BASES = 16
_CONFIG_CAP = 4 * 1024 * 1024
# A config.json that names none of these is some other tool's config, not a model's.
_MODEL_KEYS = re.compile(rb'"(?:architectures|model_type|_name_or_path|_class_name)"\s*:')
_SHARD = re.compile(r"-\d{5}-of-\d{5}(?=\.gguf$)", re.IGNORECASE)
_ANY_SHARD = re.compile(r"-\d{5}-of-\d{5}\.\w+$")
# Magic bytes of the .bin files worth recording: a torch.save zip, a pickle (protocol 2+), GGML.
_BIN_MAGIC = {b"PK\x03\x04": "pytorch", b"lmgg": "ggml", b"fmgg": "ggml", b"tjgg": "ggml"}
_CONFIG_KEYS = (
    "model_type",
    "torch_dtype",
    "dtype",
    "transformers_version",
    "_class_name",
    "_diffusers_version",
)
_ADAPTER_KEYS = ("peft_type", "task_type", "r", "lora_alpha")


class WeightsDetector:
    """Claims weight files by suffix and the JSON files that make a folder a model folder."""

    name = NAME
    trigger: re.Pattern[bytes] | None = None  # weight files carry no bytes to search

    def claims(self, path: str) -> bool:
        base = posixpath.basename(path)
        return base in CONFIGS or posixpath.splitext(base)[1].lower() in FORMATS

    def detect(self, sink: Sink) -> None:
        base = posixpath.basename(sink.source.path)
        if is_fixture(sink.source.path):
            return  # a stand-in the project's tests load, not a model it ships or runs
        if base in CONFIGS:
            _detect_config(sink, base)
        else:
            _detect_weights(sink, FORMATS[posixpath.splitext(base)[1].lower()])


DETECTOR = WeightsDetector()

# Test fixtures named as such (``for-tests-ggml-base.bin``, ``fixtures/model.onnx``,
# ``dummy.safetensors``): files written for a test suite, not models.
_FIXTURE_NAME = re.compile(r"(?:^|[-_.])(?:for[-_]tests?|fixtures?|dummy|mock|fake)(?:[-_.]|$)")
_FIXTURE_FOLDERS = frozenset({"fixtures", "fixture", "testdata", "test_data", "__fixtures__"})


def is_fixture(path: str) -> bool:
    """Whether a weight file's name or folder marks it as a test fixture."""
    parts = path.lower().split("/")
    return bool(_FIXTURE_NAME.search(parts[-1])) or not _FIXTURE_FOLDERS.isdisjoint(parts[:-1])


def hub_name(value: str) -> str | None:
    """The Hub id ``value`` names (an ``org/name`` id, a Hub URL or a legacy bare name), or None."""
    value = value.strip()
    if value in LEGACY_HF_NAMES:
        return value
    found = None if is_placeholder(value) else hf_id(value)
    return found[0] if found else None


def add_lineage(
    sink: Sink, value: str, evidence: Evidence, revision: str | None = None
) -> str | None:
    """Record a model ``value`` derives from; its name, or None when it is neither a Hub id nor
    a path inside the tree (a config's ``/home/me/ckpt`` says nothing a user can act on)."""
    name = hub_name(value)
    if name is None:
        name = sink.source.tree.locate(value.strip(), sink.source.directory)
        if name is None:
            return None
    return name if sink.add(value, Slot.HF, evidence, revision=revision) else None


def folder(sink: Sink) -> str:
    """The folder a model file sits in, ``.`` for the tree's root."""
    return sink.source.directory or "."


def bounded(items: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Metadata as sorted pairs, with the number of pairs and their lengths capped."""
    pairs = sorted((key[:MAX_VALUE], value[:MAX_VALUE]) for key, value in items.items())
    return tuple(pairs[:MAX_ENTRIES])


def _detect_weights(sink: Sink, fmt: str) -> None:
    full = sink.source.tree.root / sink.source.path
    if not sink.source.tree.holds(sink.source.path):
        sink.skip("not read: a link out of the scanned tree")
        return
    try:
        status = full.stat()
        if not stat.S_ISREG(status.st_mode):  # a FIFO or device would block or never end
            sink.skip("not a regular file")
            return
        size = status.st_size
        match fmt:
            case "safetensors":
                _safetensors(sink, full, size)
            case "gguf":
                _gguf(sink, full, size)
            case "onnx":
                _onnx(sink, full, size)
            case "pytorch" if sink.source.path.lower().endswith(".bin"):
                _bin(sink, full, size)
            case _:
                _record(sink, WeightFile(sink.source.path, size, fmt))
    except OSError as exc:
        sink.skip(f"unreadable weight file: {exc.strerror or type(exc).__name__}")
    except (safetensors.SafetensorsError, gguf.GGUFError, onnx.OnnxError) as exc:
        sink.skip(f"malformed {fmt} header: {exc}")


def _record(
    sink: Sink,
    file: WeightFile,
    *,
    name_or_path: str | None = None,
    architectures: tuple[str, ...] = (),
    license: str | None = None,
    base_model: tuple[str, ...] = (),
) -> None:
    """One partial ``LocalModel``: a GGUF file stands alone (its shards share one path), any
    other file belongs to the model folder it sits in."""
    lone = file.format in ("gguf", "llamafile") or (
        file.format != "config" and not _in_model_folder(sink)
    )
    path = _SHARD.sub("", file.path) if lone else folder(sink)
    sink.local_models.append(
        LocalModel(path, (file,), None, name_or_path, architectures, base_model, license)
    )


# Files whose presence makes a folder a model folder (weights beside them are one model).
_FOLDER_MARKERS = frozenset(
    {
        "config.json",
        "adapter_config.json",
        "model_index.json",
        "params.json",
        "readme.md",
        "model_card.md",
        "tokenizer.json",
        "tokenizer_config.json",
        "generation_config.json",
        "model.safetensors.index.json",
        "pytorch_model.bin.index.json",
        "modules.json",
    }
)


def _in_model_folder(sink: Sink) -> bool:
    """A weight file with a config, card or index beside it, or one shard of several."""
    if _ANY_SHARD.search(sink.source.path):
        return True
    siblings = sink.source.tree.files_in(sink.source.directory)
    return any(posixpath.basename(f).lower() in _FOLDER_MARKERS for f in siblings)


def _safetensors(sink: Sink, full: Path, size: int) -> None:
    header = safetensors.read_header(full)
    meta = dict(header.metadata)
    meta.setdefault("tensor_count", str(header.tensor_count))
    meta.setdefault("parameter_count", str(header.parameter_count))
    license_ = header.metadata.get("license") or header.metadata.get("modelspec.license")
    _record(
        sink,
        WeightFile(sink.source.path, size, "safetensors", bounded(meta)),
        license=license_[:MAX_VALUE] if license_ else None,
    )


def _onnx(sink: Sink, full: Path, size: int) -> None:
    found = onnx.read_metadata(full)
    meta = {**found.metadata_props, **found.fields}
    for key, number in (("ir_version", found.ir_version), ("model_version", found.model_version)):
        if number is not None:
            meta[key] = str(number)
    license_ = found.metadata_props.get("license")
    _record(sink, WeightFile(sink.source.path, size, "onnx", bounded(meta)), license=license_)


def _bin(sink: Sink, full: Path, size: int) -> None:
    with open_regular(full) as stream:
        magic = stream.read(4)
    fmt = _BIN_MAGIC.get(magic)
    if fmt is None and magic[:1] == b"\x80" and magic[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        fmt = "pytorch"  # a legacy torch.save pickle: named, never loaded
    if fmt is not None:  # any other .bin is some other program's data
        _record(sink, WeightFile(sink.source.path, size, fmt))


def _gguf(sink: Sink, full: Path, size: int) -> None:
    header = gguf.read_header(full)
    meta = header.metadata
    bases = _gguf_bases(sink, meta)
    for key in ("general.repo_url", "general.url"):  # the Hub repository the file came from
        if key in meta and hub_name(meta[key]):
            sink.add(meta[key], Slot.HF, _binary_evidence(sink, key, meta[key]))
    pairs = {**meta, "tensor_count": str(header.tensor_count), "gguf_version": str(header.version)}
    architecture = meta.get("general.architecture")
    _record(
        sink,
        WeightFile(sink.source.path, size, "gguf", bounded(pairs)),
        name_or_path=meta.get("general.name"),
        architectures=(architecture,) if architecture else (),
        license=meta.get("general.license"),
        base_model=bases,
    )


def _gguf_bases(sink: Sink, meta: Mapping[str, str]) -> tuple[str, ...]:
    """``general.base_model.N.*`` (gguf.md "Source metadata"), then the conversion source."""
    indices = sorted({int(key.split(".")[2]) for key in meta if _BASE_KEY.match(key)})
    candidates: list[tuple[str, str]] = []
    for index in indices[:MAX_BASES]:
        prefix = f"general.base_model.{index}."
        org, name = meta.get(prefix + "organization"), meta.get(prefix + "name")
        for key in (prefix + "repo_url", prefix + "url"):
            if hub_name(meta.get(key, "")):
                candidates.append((key, meta[key]))
                break
        else:
            if org and name and hub_name(f"{org}/{name}"):
                candidates.append((prefix + "organization", f"{org}/{name}"))
    for key in (
        "general.source.repo_url",
        "general.source.huggingface.repository",
        "general.source.url",
    ):
        if hub_name(meta.get(key, "")):
            candidates.append((key, meta[key]))
    names: list[str] = []
    for key, value in candidates:
        name = add_lineage(sink, value, _binary_evidence(sink, key, value))
        if name and name not in names:
            names.append(name)
    return tuple(names)


_BASE_KEY = re.compile(r"^general\.base_model\.\d{1,6}\.")


def _binary_evidence(sink: Sink, key: str, value: str) -> Evidence:
    # A header has no lines: the evidence names the file and quotes the key.
    return sink.evidence(1, 1, f"{key} = {value}")


def _detect_config(sink: Sink, base: str) -> None:
    full = sink.source.tree.root / sink.source.path
    try:
        size = full.stat().st_size
    except OSError:
        size = len(sink.source.data)
    if base in ("generation_config.json", "tokenizer_config.json"):
        _record(sink, WeightFile(sink.source.path, size, "config"))  # marks a model folder
        return
    data = sink.source.data or _read_start(full, size)
    if base == "config.json" and not _MODEL_KEYS.search(data, 0, _CONFIG_CAP):
        return
    try:
        text = data.decode("utf-8-sig")
        config = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        sink.skip(f"malformed {base}: not UTF-8 JSON")
        return
    if not isinstance(config, dict):
        return
    if base == "adapter_config.json":
        _adapter(sink, config, text, size)
    else:
        _model_config(sink, config, text, size)


def _read_start(full: Path, size: int) -> bytes:
    """A config handed over without its bytes: read it here, bounded."""
    if not 0 < size <= _CONFIG_CAP:
        return b""
    try:
        with open_regular(full) as stream:
            return read_up_to(stream, _CONFIG_CAP)
    except OSError:
        return b""


def _model_config(sink: Sink, config: dict[str, object], text: str, size: int) -> None:
    name = config.get("_name_or_path")
    name = name[:MAX_VALUE] if isinstance(name, str) and name.strip() else None
    if name and hub_name(name):
        sink.add(name, Slot.HF, _json_evidence(sink, text, "_name_or_path", Confidence.MEDIUM))
    architectures = config.get("architectures")
    archs = (
        tuple(a[:MAX_VALUE] for a in architectures[:MAX_BASES] if isinstance(a, str))
        if isinstance(architectures, list)
        else ()
    )
    meta = _scalars(config, _CONFIG_KEYS)
    quant = config.get("quantization_config")
    if isinstance(quant, dict) and isinstance(quant.get("quant_method"), str):
        meta["quantization_config.quant_method"] = quant["quant_method"]
    _record(
        sink,
        WeightFile(sink.source.path, size, "config", bounded(meta)),
        name_or_path=name,
        architectures=archs,
    )


def _adapter(sink: Sink, config: dict[str, object], text: str, size: int) -> None:
    """A PEFT adapter: ``base_model_name_or_path`` is the model it is applied on top of."""
    value = config.get("base_model_name_or_path")
    bases: tuple[str, ...] = ()
    if isinstance(value, str) and value.strip():
        revision = config.get("revision")
        evidence = _json_evidence(sink, text, "base_model_name_or_path")
        found = add_lineage(
            sink, value, evidence, revision if isinstance(revision, str) and revision else None
        )
        bases = (found,) if found else ()
    meta = _scalars(config, _ADAPTER_KEYS)
    _record(sink, WeightFile(sink.source.path, size, "config", bounded(meta)), base_model=bases)


def _scalars(config: Mapping[str, object], keys: tuple[str, ...]) -> dict[str, str]:
    return {
        key: str(config[key])
        for key in keys
        if isinstance(config.get(key), str | int | float) and config[key] != ""
    }


def _json_evidence(
    sink: Sink, text: str, key: str, confidence: Confidence = Confidence.HIGH
) -> Evidence:
    """Where ``"key": "value"`` sits in the JSON text (line 1 when the text does not say)."""
    match = re.search(rf'"{re.escape(key)}"\s*:\s*', text)
    if match is None:
        return sink.evidence(1, 1, key, confidence)
    line, column = line_col(text, match.end())
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return sink.evidence(line, column, text[start : end if end >= 0 else None], confidence)
