"""The model-card detector on README front matter of model cards and of things that are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from aibom.core.model import Ecosystem, LocalModel, ModelCard
from aibom.discover.base import Detector, Sink, SourceFile, Tree
from aibom.discover.card import DETECTOR, FRONT_MATTER_CAP


def detect(
    text: str | bytes,
    rel: str = "models/bot/README.md",
    root: Path | None = None,
    dirs: frozenset[str] = frozenset(),
) -> Sink:
    """Run the detector as the scan does: claim, trigger on the raw bytes, then detect."""
    data = text.encode() if isinstance(text, str) else text
    tree = Tree(root or Path("/nonexistent"), frozenset({rel}), dirs)
    sink = Sink(SourceFile(rel, data, tree), DETECTOR.name)
    assert DETECTOR.claims(rel)
    if DETECTOR.trigger is None or DETECTOR.trigger.search(data):
        DETECTOR.detect(sink)
    return sink


def only(sink: Sink) -> LocalModel:
    assert len(sink.local_models) == 1, sink.local_models
    return sink.local_models[0]


LORA_CARD = """---
license: llama3.1
base_model: meta-llama/Llama-3.1-8B-Instruct
library_name: peft
pipeline_tag: text-generation
datasets:
- HuggingFaceH4/ultrachat_200k
tags:
- lora
---

# Support bot

A LoRA adapter. It is not meta-llama/Llama-3.2-1B.
"""


def test_satisfies_the_protocol() -> None:
    detector: Detector = DETECTOR
    assert detector.name == "model-card"


@pytest.mark.parametrize(
    ("path", "claimed"),
    [
        ("README.md", True),
        ("models/x/README.md", True),
        ("a/Readme.md", True),
        ("MODEL_CARD.md", True),
        ("docs/model_card.md", True),
        ("README.rst", False),
        ("docs/guide.md", False),
    ],
)
def test_claims(path: str, claimed: bool) -> None:
    assert DETECTOR.claims(path) is claimed


def test_lora_card_with_base_model_as_a_string() -> None:
    sink = detect(LORA_CARD)
    model = only(sink)
    assert model.path == "models/bot"
    assert model.license == "llama3.1"
    assert model.base_model == ("meta-llama/Llama-3.1-8B-Instruct",)
    assert model.card == ModelCard(
        path="models/bot/README.md",
        license="llama3.1",
        base_model=("meta-llama/Llama-3.1-8B-Instruct",),
        datasets=("HuggingFaceH4/ultrachat_200k",),
        pipeline_tag="text-generation",
        library_name="peft",
    )
    (ref,) = sink.refs  # the dataset and the prose mention are not references
    assert (ref.name, ref.ecosystem) == ("meta-llama/Llama-3.1-8B-Instruct", Ecosystem.HUGGINGFACE)
    assert (ref.evidence.path, ref.evidence.line, ref.evidence.column) == (
        "models/bot/README.md",
        3,
        13,
    )
    assert ref.evidence.snippet == "base_model: meta-llama/Llama-3.1-8B-Instruct"
    assert ref.evidence.detector == "model-card"


def test_base_model_as_a_list_with_lines() -> None:
    card = """---
base_model:
  - Qwen/Qwen2.5-7B-Instruct
  - "mistralai/Mistral-7B-v0.1"
base_model_relation: merge
---
"""
    sink = detect(card)
    model = only(sink)
    assert model.base_model == ("Qwen/Qwen2.5-7B-Instruct", "mistralai/Mistral-7B-v0.1")
    assert model.card is not None
    assert model.card.base_model_relation == "merge"
    assert [(ref.name, ref.evidence.line, ref.evidence.column) for ref in sink.refs] == [
        ("Qwen/Qwen2.5-7B-Instruct", 3, 5),
        ("mistralai/Mistral-7B-v0.1", 4, 5),
    ]


def test_flow_list_and_hub_url() -> None:
    card = "---\nbase_model: [gpt2, 'https://huggingface.co/openai-community/gpt2-xl']\n---\n"
    sink = detect(card)
    assert only(sink).base_model == ("gpt2", "openai-community/gpt2-xl")
    assert {ref.evidence.line for ref in sink.refs} == {2}


def test_license_other_with_name_and_link() -> None:
    card = """---
license: other
license_name: gemma
license_link: https://ai.google.dev/gemma/terms
---
"""
    model = only(detect(card))
    assert model.license == "other"
    assert model.card is not None
    assert (model.card.license_name, model.card.license_link) == (
        "gemma",
        "https://ai.google.dev/gemma/terms",
    )
    assert model.base_model == ()


def test_model_index_name() -> None:
    card = """---
model-index:
- name: bert-finetuned-ner
  results: []
datasets: conll2003
---
"""
    sink = detect(card)
    card_ = only(sink).card
    assert card_ is not None
    assert (card_.model_name, card_.datasets) == ("bert-finetuned-ner", ("conll2003",))
    assert sink.refs == []


def test_model_ish_tags_alone_make_a_card() -> None:
    assert only(detect("---\ntags:\n- gguf\n- base_model:adapter:x/y\n---\n")).card is not None


@pytest.mark.parametrize(
    "front_matter",
    [
        "title: My blog post\ndate: 2024-05-01\ntags: [blog, python]\n",  # a static-site page
        "license: mit\ntask_categories: [text-classification]\nsize_categories: [1K<n<10K]\n",
        "title: Demo\nemoji: 🤗\nsdk: gradio\napp_file: app.py\nlicense: apache-2.0\n",  # a Space
        "datasets: [squad]\n",  # datasets alone say nothing of a model
        "- just\n- a list\n",
        "just a string\n",
        "",
    ],
)
def test_front_matter_that_is_not_a_model_card(front_matter: str) -> None:
    sink = detect(f"---\n{front_matter}---\n# Title\n")
    assert sink.local_models == []
    assert sink.refs == []
    assert sink.skipped == []


@pytest.mark.parametrize(
    "text",
    [
        "# Just a README\n\nlicense: mit\nbase_model: a/b\n",
        "Intro\n---\nbase_model: a/b\n---\n",  # a horizontal rule, not front matter
        "---\nbase_model: a/b\n",  # never closed
        "--- \nbase_model: a/b\n----\n",
    ],
)
def test_no_front_matter(text: str) -> None:
    sink = detect(text)
    assert sink.local_models == []
    assert sink.refs == []
    assert sink.skipped == []


def test_malformed_yaml_is_skipped() -> None:
    sink = detect("---\nlicense: mit\nbase_model: [unclosed\n---\n")
    assert sink.local_models == []
    assert sink.refs == []
    assert [s.reason for s in sink.skipped] == ["malformed model card front matter: ParserError"]


def test_unsafe_tags_are_refused() -> None:
    sink = detect("---\nlicense: !!python/object/apply:os.system ['true']\n---\n")
    assert sink.local_models == []
    assert [s.reason for s in sink.skipped] == [
        "malformed model card front matter: ConstructorError"
    ]


def test_bom_and_crlf() -> None:
    data = b"\xef\xbb\xbf---\r\nlicense: apache-2.0\r\nbase_model: google/gemma-2-2b\r\n---\r\n"
    sink = detect(data)
    assert only(sink).license == "apache-2.0"
    assert [(ref.name, ref.evidence.line) for ref in sink.refs] == [("google/gemma-2-2b", 3)]


def test_non_string_values_are_ignored() -> None:
    sink = detect("---\nlicense: 2\nbase_model: [1, null, {a: b}, '', acme/model-7b]\n---\n")
    model = only(sink)
    assert model.license is None
    assert model.base_model == ("acme/model-7b",)


def test_placeholder_and_local_bases_are_not_references(tmp_path: Path) -> None:
    card = "---\nbase_model:\n- your-org/your-model\n- /data/base\n- ./base\n---\n"
    sink = detect(card, "README.md", root=tmp_path)
    assert only(sink).base_model == ()
    assert sink.refs == []
    assert sink.unresolved == []


def test_root_readme_of_a_cloned_model_repo() -> None:
    model = only(detect(LORA_CARD, "README.md"))
    assert model.path == "."


def test_front_matter_beyond_the_cap_is_not_read() -> None:
    filler = "# " + "x" * 70 + "\n"
    body = filler * (FRONT_MATTER_CAP // len(filler) + 1)
    sink = detect(f"---\nlicense: mit\n{body}---\n")
    assert sink.local_models == []
    assert sink.skipped == []


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    sink = detect("---\nlicense: mit\n" + "\n".join(lines) + "\ntags: *a29\n---\n")
    assert sink.local_models == []
    assert [s.reason for s in sink.skipped] == ["malformed model card front matter: AliasError"]


def test_ordinary_anchors_are_read() -> None:
    sink = detect("---\nlicense: &l mit\ntags: [*l, *l]\nbase_model: gpt2\n---\n")
    assert only(sink).license == "mit"


def test_numbers_and_nulls_in_base_model_are_not_names() -> None:
    # "7" is a folder of the tree: a number taken as a path would name it.
    sink = detect("---\nbase_model: [7, ~, true]\n---\n", "README.md", dirs=frozenset({"7"}))
    assert only(sink).base_model == ()
    assert sink.refs == []
