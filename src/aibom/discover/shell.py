"""Shell detector: model references in command lines (scripts, Dockerfiles, Makefiles, Procfiles).

Every command line goes through one small word splitter that remembers where each character came
from, so a value reports the line and column it is written on even inside quotes or after a
backslash continuation. Variables assigned in the same file are followed as constants.
"""

from __future__ import annotations

import bisect
import itertools
import json
import posixpath
import re
from collections.abc import Sequence

from aibom.core.ids import HUB_URL, Slot
from aibom.core.model import Confidence, Evidence, Role
from aibom.discover import modelfile
from aibom.discover.base import Detector, Sink
from aibom.discover.dockerfile import read_dockerfile
from aibom.discover.shellflags import (
    GGUF_FLAGS,
    GGUF_URL_FLAGS,
    HUB_REPO_FLAGS,
    MAIN_FLAGS,
    OTHER_FLAGS,
    OUTPUT_FLAGS,
    PREFIXES,
    PYTHONS,
    REVISION_FLAGS,
    RUNNERS,
    SCRIPT_READERS,
    SKIPPED,
    TRT_FLAGS,
)
from aibom.discover.shellprograms import PROGRAMS, Command, hub_wrapper, kind, wrapper
from aibom.discover.shellwords import Word, tokenize

NAME = "shell"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The words that can introduce a reference (``ollama`` holds ``llama``, sglang and LoRA flags
# hold ``model``, trtllm-build's checkpoint flag ``trtllm``). The per-line form is spelled so
# that sre skips on the first byte: a plain case-insensitive alternation is three times slower.
_WORDS = (
    r"(?=[MmHhLlVvTtWw])(?:[Mm](?i:odel)|[Hh](?i:f|ugging)|[Ll](?i:lama|mdeploy)|[Vv](?i:llm)|"
    r"[Tt](?i:rtllm|okenizer|une)|[Ww](?i:hisper))"
)
# The engine searches lower-cased bytes, so the file trigger needs no case folding of its own.
TRIGGER = re.compile(rb"model|hf|hugging|llama|lmdeploy|vllm|trtllm|tokenizer|tune|whisper")
# A line that holds none of these can neither name a model nor set a variable that names one.
_LINE_HINT = re.compile(rf"{_WORDS}|[=$`]|<<|\{{\{{")

_ASSIGN = re.compile(r"([A-Za-z_]\w*)=")
_REF = re.compile(
    # Bounded spans: an unclosed ``${x:-...`` repeated along a line would otherwise make every
    # start scan to the end of the line.
    r"\$\{\{[^}]{0,512}\}\}"  # a CI expression (${{ inputs.model }}): never a constant here
    r"|\$\{(?P<b>\w+)(?P<idx>\[[^\]]{0,64}\])?(?:(?P<op>:?[-=])(?P<default>[^}]{0,512}))?\}"
    r"|\$(?P<s>[A-Za-z_]\w*|[0-9@*#?$!-])"
    r"|\$\((?P<m>\w+)\)"  # make
    r"|\{\{\s*(?P<j>\w+)\s*\}\}"  # just
)
_MODEL_VAR = re.compile(r"(?:\w+_)?MODELS?(?:_ID|_IDS|_NAME|_PATH|_REPO|_NAME_OR_PATH)?", re.I)
_OUTPUT_VAR = re.compile(
    r"(?:NEW|OUTPUT|FINETUNED|TRAINED|MERGED|SAVE|HUB|PUSH_TO_HUB|TARGET)_MODEL\w*|HUB_REPO\w*",
    re.I,
)
_MAKE_ASSIGN = re.compile(
    r"(?:export\s+|override\s+)?([A-Za-z_]\w*)\s*([?:+!]|::)?=[ \t]*(.*?)\s*$"
)
_DOCKER_NAME = re.compile(r"(?:dockerfile|containerfile)(?:\..+)?|.+\.dockerfile")
_MAKE_NAME = re.compile(r"(?:gnu)?makefile|\.?justfile|.+\.(?:mk|just)")
_PROCFILE_PREFIX = re.compile(r"[\w.-]+:[ \t]*")
_ARRAY_OPEN = re.compile(r"^\s*(?:(?:declare|local|readonly)\s+-\w+\s+)?\w+=\([^)]*$")
_MODEL_ARGS = re.compile(r"(?:^|,)(?:pretrained|peft|tokenizer|model)=([^,]+)")
_FIELDS = re.compile(r"\S+")
_HUB_HOST = re.compile(r"(?:hf://|(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/)", re.I)
# A Hub URL whose repository is a variable this file does not set.
_UNKNOWN_REPO = re.compile(
    r"(?:hf://|(?:huggingface\.co|hf\.co)/)(?:models/)?[\w.-]{0,96}(?:/[\w.-]{0,96})?[$`{]", re.I
)
_MAX_DEPTH = 4
# The longest logical command line read. Words remember where each character came from (for
# evidence), which costs memory per character: a megabyte-long line is data, not a command.
MAX_COMMAND_CHARS = 256 * 1024


def _flag_spec(name: str, kind: str) -> tuple[Slot, Role, bool, bool] | None:
    """(slot, role, strip ``:quant``, takes --revision) for a flag whose value is a model."""
    if name in OUTPUT_FLAGS:
        return Slot.GENERIC, Role.OUTPUT, False, False
    if name in HUB_REPO_FLAGS:
        return Slot.HF, Role.DEPENDENCY, True, False
    if (kind == "gguf" and name in GGUF_FLAGS) or (kind == "trt" and name in TRT_FLAGS):
        return Slot.LOCAL_PATH, Role.DEPENDENCY, False, False
    main = name in MAIN_FLAGS
    if main or name in OTHER_FLAGS or (kind == "gguf" and name in GGUF_URL_FLAGS):
        return (Slot.HF if kind == "hf" else Slot.GENERIC), Role.DEPENDENCY, False, main
    return None


def _var_spec(name: str) -> tuple[Slot, Role] | None:
    """What a variable's name says its value is: a model, a model produced, or neither."""
    if _OUTPUT_VAR.fullmatch(name):
        return Slot.GENERIC, Role.OUTPUT
    if name.upper().startswith("SERVED_") or not _MODEL_VAR.fullmatch(name):
        return None  # vLLM --served-model-name is an alias the server exposes, not a model
    return (Slot.OLLAMA if name.upper().startswith("OLLAMA") else Slot.GENERIC), Role.DEPENDENCY


def _mode(path: str) -> str:
    """How a file holds commands: ``docker``, ``make`` (make and just), ``procfile``, ``shell``."""
    base = posixpath.basename(path).lower()
    if _DOCKER_NAME.fullmatch(base):
        return "docker"
    if _MAKE_NAME.fullmatch(base):
        return "make"
    return "procfile" if base == "procfile" else "shell"


class Scanner:
    """Reads one text's command lines in order, following constant assignments as it goes."""

    def __init__(self, sink: Sink, text: str, first_line: int, column_offset: int, mode: str):
        self.sink = sink
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]
        self.first_line = first_line
        self.row_lines: Sequence[int] = ()  # the file line of each row, when not consecutive
        self.column_offset = column_offset
        self.mode = mode
        self.vars: dict[str, str] = {}
        self.covered: set[str] = set()  # loop and array variables whose values were recorded
        self.seen: set[tuple[int, int, str, Role]] = set()
        self.starts: list[int] = [0]  # where each physical line begins in the logical line
        self.rows: list[int] = [0]
        self.columns: list[int] = [0]  # the column (0-based) each of those pieces starts at

    # -- lines -------------------------------------------------------------------------------

    def join(self, i: int, end: int, docker: bool = False) -> tuple[str, int]:
        """The logical line at physical line ``i``: continuations joined, ``NAMES=(`` closed."""
        parts: list[str] = []
        self.starts, self.rows, self.columns, size = [], [], [], 0
        array = False
        while i < end:
            line, i = self.lines[i], i + 1
            if docker and parts and line.lstrip().startswith("#"):
                continue  # Dockerfile: comment lines inside a continued instruction are dropped
            body = line.rstrip()
            trailing = len(body) - len(body.rstrip("\\"))
            more = trailing % 2 == 1 and (docker or not body.lstrip().startswith("#"))
            opened = array or bool(_ARRAY_OPEN.search(body))
            array = not docker and opened and ")" not in body.split("#", 1)[0]
            body = body[:-1] if more else line + "\n" * array
            self.starts.append(size)
            self.rows.append(i - 1)
            self.columns.append(0)
            parts.append(body)
            size += len(body)
            if not more and not array:
                break
        return "".join(parts), i

    def shell(self, start: int = 0, end: int | None = None) -> None:
        end = len(self.lines) if end is None else end
        i = start
        while i < end:
            first = i
            logical, i = self.join(i, end)
            if not _LINE_HINT.search(logical):
                continue
            if len(logical) > MAX_COMMAND_CHARS:  # each character of a word keeps its place
                self.sink.skip(
                    f"partly read: the command on line {self.first_line + first} holds "
                    f"{len(logical)} characters, over {MAX_COMMAND_CHARS}; it was not read"
                )
                continue
            at = self.line_start(logical)
            if at is not None:
                words = tokenize(logical, at)
                self.line(words)
                i = self.heredoc(words, i, end, shell_body=False)

    def line_start(self, logical: str) -> int | None:
        """Where the commands of a line begin; None when the line holds no command."""
        if self.mode == "procfile":
            match = _PROCFILE_PREFIX.match(logical)
            return match.end() if match else 0
        if self.mode != "make":
            return 0
        if not logical.startswith("\t"):
            assign = _MAKE_ASSIGN.match(logical)
            if assign:
                self.make_assign(assign)
                return None
            if not logical[:1].isspace():
                return None  # a rule or directive line
        stripped = len(logical) - len(logical.lstrip())
        return stripped + len(logical[stripped:]) - len(logical[stripped:].lstrip("@-+ \t"))

    def make_assign(self, match: re.Match[str]) -> None:
        name, operator, value, start = match[1], match[2], match[3], match.start(3)
        if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
            start, value = start + 1, value[1:-1]
        if operator == "!":
            self.vars.pop(name, None)  # ``!=`` assigns the output of a shell command
        else:
            self.set(name, Word(value, tuple(range(start, start + len(value)))), 0)

    def heredoc(self, words: list[Word], i: int, end: int, shell_body: bool) -> int:
        """Skip a here-document body, reading it when it is a Modelfile or a shell script."""
        delimiter = next(
            (
                b.text
                for a, b in itertools.pairwise(words)
                if a.op and a.text.startswith("<<") and not b.op
            ),
            None,
        )
        if delimiter is None:
            return i
        stop = i
        while stop < end and self.lines[stop].strip() != delimiter:
            stop += 1
        if any(modelfile.is_modelfile(w.text) for w in words if not w.op):
            body = "\n".join(self.lines[i:stop])
            modelfile.scan_modelfile(body, self.sink, self.line_of(i), self.column_offset)
        elif shell_body or posixpath.basename(words[0].text) in SCRIPT_READERS:
            self.shell(i, stop)
        return min(stop + 1, end)

    # -- commands ----------------------------------------------------------------------------

    def line(self, words: list[Word], depth: int = 0) -> None:
        """Split a logical line into simple commands; arrays and redirections are taken out."""
        command: list[Word] = []
        i = 0
        while i < len(words):
            word, i = words[i], i + 1
            array = None if word.op else _ASSIGN.fullmatch(word.text)  # NAMES=( ... )
            if word.op and word.text[0] in "<>":
                i += 1  # the redirection's target
            elif word.op:
                self.command(command, depth)
                command = []
            elif array and i < len(words) and words[i].op and words[i].text == "(":
                close = next((k for k in range(i, len(words)) if words[k].text == ")"), len(words))
                self.array(array.group(1), words[i + 1 : close])
                i = close + 1
            else:
                command.append(word)
        self.command(command, depth)

    def command(self, words: list[Word], depth: int = 0, hint: str = "") -> None:
        """One simple command: prefixes and assignments off, then its program's rule, then the
        flags and Hub URLs any program's arguments may hold."""
        while words:
            if self.assign(words[0], 0) or words[0].text in PREFIXES:
                words = words[1:]
            elif len(words) > 1 and (words[0].text, words[1].text) in RUNNERS:
                words = words[2:]
            else:
                break
        if not words or depth > _MAX_DEPTH:
            return
        head = posixpath.basename(words[0].text)
        if head in SKIPPED or (head == "uv" and len(words) > 1 and words[1].text == "pip"):
            return
        command = Command(words, self.option(words, REVISION_FLAGS), depth)
        if PYTHONS.fullmatch(head) and len(words) > 2 and words[1].text == "-m":
            head = words[2].text  # python -m vllm.entrypoints...: the module is the program
            command.consumed.update((1, 2))
            if head == "pip":
                return
        rule = PROGRAMS.get(head)
        script = words[1].text if PYTHONS.fullmatch(head) and len(words) > 1 else ""
        if rule is None and (hub_wrapper(words[0].text) or hub_wrapper(script)):
            rule = wrapper
        if rule is None or rule(self, command):
            self.flags(words, kind(head) or hint, command.revision, command.consumed)
            self.urls(words, command.consumed)

    def flags(self, words: list[Word], kind: str, revision: str | None, consumed: set[int]) -> None:
        i = 0
        while i < len(words):
            word, i = words[i], i + 1
            if i - 1 in consumed or not word.text.startswith("-"):
                continue
            name, eq, _ = word.text.partition("=")
            if name == "--lora-modules":
                i = self.lora_modules(words, i, word, len(name) + 1 if eq else None, consumed)
                continue
            if name == "--model_args" and (eq or i < len(words)):
                target, start = (word, len(name) + 1) if eq else (words[i], 0)
                for match in _MODEL_ARGS.finditer(target.text, start):  # lm-eval pretrained=X
                    self.record(target, match.start(1), Slot.HF, end=match.end(1))
                continue
            spec = _flag_spec(name, kind)
            if spec is None:
                continue
            slot, role, tag, main = spec
            if eq:
                target, start = word, len(name) + 1
            elif i < len(words) and not words[i].text.startswith("-"):
                target, start = words[i], 0
                consumed.add(i)
                i += 1
            else:
                continue
            self.record(target, start, slot, role, revision if main else None, tag=tag)

    def lora_modules(
        self, words: list[Word], i: int, flag: Word, inline: int | None, consumed: set[int]
    ) -> int:
        """vLLM ``--lora-modules name=org/repo ...`` or the JSON form with a ``path`` key."""
        values = [(flag, inline)] if inline is not None else []
        while inline is None and i < len(words) and not words[i].text.startswith("-"):
            consumed.add(i)
            values.append((words[i], 0))
            i += 1
        for word, start in values:
            text = word.text[start:]
            if text.startswith("{"):
                try:
                    path = json.loads(text).get("path")
                except (ValueError, AttributeError):
                    continue
                if isinstance(path, str) and path and path in text:
                    self.record(
                        word,
                        start + text.index(path),
                        Slot.HF,
                        end=start + text.index(path) + len(path),
                    )
            elif "=" in text:
                self.record(word, start + text.index("=") + 1, Slot.HF)
        return i

    def urls(self, words: list[Word], consumed: set[int]) -> None:
        """Hub URLs and ``hf://`` URIs anywhere in an argument (git clone, wget, curl, ADD,
        an assignment), the repository read even when a variable names the file after it."""
        for k, word in enumerate(words):
            if k in consumed or word.op or not _HUB_HOST.search(word.text):
                continue
            text = word.text if word.literal else self.expand(word.text, keep_unknown=True)
            exact = text == word.text
            found = False
            for match in HUB_URL.finditer(text or ""):
                found = True
                where = word.pos[match.start()] if exact else word.pos[0]
                evidence = self.evidence(where, Confidence.HIGH if exact else Confidence.MEDIUM)
                key = (evidence.line, evidence.column, match.group(), Role.DEPENDENCY)
                if key not in self.seen:
                    self.seen.add(key)
                    self.sink.add(match.group(), Slot.GENERIC, evidence)
            if not found and _UNKNOWN_REPO.search(text or "") and not self.is_covered(word.text):
                self.sink.add_unresolved(word.text, self.evidence(word.pos[0], Confidence.LOW))

    def loop(self, words: list[Word]) -> None:
        """``for model in org/a org/b; do``: each item is a value of the loop variable."""
        if len(words) < 3 or words[2].text != "in":
            return
        name = words[1].text
        self.vars.pop(name, None)
        spec = _var_spec(name)
        for item in words[3:]:
            if (spec and self.record(item, 0, *spec, split=True)) or self.is_covered(item.text):
                self.covered.add(name)

    def array(self, name: str, items: list[Word]) -> None:
        self.vars.pop(name, None)
        spec = _var_spec(name)
        for item in items:
            if spec and self.record(item, 0, *spec, split=True):
                self.covered.add(name)

    # -- values ------------------------------------------------------------------------------

    def assign(self, word: Word, start: int) -> bool:
        match = None if word.op else _ASSIGN.match(word.text, start)
        if match is None:
            return False
        self.set(match.group(1), word, match.end())
        return True

    def set(self, name: str, word: Word, start: int) -> None:
        raw = word.text[start:]
        spec = _var_spec(name)
        if spec and raw:
            self.record(word, start, *spec, split=True, report_unknown=False)
        elif raw:
            self.urls([word], set())  # src="https://huggingface.co/org/repo", used later
        value = raw if word.literal else self.expand(raw)
        if value is None:
            self.vars.pop(name, None)
        else:
            self.vars[name] = value

    def option(self, words: list[Word], names: tuple[str, ...]) -> str | None:
        """The (expanded) value of the first of ``names`` given as ``--x v`` or ``--x=v``."""
        for k, word in enumerate(words):
            name, eq, value = word.text.partition("=")
            if name in names:
                raw = value if eq else (words[k + 1].text if k + 1 < len(words) else "")
                return self.expand(raw) or None
        return None

    def expand(self, raw: str, depth: int = 0, *, keep_unknown: bool = False) -> str | None:
        """``raw`` with ``$VAR``/``${VAR:-default}`` replaced; None when a variable is unknown
        (or, with ``keep_unknown``, the unknown ones left as written)."""
        if "$" not in raw and "{{" not in raw and "`" not in raw:
            return raw
        missing = False

        def substitute(match: re.Match[str]) -> str:
            nonlocal missing
            name = (
                match["b"]
                or match["s"]
                or match["j"]
                or (match["m"] if self.mode == "make" else None)
            )
            value = self.vars.get(name) if name and not match["idx"] else None
            if value is None and match["default"] is not None and depth < _MAX_DEPTH:
                value = self.expand(match["default"], depth + 1)
                if value is not None and name and match["op"].endswith("="):
                    self.vars[name] = value
            missing = missing or value is None
            return match.group() if value is None and keep_unknown else value or ""

        out = _REF.sub(substitute, raw)
        if keep_unknown:
            return out
        return None if missing or "$" in out or "`" in out else out

    def is_covered(self, raw: str) -> bool:
        names = {m["b"] or m["s"] or m["j"] or m["m"] for m in _REF.finditer(raw)}
        return bool(names) and names <= self.covered

    def evidence(self, offset: int, confidence: Confidence) -> Evidence:
        k = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        row = self.rows[k]
        column = offset - self.starts[k] + 1 + self.columns[k] + self.column_offset
        return self.sink.evidence(self.line_of(row), column, self.lines[row], confidence)

    def line_of(self, row: int) -> int:
        """The file line of a row of the text: counted from ``first_line``, or looked up
        (a notebook cell whose lines are not one a file line)."""
        if self.row_lines:
            return self.row_lines[min(row, len(self.row_lines) - 1)]
        return self.first_line + row

    def record(
        self,
        word: Word,
        start: int,
        slot: Slot,
        role: Role = Role.DEPENDENCY,
        revision: str | None = None,
        *,
        end: int | None = None,
        tag: bool = False,
        split: bool = False,
        report_unknown: bool = True,
    ) -> bool:
        """Record the value at ``word.text[start:end]``; True when it named a model."""
        raw = word.text[start:end]
        if not raw:
            return False
        value = raw if word.literal else self.expand(raw)
        if value is None:
            if report_unknown and role is Role.DEPENDENCY and not self.is_covered(raw):
                self.sink.add_unresolved(raw, self.evidence(word.pos[start], Confidence.LOW))
            return False
        where = start if value == raw else None  # where the value is written, if it is
        default = _REF.fullmatch(raw)
        if default and default["default"] == value:
            where = start + default.start("default")  # ${VAR:-literal}, VAR unassigned
        pieces = [(value, 0)] if not split else [(m[0], m.start()) for m in _FIELDS.finditer(value)]
        found = False
        for piece, at in pieces:
            if tag and "://" not in piece:
                piece = piece.split(":", 1)[0]  # llama.cpp -hf org/repo:Q4_K_M names a quantisation
            evidence = self.evidence(
                word.pos[start] if where is None else word.pos[where + at],
                Confidence.MEDIUM if where is None else Confidence.HIGH,
            )
            key = (evidence.line, evidence.column, piece, role)
            if key not in self.seen:
                self.seen.add(key)
                found = self.sink.add(piece, slot, evidence, revision=revision, role=role) or found
        return found


class ShellDetector:
    """Claims shell scripts, Dockerfiles, Makefiles, justfiles and Procfiles."""

    name = NAME
    trigger: re.Pattern[bytes] | None = TRIGGER

    def claims(self, path: str) -> bool:
        base = posixpath.basename(path).lower()
        return _mode(path) != "shell" or base.endswith((".sh", ".bash", ".zsh"))

    def detect(self, sink: Sink) -> None:
        text = sink.text()
        if text is None:
            return
        mode = _mode(sink.source.path)
        scanner = Scanner(sink, text, 1, 0, mode)
        if mode == "docker":
            read_dockerfile(scanner)
        else:
            scanner.shell()


def scan_commands(
    text: str,
    sink: Sink,
    first_line: int = 1,
    column_offset: int = 0,
    row_lines: Sequence[int] = (),
) -> None:
    """Read command lines embedded elsewhere (compose ``command:``, CI ``run:``, notebook ``!``).

    Lines are numbered from ``first_line``, or given one by one in ``row_lines``;
    ``column_offset`` is added to every column (the indentation of a YAML block, say).
    """
    scanner = Scanner(sink, text, first_line, column_offset, "shell")
    scanner.row_lines = row_lines
    scanner.shell()


def scan_args(args: Sequence[tuple[str, int, int]], sink: Sink) -> None:
    """Read an argument vector whose items each sit at their own 1-based (line, column).

    For YAML lists (Kubernetes ``args:``, compose ``command: [...]``) written one item a line:
    ``- --model`` and ``- org/name`` on two lines still pair up, and evidence points at each item.
    The column is that of the item's first character (after its opening quote, if quoted). An
    item of several lines (a ``|`` block holding the script of ``sh -c``) goes on over the next
    lines of the file, each at that column.
    """
    try:
        lines = sink.source.text().split("\n")
    except UnicodeDecodeError:
        return
    scanner = Scanner(sink, "", 1, 0, "shell")
    scanner.lines = [line.removesuffix("\r") for line in lines]
    scanner.starts, scanner.rows, scanner.columns = [], [], []
    words, size = [], 0
    for text, line, column in args:
        if not 0 < line <= len(scanner.lines):
            continue
        at = 0
        for row, piece in enumerate(text.split("\n"), start=line - 1):
            scanner.starts.append(size + at)
            scanner.rows.append(min(row, len(scanner.lines) - 1))
            scanner.columns.append(column - 1)
            at += len(piece) + 1
        words.append(Word(text, tuple(range(size, size + len(text)))))
        size += len(text) + 1
    if words:
        scanner.command(words)


DETECTOR: Detector = ShellDetector()
