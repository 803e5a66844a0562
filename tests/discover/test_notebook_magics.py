"""Notebook cells as IPython runs them: magics translated, shell commands read, nothing dropped."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from aibom.discover.base import Detector, Sink
from aibom.discover.nbmagics import translate_cell
from aibom.discover.notebook import DETECTOR
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]


def notebook(*cells: str | tuple[str, str]) -> str:
    """A notebook of code cells (a string) and other cells (``(kind, text)``), one JSON line
    per source line as nbformat writes them."""
    body = []
    for cell in cells:
        kind, text = cell if isinstance(cell, tuple) else ("code", cell)
        source = [line + "\n" for line in text.split("\n")]
        source[-1] = source[-1].removesuffix("\n")
        extra = {"outputs": [], "execution_count": None} if kind == "code" else {}
        body.append({"cell_type": kind, "metadata": {}, "source": source, **extra})
    document = {"cells": body, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1)


def found(detect: Detect, *cells: str | tuple[str, str]) -> set[str]:
    return names(detect(DETECTOR, "nb.ipynb", notebook(*cells)).refs)


@pytest.mark.parametrize(
    ("cell", "python", "commands"),
    [
        ("!pip install x", ["pass"], [(0, "pip install x")]),
        ("files = !ls models", ["files = ..."], [(0, "ls models")]),
        ("out = !!du -sh", ["out = ..."], [(0, "du -sh")]),
        ("t = %timeit -o f()", ["t = ..."], []),
        ("if ok:\n    !ollama pull a1", ["if ok:", "    pass"], [(1, "ollama pull a1")]),
        ("%time m = load('x')", ["m = load('x')"], []),
        ("%timeit -n 10 -r 2 run()", ["run()"], []),
        ("%matplotlib inline", ["pass"], []),
        ("%sx ls", ["pass"], [(0, "ls")]),
        ("np.sum?", ["pass"], []),
        ("!pip install a \\\n   b\nx = 1", ["pass", "", "x = 1"], [(0, "pip install a  b")]),
        ('s = """\n!not a command\n"""', ['s = """', "!not a command", '"""'], []),
        ("x != y", ["x != y"], []),
    ],
)
def test_line_magics_translate_like_ipython(
    cell: str, python: list[str], commands: list[tuple[int, str]]
) -> None:
    translated = translate_cell(cell.split("\n"))
    assert translated.python == python
    assert translated.commands == commands


@pytest.mark.parametrize(
    ("cell", "python", "commands"),
    [
        ("%%capture\nimport os\n!pip install q", ["", "import os", "pass"], [(2, "pip install q")]),
        ("%%time\ny = 2", ["", "y = 2"], []),
        ("%%bash\nollama pull b2\necho hi", ["", "", ""], [(1, "ollama pull b2\necho hi")]),
        ("%%script bash\nls", ["", ""], [(1, "ls")]),
        ("%%writefile train.py\nimport torch", ["", "import torch"], []),
        ("%%writefile run.sh\nvllm serve c3/d3", ["", ""], [(1, "vllm serve c3/d3")]),
        ("%%html\n<b>model</b>", ["", ""], []),
    ],
)
def test_cell_magics_decide_how_the_body_is_read(
    cell: str, python: list[str], commands: list[tuple[int, str]]
) -> None:
    translated = translate_cell(cell.split("\n"))
    assert translated.python == python
    assert translated.commands == commands


def test_magics_never_drop_the_notebook(detect: Detect) -> None:
    refs = found(
        detect,
        "%%capture\nimport os\nif 'COLAB_' not in os.environ:\n    !pip install unsloth\n"
        "else:\n    !pip install --no-deps peft",
        "files = !ls\nt = %timeit -o 1 + 1",
        '%time model = AutoModel.from_pretrained("acme-labs/encoder-7b")',
        "%%bash\nhuggingface-cli download acme-labs/gguf-3b",
    )
    assert refs == {"huggingface:acme-labs/encoder-7b", "huggingface:acme-labs/gguf-3b"}


def test_shell_commands_see_the_notebooks_constants(detect: Detect) -> None:
    refs = found(
        detect,
        'REPO = "acme-labs/tiny-4b"\nTAG = "qwen2.5:0.5b"',
        "!huggingface-cli download {REPO}\n!ollama pull $TAG",
    )
    assert refs == {"huggingface:acme-labs/tiny-4b", "ollama:qwen2.5:0.5b"}


def test_a_broken_cell_loses_only_itself(detect: Detect) -> None:
    text = notebook(
        'BASE = "acme-labs/base-1b"',
        "print 'python two'",
        "tok = AutoTokenizer.from_pretrained(BASE)",
    )
    sink = detect(DETECTOR, "nb.ipynb", text)
    assert names(sink.refs) == {"huggingface:acme-labs/base-1b"}
    (note,) = sink.skipped
    broken = next(n for n, line in enumerate(text.splitlines(), 1) if "python two" in line)
    assert note.reason == f"partly read: line {broken} (SyntaxError) not parsed as Python"


def test_evidence_points_at_the_ipynb_line(detect: Detect) -> None:
    text = notebook(
        ("markdown", "# Title"), "!pip install x\n%time m = pipeline(model='acme-labs/clf-2')"
    )
    sink = detect(DETECTOR, "nb.ipynb", text)
    (ref,) = sink.refs
    assert "acme-labs/clf-2" in text.splitlines()[ref.evidence.line - 1]
    assert ref.evidence.snippet.startswith("[cell 2] ")


def test_broken_json_is_salvaged_from_its_source_fields(detect: Detect) -> None:
    text = notebook(
        'm = AutoModel.from_pretrained("acme-labs/kept-1b")', ("markdown", "acme-labs/md-1b")
    )
    truncated = text[: text.rindex('"metadata"')]  # a notebook cut off mid-way
    sink = detect(DETECTOR, "nb.ipynb", truncated)
    assert names(sink.refs) == {"huggingface:acme-labs/kept-1b"}
    assert [s.reason for s in sink.skipped] == [
        "partly read: invalid JSON; code cells read from their source fields"
    ]


def test_unreadable_notebook_is_noted(detect: Detect) -> None:
    sink = detect(DETECTOR, "nb.ipynb", "{not json at all")
    assert sink.refs == [] and [s.reason for s in sink.skipped] == [
        "not a readable notebook (invalid JSON)"
    ]
