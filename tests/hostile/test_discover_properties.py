"""Properties of the discover stage's readers of untrusted bytes, over generated inputs.

Notebook JSON, model-card front matter, Modelfiles, shell words and Python: whatever the
input, a reader returns (a problem is a note, never an exception), and every piece of
evidence points inside the file. Generated programs also check that a literal reference is
found wherever it is written, among magics, broken statements and noise.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aibom.discover.base import Sink, SourceFile, Tree
from aibom.discover.card import DETECTOR as CARD
from aibom.discover.modelfile import DETECTOR as MODELFILE
from aibom.discover.notebook import DETECTOR as NOTEBOOK
from aibom.discover.python import DETECTOR as PYTHON
from aibom.discover.shellwords import subwords, tokenize

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TREE = Tree(Path("/nonexistent-aibom-tree"), frozenset(), frozenset())

_part = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=8)
model_ids = st.builds(lambda a, b: f"{a}-org/{b}-1b", _part, _part)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


def run(detector: object, path: str, data: bytes) -> Sink:
    sink = Sink(SourceFile(path, data, TREE), detector.name)  # type: ignore[attr-defined]
    detector.detect(sink)  # type: ignore[attr-defined]
    return sink


def assert_in_file(sink: Sink) -> None:
    text = sink.source.data.decode("utf-8", "replace")
    lines = max(1, text.count("\n") + 1, len(text.splitlines()) + 1)  # \r counts, too
    for ref in sink.refs:
        assert 1 <= ref.evidence.line <= lines, ref
        assert ref.evidence.column >= 1


# -- shell words ----------------------------------------------------------------------------


@PROPERTY
@given(st.text(alphabet=" \t\"'\\$(){}`;|&<>#=-abc/\n", max_size=80))
def test_shell_words_point_at_their_characters(line: str) -> None:
    for word in tokenize(line):
        if word.op:  # an operator keeps where it starts
            assert line[word.pos[0] :].startswith(word.text)
            continue
        assert len(word.pos) == len(word.text)
        for char, at in zip(word.text, word.pos, strict=True):
            assert line[at] == char
        for inner in subwords(word):
            assert all(0 <= at < len(line) for at in inner.pos)


# -- notebooks ------------------------------------------------------------------------------


@PROPERTY
@given(json_values)
def test_any_json_is_read_or_noted(document: object) -> None:
    sink = run(NOTEBOOK, "nb.ipynb", json.dumps(document).encode())
    assert sink.refs == [] or isinstance(document, dict)
    assert_in_file(sink)


_cell_lines = st.lists(
    st.one_of(
        st.builds(lambda m: f'm = AutoModel.from_pretrained("{m}")', model_ids),
        st.sampled_from(
            [
                "!pip install x",
                "x = !ls",
                "t = %timeit -o f()",
                "%matplotlib inline",
                "if x:\n    !echo hi",
                "print 'py2'",
                "np.sum?",
                "def f(:",
                "y = 1",
                "%%capture",
            ]
        ),
        st.text(alphabet=string.printable, max_size=30),
    ),
    max_size=6,
)


@PROPERTY
@given(
    st.lists(_cell_lines, min_size=1, max_size=5),
    st.sampled_from(["lines", "string", "chunks"]),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=0, max_value=400),
)
def test_a_notebook_reference_is_found_wherever_its_cell_is(
    cells: list[list[str]], layout: str, chunk: int, cut: int
) -> None:
    body = []
    for lines in cells:
        text = "\n".join(lines)
        source: object = {
            "lines": [line + "\n" for line in text.split("\n")],
            "string": text,
            "chunks": [text[k : k + chunk] for k in range(0, len(text), chunk)],  # not nbformat's
        }[layout]
        body.append({"cell_type": "code", "metadata": {}, "outputs": [], "source": source})
    raw = json.dumps({"cells": body, "nbformat": 4}, indent=1)
    sink = run(NOTEBOOK, "nb.ipynb", raw.encode())
    assert_in_file(sink)
    assert_in_file(run(NOTEBOOK, "nb.ipynb", raw[: len(raw) - cut].encode()))  # broken JSON
    for lines in cells:
        text = "\n".join(lines)
        if text.startswith("%%") and not text.startswith("%%capture"):
            continue
        for line in text.split("\n"):
            if line.startswith("m = AutoModel") and _parses(text):
                name = line.split('"')[1]
                assert name in {r.name for r in sink.refs}


def _parses(cell: str) -> bool:
    """Whether a cell's Python survives translation (a reference in a broken one may be lost
    with its statement, which is the documented cost)."""
    from aibom.discover.nbmagics import translate_cell

    try:
        compile("\n".join(translate_cell(cell.split("\n")).python), "<cell>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


@PROPERTY
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_noted_as_a_notebook(data: bytes) -> None:
    assert_in_file(run(NOTEBOOK, "nb.ipynb", data))


# -- model cards ----------------------------------------------------------------------------


@PROPERTY
@given(json_values, st.text(max_size=40))
def test_any_front_matter_is_read_or_noted(meta: object, noise: str) -> None:
    front = json.dumps(meta)  # JSON is YAML: any structure a card may hold
    data = f"---\n{front}\n{noise}\n---\n# Card\n".encode()
    sink = run(CARD, "models/x/README.md", data)
    assert_in_file(sink)
    for model in sink.local_models:
        assert model.card is not None


@PROPERTY
@given(st.binary(max_size=200))
def test_any_bytes_after_a_front_matter_fence(data: bytes) -> None:
    run(CARD, "README.md", b"---\n" + data)


# -- Modelfiles -----------------------------------------------------------------------------

_modelfile_lines = st.lists(
    st.one_of(
        st.builds(lambda m: f"FROM {m}", st.sampled_from(["llama3.2", "qwen2.5:7b", "./w.gguf"])),
        st.sampled_from(['TEMPLATE """', '"""', 'SYSTEM "hi', "PARAMETER x 1", "# c", ""]),
        st.text(alphabet=string.printable, max_size=30),
    ),
    max_size=12,
)


@PROPERTY
@given(_modelfile_lines)
def test_modelfile_evidence_is_in_the_file(lines: list[str]) -> None:
    sink = run(MODELFILE, "Modelfile", "\n".join(lines).encode())
    assert_in_file(sink)
    for ref in sink.refs:
        written = sink.source.data.decode().split("\n")[ref.evidence.line - 1]
        assert written.lstrip().lower().startswith(("from", "adapter"))


# -- Python ---------------------------------------------------------------------------------

_statements = st.one_of(
    st.builds(lambda m: f'AutoModel.from_pretrained("{m}")', model_ids),
    st.builds(lambda m: f'MODEL_ID = "{m}"', model_ids),
    st.sampled_from(
        [
            "print 'py2'",
            "def f(:",
            'x = """',
            "for m in MODELS:\n    load(m)",
            "if a in ['x', 'y']:\n    pass",
            "import os",
            "A = B + C",
        ]
    ),
    # Printable noise without the line breaks tools disagree on (a lone \r, a form feed).
    st.text(
        alphabet=string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", ""),
        max_size=40,
    ),
)


@PROPERTY
@given(st.lists(_statements, max_size=12))
def test_python_literal_references_are_found_where_they_parse(statements: list[str]) -> None:
    code = "\n".join(statements) + "\n"
    sink = run(PYTHON, "app.py", code.encode())
    assert_in_file(sink)
    lines = code.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.startswith("AutoModel.from_pretrained(") and _alone_parses(lines, number):
            name = line.split('"')[1]
            assert (name, number) in {(r.name, r.evidence.line) for r in sink.refs}


def _alone_parses(lines: list[str], number: int) -> bool:
    """The statement's line parses, and no string left open or backslash above joins it."""
    above = "\n".join(lines[: number - 1])
    if above.count('"""') % 2 or above.count("'''") % 2 or above.endswith("\\"):
        return False
    try:
        compile(lines[number - 1], "<line>", "exec")
    except SyntaxError:
        return False
    return True


@PROPERTY
@given(st.text(max_size=300))
def test_any_text_is_read_or_noted_as_python(text: str) -> None:
    assert_in_file(run(PYTHON, "app.py", text.encode("utf-8", "surrogatepass")))
