"""What each program's command line says about models: one small rule per program, in a table.

The reader (:mod:`aibom.discover.shell`) splits lines into simple commands and strips prefixes
(``sudo``, ``uv run``, ``VAR=x``); then the rule of the command's program, looked up by name in
:data:`PROGRAMS`, reads its positional arguments and subcommands. Flags that take a model
(``--model``, ``-hf``) and Hub URLs are read for every program afterwards, unless the rule says
the line is not one program's arguments (a ``for`` loop, ``docker run``, ``sh -c``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from aibom.core.ids import Slot, hf_id
from aibom.core.model import Role
from aibom.discover.shellflags import (
    DECLARE,
    DOCKER_FLAG_ALONE,
    GGUF_PROGRAM,
    HF_PROGRAM,
    HUB_CLI_VALUES,
    OLLAMA_ROLES,
    OLLAMA_VALUES,
    SHELL_C,
    SHELLS,
)
from aibom.discover.shellwords import Word, positionals, subwords


class Reader(Protocol):
    """What a rule may ask of the reader: record a value, read an option, read nested commands."""

    def record(
        self,
        word: Word,
        start: int,
        slot: Slot,
        role: Role = Role.DEPENDENCY,
        revision: str | None = None,
    ) -> bool: ...

    def option(self, words: list[Word], names: tuple[str, ...]) -> str | None: ...

    def assign(self, word: Word, start: int) -> bool: ...

    def loop(self, words: list[Word]) -> None: ...

    def line(self, words: list[Word], depth: int = 0) -> None: ...

    def command(self, words: list[Word], depth: int = 0, hint: str = "") -> None: ...


@dataclass
class Command:
    """One simple command: its words, which of them a rule consumed, and its context."""

    words: list[Word]
    revision: str | None  # the value of --revision and friends, expanded
    depth: int = 0  # how deep in ``sh -c`` and ``docker run`` nesting
    consumed: set[int] = field(default_factory=set)

    @property
    def sub(self) -> str:
        """The subcommand (``serve`` in ``vllm serve``), or nothing."""
        return self.words[1].text if len(self.words) > 1 else ""


# A rule reads the command and says whether its flags and URLs are still to be read.
Rule = Callable[[Reader, Command], bool]


def kind(program: str) -> str:
    """What a program's model flags take: ``gguf`` files, Hub ids (``hf``), TensorRT folders."""
    if program == "trtllm-build":
        return "trt"
    if GGUF_PROGRAM.search(program):
        return "gguf"
    return "hf" if HF_PROGRAM.search(program) else ""


def _positional(reader: Reader, command: Command, k: int) -> None:
    words = command.words
    if k < len(words) and not words[k].text.startswith("-"):
        command.consumed.add(k)
        reader.record(words[k], 0, Slot.HF, revision=command.revision)


def _hub_cli(reader: Reader, command: Command) -> bool:
    """``huggingface-cli download REPO [FILES] --revision R``; datasets and Spaces skipped."""
    words, sub = command.words, command.sub
    if sub not in ("download", "upload"):
        return True
    repo_type = reader.option(words, ("--repo-type",)) or "model"
    positions = positionals(words, 2, HUB_CLI_VALUES)
    if repo_type.lower() not in ("model", "models") or not positions:
        return True
    command.consumed.update(positions)
    if sub == "download":
        revision = reader.option(words, ("--revision",))
        reader.record(words[positions[0]], 0, Slot.HF, revision=revision)
    else:
        reader.record(words[positions[0]], 0, Slot.HF, Role.OUTPUT)
    return True


def _ollama(reader: Reader, command: Command) -> bool:
    """``ollama pull|run NAME`` use a model; ``create|push`` make one; ``cp`` both."""
    words = command.words
    positions = positionals(words, 2, OLLAMA_VALUES)
    for k, role in zip(positions, OLLAMA_ROLES.get(command.sub, ()), strict=False):
        command.consumed.add(k)
        reader.record(words[k], 0, Slot.OLLAMA, role)
    return True


def _subcommand_positional(subs: dict[str, int]) -> Rule:
    """A rule for ``PROGRAM SUB MODEL``: the model's position after each subcommand."""

    def rule(reader: Reader, command: Command) -> bool:
        position = subs.get(command.sub)
        if position is not None:
            _positional(reader, command, position)
        return True

    return rule


def _trtllm_serve(reader: Reader, command: Command) -> bool:
    """``trtllm-serve serve MODEL`` or the older ``trtllm-serve MODEL``."""
    _positional(reader, command, 2 if command.sub == "serve" else 1)
    return True


def _declare(reader: Reader, command: Command) -> bool:
    """``export MODEL=org/name`` and friends: assignments, nothing else."""
    for word in command.words[1:]:
        reader.assign(word, 0)
    return False


def _for(reader: Reader, command: Command) -> bool:
    reader.loop(command.words)
    return False


def _shell(reader: Reader, command: Command) -> bool:
    """``sh -c "..."``: the string is a command line of its own."""
    words = command.words
    options = [k for k, w in enumerate(words[:-1]) if SHELL_C.fullmatch(w.text)]
    if options:
        reader.line(subwords(words[options[0] + 1]), command.depth + 1)
    return False


def _docker(reader: Reader, command: Command) -> bool:
    """``docker run [opts] IMAGE [ARGS]``: the image is no model, its arguments may name one."""
    words = command.words
    sub = command.sub
    i = 2
    while i < len(words) and words[i].text.startswith("-"):
        name, eq, _ = words[i].text.partition("=")
        value, start = (words[i], len(name) + 1) if eq else (None, 0)
        if not eq and not DOCKER_FLAG_ALONE.fullmatch(name) and i + 1 < len(words):
            i += 1
            value = words[i]
        if value is not None and name in ("-e", "--env", "--build-arg"):
            reader.assign(value, start)
        i += 1
    if sub not in ("run", "create", "exec") or i >= len(words) - 1:
        return False
    image, rest = words[i].text, words[i + 1 :]
    if "vllm-openai" in image and not rest[0].text.startswith("-"):
        reader.record(rest[0], 0, Slot.HF)  # the image's entrypoint is ``vllm serve``
    hint = "" if sub == "exec" else kind(image)
    reader.command(rest, command.depth + 1, hint=hint)
    return False


# A project's own download script for Hub models (``HuggingFace.bat``, ``download_hf.sh``,
# ``hf_download.py``): its arguments that are Hub ids are the models it fetches.
_HUB_WRAPPER = re.compile(r"hugging[-_ ]?face|(?:^|[-_.])hf(?:[-_.]|$)", re.IGNORECASE)
_SCRIPT_SUFFIXES = (".bat", ".cmd", ".ps1", ".sh", ".py", ".exe")


def hub_wrapper(program: str) -> bool:
    """Whether ``program`` (a path, after variables) is a project's Hub download wrapper."""
    base = posixpath.basename(program.replace("\\", "/"))
    stem = base
    for suffix in _SCRIPT_SUFFIXES:
        stem = stem.removesuffix(suffix)
    return stem != "hf" and bool(_HUB_WRAPPER.search(stem))


def wrapper(reader: Reader, command: Command) -> bool:
    """``call %DL_HF% Flux\\ file.safetensors org/repo``: the Hub ids among the arguments."""
    for k, word in enumerate(command.words[1:], start=1):
        text = word.text
        if text.startswith(("-", "/")) or "\\" in text or text.count("/") != 1:
            continue
        if hf_id(text) is not None:
            command.consumed.add(k)
            reader.record(word, 0, Slot.HF, revision=command.revision)
    return True


PROGRAMS: dict[str, Rule] = {
    "huggingface-cli": _hub_cli,
    "hf": _hub_cli,
    "ollama": _ollama,
    "vllm": _subcommand_positional({"serve": 2}),
    "tune": _subcommand_positional({"download": 2}),
    "lmdeploy": _subcommand_positional({"serve": 3, "lite": 3, "chat": 2}),
    "trtllm-serve": _trtllm_serve,
    "for": _for,
    **dict.fromkeys(DECLARE, _declare),
    **dict.fromkeys(SHELLS, _shell),
    **dict.fromkeys(("docker", "podman", "nerdctl"), _docker),
}
