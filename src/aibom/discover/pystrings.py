"""Command lines and Hub URLs that Python code holds in strings.

A training launcher builds ``accelerate launch train.py --pretrained_model_name_or_path X``
in an f-string, runs ``subprocess.run(["huggingface-cli", "download", X])`` or
``os.system("ollama pull X")``; a downloader keeps ``https://huggingface.co/org/repo/resolve/
main/file`` in a constant. The command lines go to the shell detector's reader, the URLs are
references. Strings that are prose (docstrings, ``help=``, printed or logged text) are not read.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections import deque

from aibom.core.ids import HUB_URL, Slot
from aibom.core.model import Confidence
from aibom.discover.pyconst import source
from aibom.discover.pycontext import Context, record, where
from aibom.discover.pyscope import Scope, dotted
from aibom.discover.shell import scan_args, scan_commands

# Callees that run a command: an argument vector, or a command line for a shell.
_RUNNERS = frozenset(
    """run Popen call check_call check_output getoutput getstatusoutput system popen
    create_subprocess_exec create_subprocess_shell spawnlp spawnvp""".split()
)
_RUNNER_MODULES = frozenset({"subprocess", "os", "asyncio", "commands"})
# Callees and keywords whose string arguments are text for people, not commands.
_PROSE_CALLS = frozenset(
    """print echo info debug warning warn error exception critical log write markdown
    Markdown add_argument option argument format_help""".split()
)
_PROSE_KEYWORDS = frozenset({"help", "description", "epilog", "usage", "prog", "doc", "message"})
_PROSE_NAMES = re.compile(r"usage|help|doc|example|readme|description|message|prompt", re.I)
# A string worth handing to the shell reader: a flag naming a model, or a program that takes
# one. Flags are found word by word: a pattern ``[\\w-]*(?:model|...)[\\w-]*`` backtracks
# quadratically on one long word.
_FLAG_WORDS = ("model", "tokenizer", "checkpoint", "hf", "repo", "adapter", "lora")
_PROGRAM_HINT = re.compile(
    r"\b(?:huggingface-cli|hf|ollama|vllm|tune|lmdeploy|trtllm-serve)[ \t]+"
    r"(?:download|pull|run|serve|chat)\b",
    re.IGNORECASE,
)
_HUB_HOST = re.compile(
    r"^\s*(?:hf://|ollama://|(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/)", re.I
)


def runner_call(ctx: Context, call: ast.Call, qualified: str, scopes: tuple[Scope, ...]) -> bool:
    """Read the command of ``subprocess.run([...])``, ``os.system("...")`` and the like."""
    parts = qualified.replace("()", "").split(".")
    if parts[-1] not in _RUNNERS or not _RUNNER_MODULES.intersection(parts[:-1]):
        return False
    if not call.args:
        return True
    first = call.args[0]
    if isinstance(first, ast.List | ast.Tuple):
        argv = [_argument(ctx, element, scopes) for element in first.elts]
        scan_args([a for a in argv if a is not None], ctx.sink)
    elif parts[-1] == "create_subprocess_exec" or (
        isinstance(first, ast.Constant | ast.JoinedStr | ast.Name) and len(call.args) > 1
    ):
        argv = [_argument(ctx, element, scopes) for element in call.args]
        scan_args([a for a in argv if a is not None], ctx.sink)
    else:
        _command_string(ctx, first, scopes, always=True)
    return True


def _argument(
    ctx: Context, node: ast.expr, scopes: tuple[Scope, ...]
) -> tuple[str, int, int] | None:
    if isinstance(node, ast.Starred):
        return None
    value = ctx.flow.resolve(node, scopes)
    line, _ = where(ctx, node)
    quoted = isinstance(node, ast.Constant) and isinstance(node.value, str)
    column = node.col_offset + 1 + int(quoted)
    # An argument not known statically stays a word the reader cannot expand, named by its code.
    return (value if value is not None else "${" + source(node) + "}"), line, column


def candidate_lines(strings: list[ast.Constant]) -> list[int]:
    """Sorted lines of the string literals that may hold a command or a Hub URL: most modules
    have none, and then no statement's strings are walked at all."""
    lines: set[int] = set()
    for node in strings:
        value = str(node.value)
        if _HUB_HOST.match(value) or ("-" in value and _looks_like_command(value)):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        elif " " in value and _PROGRAM_HINT.search(value):
            lines.add(node.lineno)
    return sorted(lines)


def string_constants(ctx: Context, stmt: ast.stmt, scopes: tuple[Scope, ...]) -> None:
    """Command lines and Hub URLs in the strings a statement holds (not prose)."""
    end = getattr(stmt, "end_lineno", None) or stmt.lineno
    at = bisect.bisect_left(ctx.string_lines, stmt.lineno)
    if at == len(ctx.string_lines) or ctx.string_lines[at] > end:
        return  # no candidate string in this statement's lines
    if isinstance(stmt, ast.Expr | ast.Assert | ast.Raise):
        return  # a bare string is a docstring or a comment; the others are messages
    if isinstance(stmt, ast.Assign | ast.AnnAssign):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        if any(_PROSE_NAMES.search(dotted(target)) for target in targets):
            return
    skipped: set[int] = set()
    for node in _walk(stmt):
        if isinstance(node, ast.Call):
            name = dotted(node.func).rsplit(".", 1)[-1]
            prose = name in _PROSE_CALLS or name.endswith(("Error", "Exception", "Warning"))
            for argument in node.args if prose else ():
                skipped.update(id(inner) for inner in ast.walk(argument))
            for keyword in node.keywords:
                if prose or keyword.arg in _PROSE_KEYWORDS:
                    skipped.update(id(inner) for inner in ast.walk(keyword.value))
        elif isinstance(node, ast.Constant | ast.JoinedStr) and id(node) not in skipped:
            if isinstance(node, ast.JoinedStr):
                skipped.update(id(inner) for inner in ast.walk(node))
            _command_string(ctx, node, scopes, always=False)
            _hub_url(ctx, node, scopes)


def _walk(stmt: ast.stmt) -> list[ast.AST]:
    """The statement's expressions in breadth-first order, so calls come before their args."""
    nodes: list[ast.AST] = []
    queue: deque[ast.AST] = deque([stmt])
    while queue:
        node = queue.popleft()
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.stmt):
                nodes.append(child)
                queue.append(child)
    return nodes


def _text(ctx: Context, node: ast.expr, scopes: tuple[Scope, ...]) -> str | None:
    """A string's text; an f-string's parts that are not known statically stay ``{...}``."""
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            inner = value.value if isinstance(value, ast.FormattedValue) else value
            resolved = ctx.flow.resolve(inner, scopes)
            parts.append(resolved if resolved is not None else "{…}")
        return "".join(parts)
    return ctx.flow.resolve(node, scopes)


def _command_string(ctx: Context, node: ast.expr, scopes: tuple[Scope, ...], always: bool) -> None:
    text = _text(ctx, node, scopes)
    if not text or (not always and not _looks_like_command(text)):
        return
    line, _ = where(ctx, node)
    if isinstance(node, ast.Constant | ast.JoinedStr) and "\n" not in text:
        # One line: the reader's columns start after the opening quote.
        scan_commands(text, ctx.sink, line, node.col_offset + 1)
    else:
        scan_commands(text, ctx.sink, line, 0)


def _looks_like_command(text: str) -> bool:
    for word in text.split():
        if word.startswith("-"):
            flag = word.split("=", 1)[0].lower()
            if any(part in flag for part in _FLAG_WORDS):
                return True
    return bool(_PROGRAM_HINT.search(text))


def _hub_url(ctx: Context, node: ast.expr, scopes: tuple[Scope, ...]) -> None:
    """A string that is a Hub model URL or an ``ollama://`` one (or an f-string that starts
    with one)."""
    text = _text(ctx, node, scopes)
    if not text or not _HUB_HOST.match(text) or any(c.isspace() for c in text.strip()):
        return
    match = HUB_URL.match(text.strip())
    url = match.group() if match is not None else text.strip()
    if match is not None or url[:9].lower() == "ollama://":
        confidence = Confidence.HIGH if isinstance(node, ast.Constant) else Confidence.MEDIUM
        record(ctx, url, node, Slot.GENERIC, confidence)
