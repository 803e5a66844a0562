"""Hostile lines for every reader of the discover stage: each must cost linear time.

Each input is a few hundred kilobytes shaped to make a backtracking pattern or a per-item
rescan quadratic (minutes at this size); the bound asserted is seconds, and the outcome is
asserted exactly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aibom.discover.base import Detector, Sink
from aibom.discover.config import DETECTOR as CONFIG
from aibom.discover.infra import DETECTOR as INFRA
from aibom.discover.modelfile import DETECTOR as MODELFILE
from aibom.discover.notebook import DETECTOR as NOTEBOOK
from aibom.discover.notebook import MAX_CELLS
from aibom.discover.python import DETECTOR as PYTHON
from aibom.discover.shell import DETECTOR as SHELL
from aibom.discover.shellwords import tokenize
from aibom.discover.winscripts import DETECTOR as WINDOWS
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]
N = 200_000
SECONDS = 3.0
BLANKS = " " * N


def timed(detect: Detect, detector: Detector, path: str, text: str) -> Sink:
    start = time.perf_counter()
    sink = detect(detector, path, text)
    assert time.perf_counter() - start < SECONDS
    return sink


@pytest.mark.parametrize(
    ("detector", "path", "text", "expected"),
    [
        (MODELFILE, "Modelfile", f"FROM llama3.2{BLANKS}x\n", {"ollama:llama3.2"}),
        (WINDOWS, "get.bat", f"set MODEL=acme/win-1b{BLANKS}x\n", set()),
        (WINDOWS, "get.ps1", f"$Model = 'acme/ps-1b'{BLANKS}x\n", set()),
        (
            INFRA,
            "main.bicep",
            f"model{BLANKS}x\nparam modelName string = 'gpt-4o'\n",
            {"api-service:azure/gpt-4o"},
        ),
        (
            SHELL,
            "run.sh",
            "echo ${a:-" * (N // 5) + "\nMODEL=acme/sh-1b\n",
            {"huggingface:acme/sh-1b"},
        ),
        (CONFIG, ".env", f"MODEL=acme/env-1b{BLANKS}x\n", set()),
        (
            PYTHON,
            "cmd.py",
            'cmd = " --' + "model" * (N // 5) + '#"\nAutoModel.from_pretrained("acme/py-1b")\n',
            {"huggingface:acme/py-1b"},
        ),
    ],
)
def test_long_lines_cost_linear_time(
    detect: Detect, detector: Detector, path: str, text: str, expected: set[str]
) -> None:
    assert names(timed(detect, detector, path, text).refs) == expected


def test_a_notebook_of_many_cells_and_long_magic_lines(detect: Detect) -> None:
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": [f"x{k} = {k}\n"]}
        for k in range(MAX_CELLS - 2)
    ]
    cells.append({"cell_type": "code", "source": ["a" + BLANKS + "b = !ls\n"]})
    cells.append({"cell_type": "code", "source": ['m = pipeline(model="acme/nb-1b")\n']})
    cells.append({"cell_type": "code", "source": ['pipeline(model="acme/past-the-cap")\n']})
    text = json.dumps({"cells": cells, "nbformat": 4}, indent=1)
    sink = timed(detect, NOTEBOOK, "nb.ipynb", text)
    (ref,) = sink.refs
    assert ref.name == "acme/nb-1b"
    assert "acme/nb-1b" in text.splitlines()[ref.evidence.line - 1]
    assert [s.reason for s in sink.skipped] == [
        f"partly read: the cells after the first {MAX_CELLS} were not read"
    ]


def test_a_broken_notebook_of_many_sources(detect: Detect) -> None:
    text = '{"cells": [' + '{"cell_type": "code", "source": [' * 20_000
    sink = timed(detect, NOTEBOOK, "nb.ipynb", text)
    assert sink.refs == [] and [s.reason for s in sink.skipped] == [
        "not a readable notebook (invalid JSON)"
    ]


def test_json_values_written_unlike_their_parse_are_located_in_bounded_time(
    detect: Detect,
) -> None:
    # Each value is written with escaped slashes, so no search finds it as parsed; only a
    # bounded number of searches restart from the top.
    items = [f'{{"model": "acme\\/m{k}-1b"}}' for k in range(1_500)]
    sink = timed(detect, CONFIG, "models.json", "[" + ",".join(items) + "]")
    assert len(sink.refs) == 1_500
    assert {r.evidence.line for r in sink.refs} == {1}


def test_yaml_alias_bombs_are_refused(detect: Detect) -> None:
    lines = ['a: &a ["model", "model"]']
    lines += [f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)}, *{chr(97 + k)}]" for k in range(20)]
    sink = timed(detect, CONFIG, "bomb.yaml", "\n".join(lines) + "\n")
    assert sink.refs == []
    (note,) = sink.skipped
    assert note.reason.startswith("not parsable as YAML")


def test_shell_words_are_linear() -> None:
    line = '"' + "a\\\\" * N + '" ' + "'" * 3 + "$(" * 1000
    start = time.perf_counter()
    words = tokenize(line)
    assert time.perf_counter() - start < SECONDS
    assert words[0].text == "a\\" * N


def test_a_megabyte_command_line_is_left_out_not_read_into_memory(tmp_path: Path) -> None:
    """A 3.9 MB one-line script once took 290 MB; its line is now noted and left, the rest read."""
    from tests.hostile.limits import scan_limited, skipped

    (tmp_path / "run.sh").write_text(
        "python train.py " + "--model a/b " * 325_000 + "\nvllm serve acme/after-the-long-line\n"
    )
    done = scan_limited(tmp_path)
    assert done.code == 0, done.stderr
    assert done.seconds < 20
    assert [c["name"] for c in done.report["components"]] == ["acme/after-the-long-line"]
    assert skipped(done.report)["run.sh"] == (
        "partly read: the command on line 1 holds 3900016 characters, over 262144; it was not read"
    )
