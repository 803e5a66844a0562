"""Hugging Face model cards: the YAML front matter of a README that declares license and lineage.

The card metadata keys are those of the Hub's model card specification (huggingface_hub
``ModelCardData``: license, license_name, license_link, base_model, base_model_relation, datasets,
pipeline_tag, library_name, model-index).
"""

from __future__ import annotations

import posixpath
import re

import yaml

from aibom.core import yamlsafe
from aibom.core.frontmatter import FRONT_MATTER_CAP, front_matter
from aibom.core.model import LocalModel, ModelCard
from aibom.discover.base import Sink
from aibom.discover.weights import add_lineage, folder

NAME = "model-card"
CARD_NAMES = frozenset({"readme.md", "model_card.md", "modelcard.md"})
MAX_ITEMS = 64  # entries read from a list-valued key
MAX_VALUE = 512
_STR_TAG = "tag:yaml.org,2002:str"
# Keys that only a model card carries; ``license`` alone is also on dataset cards and Spaces.
_MODEL_KEYS = frozenset(
    {"base_model", "base_model_relation", "pipeline_tag", "library_name", "model-index"}
)
_LICENSE_KEYS = frozenset({"license", "license_name", "license_link"})
# Keys of a dataset card or a Space's README: with no model key, such front matter is not a card.
_OTHER_CARD_KEYS = frozenset(
    [
        "task_categories",
        "task_ids",
        "size_categories",
        "dataset_info",
        "configs",
        "annotations_creators",
        "language_creators",
        "source_datasets",
        "multilinguality",
        "pretty_name",
        "sdk",
        "sdk_version",
        "app_file",
        "app_port",
        "emoji",
        "colorFrom",
        "colorTo",
    ]
)
_MODEL_TAGS = frozenset(
    [
        "transformers",
        "pytorch",
        "safetensors",
        "gguf",
        "peft",
        "lora",
        "qlora",
        "text-generation",
        "text-generation-inference",
        "sentence-transformers",
        "diffusers",
        "onnx",
        "llama-cpp",
        "mlx",
        "trl",
        "sft",
        "fine-tuned",
        "finetuned",
        "unsloth",
        "adapter",
        "merge",
        "mergekit",
        "gptq",
        "awq",
    ]
)


class CardDetector:
    """Claims README.md and model-card files; parses only those that open with front matter."""

    name = NAME
    trigger: re.Pattern[bytes] | None = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n")

    def claims(self, path: str) -> bool:
        return posixpath.basename(path).lower() in CARD_NAMES

    def detect(self, sink: Sink) -> None:
        text = front_matter(sink.source.data)
        if text is None:
            return
        try:
            node, data = yamlsafe.compose_document(text)
        except yamlsafe.LOAD_ERRORS as exc:
            sink.skip(f"malformed model card front matter: {type(exc).__name__}")
            return
        if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
            return
        if is_model_card(data):
            _record(sink, data, node)


DETECTOR = CardDetector()


def is_model_card(data: dict[object, object]) -> bool:
    """Whether front matter is a model card's, not a blog post's, dataset card's or Space's."""
    keys = {key for key in data if isinstance(key, str)}
    if keys & _MODEL_KEYS:
        return True
    if keys & _OTHER_CARD_KEYS:
        return False
    if keys & _LICENSE_KEYS:
        return True
    tags = _strings(data.get("tags"))
    return any(tag.lower() in _MODEL_TAGS or tag.startswith("base_model:") for tag in tags)


def _record(sink: Sink, data: dict[object, object], node: yaml.MappingNode) -> None:
    bases: list[str] = []
    for value, line, column, snippet in _base_models(sink, node):
        name = add_lineage(sink, value, sink.evidence(line, column, snippet))
        if name and name not in bases:
            bases.append(name)
    card = ModelCard(
        path=sink.source.path,
        license=_string(data.get("license")),
        license_name=_string(data.get("license_name")),
        license_link=_string(data.get("license_link")),
        base_model=tuple(bases),
        base_model_relation=_string(data.get("base_model_relation")),
        datasets=_strings(data.get("datasets")),  # dataset ids: recorded here, never as models
        pipeline_tag=_string(data.get("pipeline_tag")),
        library_name=_string(data.get("library_name")),
        model_name=_model_name(data.get("model-index")),
    )
    sink.local_models.append(
        LocalModel(folder(sink), card=card, license=card.license, base_model=card.base_model)
    )


def _base_models(sink: Sink, node: yaml.MappingNode) -> list[tuple[str, int, int, str]]:
    """Each ``base_model`` entry with its 1-based line and column in the README."""
    lines = sink.source.data[: FRONT_MATTER_CAP + 8].decode("utf-8-sig", "replace").splitlines()
    found: list[tuple[str, int, int, str]] = []
    for key, value in node.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value == "base_model"):
            continue
        items = value.value[:MAX_ITEMS] if isinstance(value, yaml.SequenceNode) else [value]
        for item in items:
            if isinstance(item, yaml.ScalarNode) and item.tag == _STR_TAG and item.value:
                line = item.start_mark.line + 2  # the front matter starts on the README's line 2
                snippet = lines[line - 1] if line <= len(lines) else item.value
                found.append((item.value, line, item.start_mark.column + 1, snippet))
    return found


def _string(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip()[:MAX_VALUE] or None


def _strings(value: object) -> tuple[str, ...]:
    items = value[:MAX_ITEMS] if isinstance(value, list) else [value]
    return tuple(text for item in items if (text := _string(item)))


def _model_name(index: object) -> str | None:
    """``model-index[0].name``: the name the card's evaluation results are filed under."""
    if isinstance(index, list) and index and isinstance(index[0], dict):
        return _string(index[0].get("name"))
    return None
