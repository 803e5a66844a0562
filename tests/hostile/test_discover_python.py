"""Hostile Python for the discover stage: folding that doubles, one-line megabyte files,
thousands of references. Memory and time are the point, so aibom runs in a child process
under a 1 GiB address-space limit and a deadline; the outcome is asserted exactly."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from aibom.discover.base import MAX_REFS_PER_FILE, Detector, Saturated, Sink, SourceFile, Tree
from aibom.discover.pyconst import MAX_FOLD, ConstantFlow
from aibom.discover.pyscope import Scope
from aibom.discover.python import DETECTOR
from tests.conftest import write_tree
from tests.hostile.limits import component_names, scan_limited, skipped

Detect = Callable[[Detector, str, str | bytes], Sink]


def doubling(prefix: str, step: Callable[[str], str], rounds: int = 64) -> str:
    lines = [f'{prefix}0 = "ab"']
    lines += [f"{prefix}{k} = {step(f'{prefix}{k - 1}')}" for k in range(1, rounds + 1)]
    return "\n".join(lines) + "\n"


def test_doubling_constants_stay_small(tmp_path: Path) -> None:
    # 64 doublings would be 2**65 characters (about 37 EB); folding stops at MAX_FOLD.
    write_tree(
        tmp_path,
        {
            "plus.py": doubling("A", lambda name: f"{name} + {name}")
            + "AutoModel.from_pretrained(A64)\n"
            + 'AutoModel.from_pretrained("acme/after-plus-1b")\n',
            "fstring.py": doubling("B", lambda name: f'f"{{{name}}}{{{name}}}"')
            + 'model_id = B64\nAutoModel.from_pretrained("acme/after-fstring-1b")\n',
            "format.py": doubling("C", lambda name: f'"{{}}{{}}".format({name}, {name})')
            + "AutoTokenizer.from_pretrained(C64)\n",
        },
    )
    done = scan_limited(tmp_path)
    assert done.code == 0, done.stderr
    assert done.seconds < 20
    assert component_names(done.report) == ["acme/after-fstring-1b", "acme/after-plus-1b"]
    unresolved = sorted(u["expression"] for u in done.report["unresolved"])
    assert unresolved == ["A64", "C64"]  # too long to be a model id: unknown, never built
    assert done.report["skipped"] == []


def test_a_folded_value_longer_than_the_cap_is_unknown() -> None:
    flow = ConstantFlow()
    scope = Scope({"A": "x" * MAX_FOLD})
    tree = ast.parse("A + 'y'\nA[:3]\nf'{A}'\n")
    values = [flow.resolve(stmt.value, (scope,)) for stmt in tree.body]  # type: ignore[attr-defined]
    assert values == [None, "xxx", "x" * MAX_FOLD]


def test_one_line_megabytes_are_refused_without_parsing(tmp_path: Path) -> None:
    # 6.3 MB on one line: ast.parse alone would take about 3 GB and 18 s.
    data = "MODEL_IDS = [" + ",".join(["1"] * 3_150_000) + "]\n"
    write_tree(tmp_path, {"table.py": data, "app.py": 'pipeline(model="acme/app-1b")\n'})
    done = scan_limited(tmp_path)
    assert done.code == 0, done.stderr
    assert done.seconds < 20
    assert component_names(done.report) == ["acme/app-1b"]
    assert skipped(done.report) == {
        "table.py": f"not read as Python: line 1 holds a statement of {len(data)} characters, "
        "over 262144"
    }


def test_a_large_file_is_read_in_bounded_pieces(tmp_path: Path) -> None:
    # 1.6 MB of ordinary code (read whole, past WHOLE_MAX, it would be one big tree) with
    # references at both ends, a constant defined early and used late, and one broken
    # statement in the middle.
    def filler(count: int) -> str:
        return "".join(f"def f{k}(x):\n    return [x, {k}, 'v{k}'] * 2\n\n" for k in range(count))

    head = 'BASE = "acme/early-7b"\n' + filler(25_000)
    code = (
        head
        + "print 'python 2'\n"
        + filler(10_000)
        + "AutoModel.from_pretrained(BASE)\n"
        + 'AutoTokenizer.from_pretrained("acme/late-7b")\n'
    )
    write_tree(tmp_path, {"big.py": code})
    done = scan_limited(tmp_path)
    assert done.code == 0, done.stderr
    assert done.seconds < 30
    assert component_names(done.report) == ["acme/early-7b", "acme/late-7b"]
    broken = head.count("\n") + 1
    assert skipped(done.report) == {
        "big.py": f"partly read: line {broken} (SyntaxError) not parsed as Python"
    }


def test_references_per_file_are_capped(tmp_path: Path) -> None:
    code = "".join(f'AutoModel.from_pretrained("acme/m{k}-1b")\n' for k in range(5_000))
    write_tree(tmp_path, {"many.py": code})
    sink = Sink(SourceFile("many.py", code.encode(), Tree(tmp_path)), DETECTOR.name)
    with pytest.raises(Saturated):  # the cap stops the detector; the engine notes it
        DETECTOR.detect(sink)
    assert len(sink.refs) == MAX_REFS_PER_FILE


def test_the_engine_notes_a_saturated_file(tmp_path: Path) -> None:
    code = "".join(f'AutoModel.from_pretrained("acme/m{k}-1b")\n' for k in range(5_000))
    write_tree(tmp_path, {"many.py": code})
    done = scan_limited(tmp_path)
    assert done.code == 0, done.stderr
    assert len(done.report["components"]) == MAX_REFS_PER_FILE
    assert skipped(done.report) == {
        "many.py": f"names more than {MAX_REFS_PER_FILE} models: the rest was not read "
        "by the python detector"
    }


def test_deep_nesting_loses_only_its_statement(detect: Detect) -> None:
    deep = "x = " + "(" * 180 + "1" + ")" * 180 + "\n"
    plus = "y = " + " + ".join(["'a'"] * 20_000) + "\n"  # too deep for ast.parse itself
    chain = "z = " + " + ".join(["'a'"] * 1_000) + "\n"  # parses; folding stops at MAX_DEPTH
    code = textwrap.dedent(
        """\
        MODEL = "acme/kept-1b"
        AutoModel.from_pretrained(MODEL)
        """
    )
    sink = detect(DETECTOR, "deep.py", deep + plus + chain + code)
    assert {r.name for r in sink.refs} == {"acme/kept-1b"}
    assert [s.reason for s in sink.skipped] == [
        "partly read: line 2 (too deeply nested) not parsed as Python"
    ]


def test_a_deep_argument_is_unresolved_not_an_error(detect: Detect) -> None:
    code = "AutoModel.from_pretrained(" + " + ".join(["part"] * 1_000) + ")\n"
    sink = detect(DETECTOR, "deep.py", code)
    assert sink.refs == [] and sink.skipped == []
    assert [u.expression for u in sink.unresolved] == ["…"]
