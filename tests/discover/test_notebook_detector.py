"""Notebooks: code cells as one module, shell lines through the shell parser, real file lines."""

from __future__ import annotations

import json
from collections.abc import Callable

from aibom.discover.base import Detector, Sink
from aibom.discover.notebook import DETECTOR
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]


def notebook(*cells: tuple[str, list[str]]) -> str:
    body = [
        {
            "cell_type": kind,
            "metadata": {},
            "source": source,
            **({"outputs": [], "execution_count": None} if kind == "code" else {}),
        }
        for kind, source in cells
    ]
    return json.dumps({"cells": body, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_constants_flow_across_cells_and_lines_are_file_lines(detect: Detect) -> None:
    text = notebook(
        ("markdown", ["We use `org6/in-markdown` here.\n"]),
        ("code", ['MODEL = "Qwen/Qwen2.5-0.5B-Instruct"\n']),
        ("code", ["%pip install transformers\n", "tok = AutoTokenizer.from_pretrained(MODEL)\n"]),
        ("code", ["!huggingface-cli download TheBloke/Mistral-7B-v0.1-GGUF\n"]),
    )
    sink = detect(DETECTOR, "nb.ipynb", text)
    assert names(sink.refs) == {
        "huggingface:Qwen/Qwen2.5-0.5B-Instruct",
        "huggingface:TheBloke/Mistral-7B-v0.1-GGUF",
    }
    lines = text.splitlines()
    for ref in sink.refs:
        code = ref.evidence.snippet.split("] ", 1)[-1]
        assert code.strip() in json.loads(lines[ref.evidence.line - 1].rstrip(",")).strip()
    use = next(r for r in sink.refs if "from_pretrained" in r.evidence.snippet)
    assert use.evidence.snippet.startswith("[cell 3] ")


def test_bash_cell(detect: Detect) -> None:
    text = notebook(("code", ["%%bash\n", "ollama pull phi3:mini\n"]))
    sink = detect(DETECTOR, "nb.ipynb", text)
    assert names(sink.refs) == {"ollama:phi3:mini"}


def test_invalid_notebook_is_noted(detect: Detect) -> None:
    sink = detect(DETECTOR, "nb.ipynb", "{not json")
    assert sink.refs == [] and len(sink.skipped) == 1
