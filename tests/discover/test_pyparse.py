"""Bounded parsing: small files whole, large or broken ones in top-level pieces."""

from __future__ import annotations

import ast
import re
import textwrap

from aibom.discover import pyparse
from aibom.discover.pyparse import Outcome, modules


def parsed(text: str) -> tuple[list[tuple[str, int]], Outcome]:
    outcome = Outcome()
    found = []
    for module in modules(textwrap.dedent(text), outcome):
        for stmt in module.body:
            found.append((type(stmt).__name__, stmt.lineno))
    return found, outcome


def test_a_valid_file_parses_whole() -> None:
    found, outcome = parsed("import os\nx = 1\n")
    assert found == [("Import", 1), ("Assign", 2)] and outcome.describe(str) is None


def test_a_broken_statement_loses_only_itself_and_lines_stay_right() -> None:
    found, outcome = parsed(
        '''\
        import os
        print "python 2"
        @decorator(
            1)
        def f():
            pass
        PROMPT = """
        text at column zero
        """
        if os:
            pass
        else:
            pass
        '''
    )
    assert found == [("Import", 1), ("FunctionDef", 5), ("Assign", 7), ("If", 10)]
    assert outcome.describe(str) == "partly read: line 2 (SyntaxError) not parsed as Python"


def test_nothing_parses() -> None:
    found, outcome = parsed("print 'a'\nprint 'b'\n")
    assert found == []
    assert outcome.describe(str) == "not parsable as Python: SyntaxError"


def test_a_huge_statement_is_not_parsed() -> None:
    text = "MODEL = 'acme/m-1b'\nDATA = [" + ",".join(["1"] * 200_000) + "]\nx = MODEL\n"
    outcome = Outcome()
    bodies = [stmt for module in modules(text, outcome) for stmt in module.body]
    assert [type(s).__name__ for s in bodies] == ["Assign", "Assign"]
    assert [s.lineno for s in bodies] == [1, 3]
    size = len(text.splitlines()[1]) + 1
    assert outcome.describe(str) == (
        f"partly read: line 2 (a statement of {size} characters, over {pyparse.PIECE_MAX}) "
        "not parsed as Python"
    )


def test_large_files_come_in_batches() -> None:
    line = "VALUE_{} = 'acme/m-{}b'  # " + "x" * 100 + "\n"
    text = "".join(line.format(k, k) for k in range(5000))
    assert len(text) > pyparse.WHOLE_MAX
    trees = list(modules(text, Outcome()))
    assert len(trees) > 1
    assert sum(len(t.body) for t in trees) == 5000
    assert all(sum(len(ast.unparse(s)) for s in t.body) <= 2 * pyparse.BATCH_MAX for t in trees)


def test_spans_without_strings_or_trigger_words_are_not_parsed() -> None:
    unit = "x = (1 +\n" + "2 +\n" * 10 + "3)\n"
    text = unit * 20_000 + "y = 'kept'\n"
    assert len(text) > pyparse.WHOLE_MAX
    bodies = [s for m in modules(text, Outcome(), re.compile("model")) for s in m.body]
    assert ast.unparse(bodies[-1]) == "y = 'kept'"
    assert len(bodies) <= pyparse.CHUNK // len(unit) + 1  # only the last chunk was parsed


def test_a_file_of_failures_costs_bounded_work() -> None:
    text = "x = (\n" * 200_000  # every piece opens a bracket no later line closes
    outcome = Outcome()
    assert list(modules(text, outcome)) == []
    assert outcome.unread[-1][2] == "the parse budget was spent"
