"""Infrastructure templates: Azure Bicep and Terraform, which deploy hosted models.

Both write ``key: 'value'`` (Bicep) or ``key = "value"`` (Terraform) inside nested blocks, and
declare inputs with defaults (``param openAIModelName string = 'gpt-4o'``, ``variable
"embedding_model" { default = "..." }``). A value is a model under a model key (read as in any
config), or under ``name`` inside a model block (``model: { format: 'OpenAI', name: ... }``).
A Bicep file deploys to Azure, so hosted models named in it are Azure's; a Terraform block's
resource type says whose (``azurerm_*``, ``aws_bedrock*``, ``google_vertex_ai*``).
"""

from __future__ import annotations

import re

from aibom.core.ids import Slot
from aibom.core.model import Confidence, Role
from aibom.discover.base import Detector, Sink
from aibom.discover.keys import CHILD_KEYS, key_role

NAME = "infrastructure"
TRIGGER = re.compile(rb"model|deployment|llm|embedding")
_PARAM = re.compile(r"^\s*(?:param|var)\s+(\w+)\b[^=]*=\s*(['\"])(.*?)\2")
_PAIR = re.compile(r"^\s*(\w+)\s*[:=]\s*(['\"])(.*?)\2")
_BLOCK = re.compile(
    r"^\s*(?:(\w+)\s*(?:[:=]\s*)?|resource\s+\"(\w+)\"\s+\"[\w-]+\"\s*|variable\s+\"(\w+)\"\s*)\{"
)
_PROVIDERS = (("azurerm_", "azure"), ("aws_bedrock", "aws-bedrock"), ("google_vertex", "google"))
_MAX_DEPTH = 64


class InfraDetector:
    """Claims ``*.bicep`` and ``*.tf``."""

    name = NAME
    trigger = TRIGGER

    def claims(self, path: str) -> bool:
        return path.endswith((".bicep", ".tf"))

    def detect(self, sink: Sink) -> None:
        text = sink.text()
        if text is None:
            return
        bicep = sink.source.path.endswith(".bicep")
        _read(sink, text.splitlines(), "azure" if bicep else None)


def _read(sink: Sink, lines: list[str], provider: str | None) -> None:
    # Each open block: (the key it is under, the role that key gives, the provider it says).
    stack: list[tuple[str, Role | None, str | None]] = []
    for number, line in enumerate(lines, start=1):
        code = line.split("//", 1)[0].split(" #", 1)[0]
        block = _BLOCK.match(code)
        if block is not None:
            key = next((group for group in block.groups() if group), "")
            parent_provider = stack[-1][2] if stack else provider
            resource = block.group(2) or ""
            said = next((p for prefix, p in _PROVIDERS if resource.startswith(prefix)), None)
            role = key_role(key) if not block.group(2) else None
            if len(stack) < _MAX_DEPTH:
                stack.append((block.group(3) or key, role, said or parent_provider))
            _close(stack, code[block.end() :])
            continue
        _value(sink, number, line, code, stack, provider)
        _close(stack, code)


def _value(
    sink: Sink,
    number: int,
    line: str,
    code: str,
    stack: list[tuple[str, Role | None, str | None]],
    provider: str | None,
) -> None:
    match = _PARAM.match(code) or _PAIR.match(code)
    if match is None:
        return
    key, value = match.group(1), match.group(3)
    role = key_role(key)
    if role is None and stack and key.lower() in CHILD_KEYS:
        role = stack[-1][1]
    if role is None and stack and key == "default":
        role = key_role(stack[-1][0])  # Terraform: variable "model_name" { default = ... }
    if role is None or not value:
        return
    hint = stack[-1][2] if stack else provider
    evidence = sink.evidence(number, match.start(3) + 1, line, Confidence.HIGH)
    sink.add(value, Slot.GENERIC, evidence, role=role, hint=hint)


def _close(stack: list[tuple[str, Role | None, str | None]], code: str) -> None:
    for _ in range(code.count("}") - code.count("{")):
        if stack:
            stack.pop()


DETECTOR: Detector = InfraDetector()
