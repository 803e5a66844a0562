"""Command lines held by Python code go to the shell reader; prose strings stay prose."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from aibom.core.model import Role
from aibom.discover.base import Detector, Sink
from aibom.discover.python import DETECTOR
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]


def scan(detect: Detect, code: str) -> Sink:
    return detect(DETECTOR, "launch.py", textwrap.dedent(code))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(
            """
            BASE = "acme/diffuser-2b"
            cmd = f"accelerate launch train.py --pretrained_model_name_or_path {BASE} --bf16"
            os.system(cmd)
            """,
            {"huggingface:acme/diffuser-2b"},
            id="f-string-training-command",
        ),
        pytest.param(
            '''
            SCRIPT = """
            python finetune.py \\
              --base_model acme/base-7b \\
              --lora_r 8
            """
            ''',
            {"huggingface:acme/base-7b"},
            id="triple-quoted-command",
        ),
        pytest.param(
            """
            import subprocess
            subprocess.run(["huggingface-cli", "download", "acme/weights-1b", "--revision", "v1"])
            """,
            {"huggingface:acme/weights-1b"},
            id="subprocess-argv",
        ),
        pytest.param(
            """
            import os
            os.system("ollama pull llama3.2:1b && ollama run llama3.2:1b")
            """,
            {"ollama:llama3.2:1b"},
            id="os-system",
        ),
        pytest.param(
            """
            import subprocess
            TAG = "qwen2.5:3b"
            subprocess.check_call(f"ollama pull {TAG}", shell=True)
            """,
            {"ollama:qwen2.5:3b"},
            id="shell-string-with-constants",
        ),
    ],
)
def test_commands_in_python(detect: Detect, code: str, expected: set[str]) -> None:
    sink = scan(detect, code)
    assert names([r for r in sink.refs if r.role is Role.DEPENDENCY]) == expected


def test_an_argument_not_known_statically_is_unresolved(detect: Detect) -> None:
    sink = scan(
        detect, 'import subprocess\nsubprocess.run(["vllm", "serve", "--model", args.model])\n'
    )
    assert sink.refs == []
    assert [u.expression for u in sink.unresolved] == ["${args.model}"]


def test_prose_strings_are_not_commands(detect: Detect) -> None:
    code = """
        \"\"\"Run with --model acme/docstring-1b.\"\"\"
        parser.add_argument("--model", help="e.g. --model acme/help-1b")
        assert base, "Please give --base_model, e.g. --base_model=acme/assert-1b"
        print("try: ollama pull llama3.2:1b")
        raise ValueError("use --model acme/raise-1b")
        USAGE = "python run.py --model acme/usage-1b"
        """
    sink = scan(detect, code)
    assert sink.refs == [] and sink.unresolved == []


def test_revision_in_a_command_argv_pins_the_model(detect: Detect) -> None:
    sink = scan(
        detect,
        'import subprocess\nsubprocess.run(["hf", "download", "acme/pin-1b", "--revision", '
        '"0123456789abcdef0123456789abcdef01234567"])\n',
    )
    (ref,) = sink.refs
    assert ref.revision == "0123456789abcdef0123456789abcdef01234567"
    second = sink.source.text().splitlines()[1]
    assert (ref.evidence.line, ref.evidence.column) == (2, 1 + second.index("acme"))
