"""The import graph runs one way: cli -> commands -> pipeline -> stages -> weights -> core.

Stages are ordered as data flows (discover, resolve, licenses, policy, render): a stage may use
an earlier one's types and functions, never a later one's. Read from the source with ``ast``, so
imports inside functions and under TYPE_CHECKING count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "aibom"
# Lower rank: higher layer. A module may import only its own package or a higher rank.
RANKS = {
    "__main__": -1,
    "cli": 0,
    "commands": 1,
    "pipeline": 2,
    "render": 3,
    "policy": 4,
    "licenses": 5,
    "resolve": 6,
    "discover": 7,
    "weights": 8,
    "core": 9,
    "__init__": 10,  # the package itself: its version
}
# Each heavy library is imported by the modules of one room only.
HEAVY = {
    "git": {"core/gitrepo.py"},
    "huggingface_hub": {"resolve/hubclient.py"},
    "cyclonedx": {"render/cyclonedx.py", "render/cyclonedx_modelcard.py"},
    "jinja2": {"render/html.py"},
    "httpx": set(),
    "httpx2": {"resolve/hubtransport.py"},
    "httpcore2": {"resolve/hubtransport.py"},
}


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _room(path: Path) -> str:
    """The top-level name under aibom/ a module belongs to (``render``, ``cli``, ``__init__``)."""
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            if node.module == "aibom":  # ``from aibom import licenses``: a room, not a name
                found.extend(f"aibom.{a.name}" for a in node.names if a.name in RANKS)
    return found


def _target_room(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "aibom":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_room_has_a_rank() -> None:
    assert {_room(path) for path in _modules()} <= set(RANKS)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_go_one_way(path: Path) -> None:
    room = _room(path)
    wrong = []
    for module in _imports(path):
        target = _target_room(module)
        if target is None or target == room:
            continue
        if target not in RANKS or RANKS[target] <= RANKS[room]:
            wrong.append(module)
    assert not wrong, f"{room} must not import {wrong}"


@pytest.mark.parametrize("library", sorted(HEAVY))
def test_heavy_libraries_stay_in_their_room(library: str) -> None:
    users = {
        path.relative_to(SRC).as_posix()
        for path in _modules()
        if any(m == library or m.startswith(f"{library}.") for m in _imports(path))
    }
    assert users <= HEAVY[library]


def test_the_check_catches_a_backward_import(tmp_path: Path) -> None:
    """The rule itself: a core module that imported a stage would be reported."""
    module = tmp_path / "bad.py"
    module.write_text("from aibom.render import FORMATS\nimport aibom.policy.rules\n")
    targets = {_target_room(m) for m in _imports(module)}
    assert targets == {"render", "policy"}
    assert all(RANKS[t] <= RANKS["core"] for t in targets if t)
