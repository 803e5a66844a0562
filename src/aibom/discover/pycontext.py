"""What the Python detector's passes share while reading one module: the sink, the constant
flow, the imports and clients, and how a node becomes a recorded reference."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from aibom.core.ids import Slot
from aibom.core.model import Confidence, Role
from aibom.discover.base import Sink
from aibom.discover.pyconst import ConstantFlow
from aibom.discover.pyrules import CallRule

# Maps a line of the parsed text to (line in the file, snippet prefix).
LineMap = Callable[[int], tuple[int, str]]
# An arm of ``a if flag else b``: the flag's code and which arm; None outside one.
Arm = tuple[str, bool] | None
# Body visits one file may spend on reading a body once per value (loops, narrowing,
# parametrized tests): nested loops over long lists multiply.
MAX_VISITS = 20_000


@dataclass
class Context:
    """One module being read."""

    sink: Sink
    lines: list[str]
    flow: ConstantFlow
    imports: dict[str, str]
    clients: dict[str, str] = field(default_factory=dict)
    # The providers written into each dict, by the dict's code (:mod:`pysettings`).
    settings: dict[str, list[tuple[Arm, str]]] = field(default_factory=dict)
    # The qualified class each name holds an object of (``trainer = HFTrainer()``).
    instances: dict[str, str] = field(default_factory=dict)
    line_map: LineMap | None = None
    visits: int = MAX_VISITS
    # Names the module reads somewhere: a list of models nothing reads is a menu in a comment.
    read_names: frozenset[str] = frozenset()
    # Names whose values the code only passes to a local server as its model: aliases.
    aliases: frozenset[str] = frozenset()
    # Who serves the OpenAI-named models of this module (``openai.api_type = "azure"``).
    module_hint: str | None = None
    # Values the module saves a model to (``save_pretrained``, ``output_dir=``): loading one
    # back is reading its own output, not a dependency.
    saved: frozenset[str] = frozenset()
    # Lines of string literals that may hold a command line or a Hub URL (sorted).
    string_lines: list[int] = field(default_factory=list)
    # The call rule each call matched, and each callee's qualified name, by the node's id.
    rules: dict[int, CallRule | None] = field(default_factory=dict)
    qualified: dict[int, str] = field(default_factory=dict)

    def spend_visits(self, count: int) -> bool:
        """Take ``count`` body visits from the budget; False (nothing taken) when too few."""
        if count > self.visits:
            return False
        self.visits -= count
        return True


def where(ctx: Context, node: ast.AST) -> tuple[int, str]:
    """The file line of ``node`` and the snippet to show for it."""
    lineno = getattr(node, "lineno", 1)
    snippet = ctx.lines[lineno - 1] if 0 < lineno <= len(ctx.lines) else ""
    if ctx.line_map is not None:
        line, prefix = ctx.line_map(lineno)
        return line, prefix + snippet
    return lineno, snippet


def record(
    ctx: Context,
    value: str,
    node: ast.AST,
    slot: Slot,
    confidence: Confidence,
    *,
    role: Role | None = Role.DEPENDENCY,
    revision: str | None = None,
    provider: str | None = None,
    hint: str | None = None,
) -> bool:
    """Classify ``value`` (found at ``node``) and record it; False when it is not a model."""
    if role is not Role.OUTPUT and value in ctx.saved:
        return False
    line, snippet = where(ctx, node)
    evidence = ctx.sink.evidence(line, getattr(node, "col_offset", 0) + 1, snippet, confidence)
    return ctx.sink.add(
        value,
        slot,
        evidence,
        revision=revision,
        provider=provider,
        role=role or Role.DEPENDENCY,
        hint=hint or ctx.module_hint,
    )
